package dev.rapport.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class WebServedTest {

    @Test
    void thePagesComeWithAPolicyThatAllowsOnlyThisOriginTheServicesAndKeycloak() {
        given().get("/").then().statusCode(200)
                .contentType(containsString("text/html"))
                .header("Content-Security-Policy", allOf(
                        containsString("default-src 'self'"),
                        containsString("script-src 'self';"),
                        containsString("connect-src 'self' http://127.0.0.1:8081 http://127.0.0.1:8082 http://127.0.0.1:8083 http://127.0.0.1:8180;"),
                        not(containsString("unsafe-inline")), not(containsString("unsafe-eval")), not(containsString("*"))))
                .header("X-Content-Type-Options", "nosniff")
                .body(containsString("<script type=\"module\" src=\"/js/app.js\"></script>"));
        given().get("/js/app.js").then().statusCode(200).header("Content-Security-Policy", containsString("default-src 'self'"));
    }

    @Test
    void theConfigurationTellsThePagesWhereKeycloakAndTheServicesAre() {
        given().get("/config.json").then().statusCode(200)
                .body("keycloakUrl", equalTo("http://127.0.0.1:8180"))
                .body("realm", equalTo("rapport"))
                .body("clientId", equalTo("rapport-web"))
                .body("analyticsUrl", equalTo("http://127.0.0.1:8083"))
                .body("feedbackUrl", equalTo("http://127.0.0.1:8082"))
                .body("sessionUrl", equalTo("http://127.0.0.1:8081"));
    }

    @Test
    void noPageScriptKeepsATokenInBrowserStorage() throws Exception {
        for (String module : new String[] {"app", "auth", "api", "dom", "chart", "safety", "counsellor", "supervisor", "client"}) {
            String source = given().get("/js/" + module + ".js").then().statusCode(200).extract().asString();
            org.junit.jupiter.api.Assertions.assertFalse(source.contains("localStorage"), module + ".js uses localStorage");
            org.junit.jupiter.api.Assertions.assertFalse(source.contains("innerHTML"), module + ".js writes markup from data");
        }
    }
}
