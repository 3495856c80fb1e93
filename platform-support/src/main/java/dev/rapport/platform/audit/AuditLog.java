package dev.rapport.platform.audit;

import dev.rapport.platform.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Every read of a client's data, and every step of a safety alert, is recorded here: who (id and
 * role), what (the action, the resource and its id), when (the log record's time). The category {@value #CATEGORY} goes to its own handler,
 * apart from the application log (see META-INF/microprofile-config.properties).
 */
@ApplicationScoped
public class AuditLog {

    public static final String CATEGORY = "rapport.audit";
    private static final Logger AUDIT = Logger.getLogger(CATEGORY);

    public void read(Caller caller, String resource, Object id) {
        AUDIT.infof("action=read actor=%s role=%s resource=%s id=%s", caller.id(), caller.role(), resource, id);
    }

    public void read(Caller caller, String resource, UUID id, int count) {
        AUDIT.infof("action=read actor=%s role=%s resource=%s id=%s count=%d", caller.id(), caller.role(), resource, id, count);
    }

    /**
     * A read of a client's data that was refused (not found, forbidden): a probe of ids is worth
     * as much to an auditor as a read.
     */
    public void refused(Caller caller, String resource, Object id, int status) {
        AUDIT.infof("action=refused actor=%s role=%s resource=%s id=%s status=%d", caller.id(), caller.role(), resource, id, status);
    }

    /** A change a person made, e.g. {@code acknowledge} of a safety alert. */
    public void change(Caller caller, String action, String resource, Object id) {
        AUDIT.infof("action=%s actor=%s role=%s resource=%s id=%s", action, caller.id(), caller.role(), resource, id);
    }

    /** A change the platform made by itself (an escalation when the clock ran out). */
    public void system(String action, String resource, Object id) {
        AUDIT.infof("action=%s actor=system role=system resource=%s id=%s", action, resource, id);
    }
}
