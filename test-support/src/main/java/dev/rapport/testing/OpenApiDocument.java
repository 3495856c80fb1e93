package dev.rapport.testing;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The OpenAPI document a service serves, kept in the repository as docs/openapi/&lt;service&gt;.yaml
 * so that a change of the REST contract shows in review. {@link #check} rewrites the file when
 * the served document differs and fails, so the build that changed the contract fails once with
 * the new file in the work tree, ready to be committed.
 */
public final class OpenApiDocument {

    private OpenApiDocument() {}

    public static void check(String service) {
        String served = given().queryParam("format", "yaml").get("/q/openapi").then().statusCode(200).extract().asString();
        Path file = repositoryRoot().resolve("docs").resolve("openapi").resolve(service + ".yaml");
        try {
            String kept = Files.exists(file) ? Files.readString(file) : null;
            if (served.equals(kept)) {
                return;
            }
            Files.createDirectories(file.getParent());
            Files.writeString(file, served);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError(file + " was not the document the service serves; it is rewritten now: review the diff "
                + "(git diff docs/openapi) and commit it");
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("docs")) && Files.exists(dir.resolve("pom.xml")) && Files.exists(dir.resolve("platform"))) {
                return dir;
            }
        }
        throw new IllegalStateException("No repository root above " + Path.of("").toAbsolutePath());
    }
}
