package dev.rapport.platform.privacy;

import io.smallrye.config.ConfigMapping;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.Optional;

@ConfigMapping(prefix = "rapport.pseudonym")
public interface PseudonymConfig {

    /** The HMAC key of lookup keys (env RAPPORT_PSEUDONYM_KEY): session- and feedback-service only, never analytics. */
    Optional<String> key();

    @ApplicationScoped
    class Producer {
        @Produces
        @ApplicationScoped
        Pseudonyms pseudonyms(PseudonymConfig config) {
            return new Pseudonyms(config.key().orElseThrow(() ->
                    new IllegalStateException("Set RAPPORT_PSEUDONYM_KEY: the key of pseudonymous client references")));
        }
    }
}
