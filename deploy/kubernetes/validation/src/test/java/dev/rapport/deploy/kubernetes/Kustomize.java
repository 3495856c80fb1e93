package dev.rapport.deploy.kubernetes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Renders a kustomization with {@code kubectl kustomize}: the kubectl of install-kubectl.sh (pinned,
 * installed once into ~/.cache/rapport/tools), or $KUBECTL when set.
 */
final class Kustomize {

    private static volatile String kubectl;
    private static final Map<Path, Rendered> RENDERED = new ConcurrentHashMap<>();

    private Kustomize() {
    }

    /** The overlay rendered and parsed (once per test run). */
    static Rendered overlay(String name) {
        return RENDERED.computeIfAbsent(Repo.overlay(name), dir -> Rendered.parse(name, render(dir)));
    }

    /** kubectl kustomize DIR: the YAML stream, or an AssertionError with kustomize's message. */
    static String render(Path dir) {
        Result r = run(List.of(kubectl(), "kustomize", dir.toString()), 120);
        if (r.exit != 0) {
            throw new AssertionError("kubectl kustomize " + dir + " failed (" + r.exit + "):\n" + r.err);
        }
        return r.out;
    }

    static String kubectl() {
        if (kubectl == null) {
            synchronized (Kustomize.class) {
                if (kubectl == null) {
                    Result r = run(List.of("bash", Repo.MODULE.resolve("install-kubectl.sh").toString()), 600);
                    if (r.exit != 0) {
                        throw new AssertionError("install-kubectl.sh failed (" + r.exit + "):\n" + r.err);
                    }
                    String[] lines = r.out.strip().split("\n");
                    kubectl = lines[lines.length - 1].strip();
                }
            }
        }
        return kubectl;
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result run(List<String> command, long timeoutSeconds) {
        try {
            Path errFile = java.nio.file.Files.createTempFile("kustomize", ".err");
            try {
                Process p = new ProcessBuilder(command)
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                        .redirectError(errFile.toFile())
                        .start();
                byte[] out = p.getInputStream().readAllBytes();
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError(command + " did not finish within " + timeoutSeconds + " s");
                }
                return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8),
                        java.nio.file.Files.readString(errFile));
            } finally {
                java.nio.file.Files.deleteIfExists(errFile);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
