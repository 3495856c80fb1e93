package dev.rapport.feedback.service;

import dev.rapport.feedback.config.FeedbackConfig;
import dev.rapport.feedback.domain.InstrumentRegistry;
import dev.rapport.feedback.domain.Scorer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.jboss.logging.Logger;

/** The instrument registry and scorer as beans; definitions are loaded and validated at start-up. */
@ApplicationScoped
public class Instruments {

    private static final Logger LOG = Logger.getLogger(Instruments.class);

    /** Eager, so that a broken definition stops the service at once with the file and field named. */
    @Produces
    @Startup
    @ApplicationScoped
    InstrumentRegistry registry(FeedbackConfig config) {
        InstrumentRegistry registry = InstrumentRegistry.load(config.instrumentsDir());
        LOG.infof("Loaded %d instrument definitions%s", registry.all().size(),
                config.instrumentsDir().map(dir -> " (organisation directory " + dir + ")").orElse(""));
        return registry;
    }

    @Produces
    @ApplicationScoped
    Scorer scorer() {
        return new Scorer();
    }
}
