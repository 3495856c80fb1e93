package dev.rapport.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The driver's HTTP side for what is not measured under load (setup, tokens, B2's probes):
 * java.net.http over HTTP/1.1, to 127.0.0.1 only (every URL is checked: the benchmarks never
 * leave this machine). The measured load goes through {@link LoadClient}.
 */
final class Http implements AutoCloseable {

    static final String HOST = "127.0.0.1";
    static final String SESSIONS = "http://" + HOST + ":8081";
    static final String FEEDBACK = "http://" + HOST + ":8082";
    static final String ANALYTICS = "http://" + HOST + ":8083";
    static final String KEYCLOAK = "http://" + HOST + ":8180";
    static final String KAFKA = HOST + ":9092";

    private final ExecutorService executor;
    final HttpClient client;
    private final Duration timeout;

    Http(String name, int threads, Duration timeout) {
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
    }

    static URI local(String url) {
        URI uri = URI.create(url);
        if (!HOST.equals(uri.getHost())) {
            throw new IllegalArgumentException("The benchmarks target " + HOST + " only, not " + uri.getHost());
        }
        return uri;
    }

    HttpRequest.Builder request(String url, String bearer) {
        HttpRequest.Builder b = HttpRequest.newBuilder(local(url)).timeout(timeout);
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return b;
    }

    HttpRequest getRequest(String url, String bearer) {
        return request(url, bearer).header("Accept", "application/json").GET().build();
    }

    HttpRequest postJsonRequest(String url, String bearer, String json) {
        return request(url, bearer).header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    HttpResponse<String> get(String url, String bearer) {
        return send(getRequest(url, bearer));
    }

    HttpResponse<String> postJson(String url, String bearer, String json) {
        return send(postJsonRequest(url, bearer, json));
    }

    HttpResponse<String> postForm(String url, String bearer, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(request(url, bearer).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    CompletableFuture<HttpResponse<String>> async(HttpRequest request) {
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The status of a GET, 0 when nothing answers. */
    int status(String url) {
        try {
            return client.send(request(url, null).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    static void require(HttpResponse<String> response, int... expected) {
        for (int e : expected) {
            if (response.statusCode() == e) {
                return;
            }
        }
        throw new IllegalStateException(response.request().method() + " " + response.request().uri() + " answered "
                + response.statusCode() + ": " + Json.abbreviate(response.body(), 300));
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
