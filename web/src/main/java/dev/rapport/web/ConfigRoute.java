package dev.rapport.web;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * GET /config.json: the pages' only configuration. A file, not an inline script, because the
 * Content-Security-Policy allows no inline script.
 */
@ApplicationScoped
public class ConfigRoute {

    private final String body;

    public ConfigRoute(WebConfig config) {
        this.body = new JsonObject()
                .put("keycloakUrl", config.keycloakUrl())
                .put("realm", config.realm())
                .put("clientId", config.clientId())
                .put("sessionUrl", config.sessionUrl())
                .put("feedbackUrl", config.feedbackUrl())
                .put("analyticsUrl", config.analyticsUrl())
                .encode();
    }

    void routes(@Observes Router router) {
        router.get("/config.json").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "application/json")
                .end(body));
    }
}
