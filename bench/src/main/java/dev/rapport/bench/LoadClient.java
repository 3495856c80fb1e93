package dev.rapport.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The measured load's HTTP side (B1, B2, B4 and the ceilings): Vert.x's client on one event loop,
 * over at most {@code connections} keep-alive HTTP/1.1 connections per service; a request that
 * finds them all busy waits for one (its wait counts in its latency, which the open model measures
 * from the request's intended time). It costs a fraction of the CPU of java.net.http's client,
 * which hops between a selector thread and an executor for every exchange and opens a connection
 * for every request that finds none idle (170 of them under B4): on 2 cores the driver's CPU is
 * taken from the services it measures. Only 127.0.0.1 (as {@link Http}).
 */
final class LoadClient implements AutoCloseable {

    /** One request: a GET, or a POST of JSON. */
    record Call(HttpMethod method, URI uri, String bearer, String json) {

        static Call get(String url, String bearer) {
            return new Call(HttpMethod.GET, Http.local(url), bearer, null);
        }

        static Call postJson(String url, String bearer, String json) {
            return new Call(HttpMethod.POST, Http.local(url), bearer, json);
        }
    }

    /** What came back: the status and the body as text. */
    record Answer(int statusCode, String body) {}

    private final Vertx vertx;
    private final HttpClient client;
    private final long timeoutMillis;

    LoadClient(int connections, Duration timeout) {
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1).setInternalBlockingPoolSize(1));
        this.client = vertx.createHttpClient(new HttpClientOptions()
                        .setKeepAlive(true)
                        .setPipelining(false)
                        .setConnectTimeout(5_000),
                new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
        this.timeoutMillis = timeout.toMillis();
    }

    CompletableFuture<Answer> send(Call call) {
        RequestOptions options = new RequestOptions()
                .setMethod(call.method())
                .setHost(call.uri().getHost())
                .setPort(call.uri().getPort())
                .setURI(call.uri().getRawPath() + (call.uri().getRawQuery() == null ? "" : "?" + call.uri().getRawQuery()))
                .setTimeout(timeoutMillis)
                .putHeader("Accept", "application/json");
        if (call.bearer() != null) {
            options.putHeader("Authorization", "Bearer " + call.bearer());
        }
        return client.request(options)
                .compose(request -> call.json() == null
                        ? request.send()
                        : request.putHeader("Content-Type", "application/json").send(Buffer.buffer(call.json())))
                .compose(response -> response.body().map(body -> new Answer(response.statusCode(), body.toString())))
                .toCompletionStage().toCompletableFuture();
    }

    @Override
    public void close() {
        try {
            client.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            Log.warn("the load client did not close cleanly: %s", e.getMessage());
        }
    }
}
