package dev.rapport.web;

import io.smallrye.config.ConfigMapping;

/** Where the pages find Keycloak and the services: served as /config.json, named in the CSP. */
@ConfigMapping(prefix = "rapport.web")
public interface WebConfig {

    String keycloakUrl();

    String realm();

    String clientId();

    String sessionUrl();

    String feedbackUrl();

    String analyticsUrl();
}
