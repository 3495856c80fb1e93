package dev.rapport.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Bench users in the local Keycloak (realm rapport) and their real tokens. Users are created
 * once through the admin REST API (admin/admin of the local Keycloak) and reused by later runs:
 * Keycloak hashes every password, so creating and logging in users is the slow part of a run's
 * set-up. Tokens come from the password grant of rapport-web, as the front-end gets them, and are
 * refreshed before they expire (the realm's access tokens live 15 minutes).
 */
final class Keycloak implements AutoCloseable {

    static final String REALM = Http.KEYCLOAK + "/realms/rapport";
    static final String ADMIN = Http.KEYCLOAK + "/admin/realms/rapport";
    /** Local Keycloak only; these users exist nowhere else. */
    static final String PASSWORD = "rapport-bench";

    record User(String username, String role, UUID id) {}

    private record Token(String access, String refresh, long refreshAfterNanos) {}

    private final Http http;
    private final String adminUser;
    private final String adminPassword;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "token-refresh");
        t.setDaemon(true);
        return t;
    });
    private String adminToken;
    private long adminTokenAt;

    Keycloak(Http http) {
        this.http = http;
        this.adminUser = System.getenv().getOrDefault("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        this.adminPassword = System.getenv().getOrDefault("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
        refresher.scheduleWithFixedDelay(this::refreshDue, 30, 30, TimeUnit.SECONDS);
    }

    /** The users of the names, created with their realm role where missing; logged in; with their ids (sub). */
    List<User> users(Map<String, String> roleByUsername, int concurrency) {
        ensureExist(roleByUsername);
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            Map<String, Future<UUID>> ids = new LinkedHashMap<>();
            roleByUsername.keySet().forEach(u -> ids.put(u, pool.submit(() -> login(u))));
            List<User> users = new ArrayList<>();
            for (var e : ids.entrySet()) {
                users.add(new User(e.getKey(), roleByUsername.get(e.getKey()), e.getValue().get()));
            }
            return users;
        } catch (Exception e) {
            throw new IllegalStateException("Logging in the bench users failed: " + e.getMessage(), e);
        } finally {
            pool.shutdownNow();
        }
    }

    String bearer(User user) {
        Token t = tokens.get(user.username());
        if (t == null) {
            login(user.username());
            t = tokens.get(user.username());
        }
        return t.access();
    }

    private UUID login(String username) {
        HttpResponse<String> r = http.postForm(REALM + "/protocol/openid-connect/token", null, Map.of(
                "grant_type", "password", "client_id", "rapport-web", "username", username, "password", PASSWORD));
        Http.require(r, 200);
        return store(username, Json.read(r.body()));
    }

    private UUID store(String username, JsonNode body) {
        String access = body.get("access_token").asText();
        long lifetime = body.path("expires_in").asLong(300);
        // refresh at two thirds of the lifetime: a request never carries a token about to expire
        tokens.put(username, new Token(access, body.path("refresh_token").asText(null),
                System.nanoTime() + TimeUnit.SECONDS.toNanos(lifetime * 2 / 3)));
        return UUID.fromString(Json.claims(access).get("sub").asText());
    }

    private void refreshDue() {
        long now = System.nanoTime();
        tokens.forEach((username, t) -> {
            if (now < t.refreshAfterNanos()) {
                return;
            }
            try {
                HttpResponse<String> r = t.refresh() == null ? null : http.postForm(REALM + "/protocol/openid-connect/token", null,
                        Map.of("grant_type", "refresh_token", "client_id", "rapport-web", "refresh_token", t.refresh()));
                if (r != null && r.statusCode() == 200) {
                    store(username, Json.read(r.body()));
                } else {
                    login(username);
                }
            } catch (RuntimeException e) {
                Log.warn("token refresh of %s failed: %s", username, e.getMessage());
            }
        });
    }

    // ------------------------------------------------------------------------ admin REST API

    private synchronized String admin() {
        // master-realm admin tokens live 60 s: take a new one well before that
        if (adminToken == null || System.nanoTime() - adminTokenAt > TimeUnit.SECONDS.toNanos(30)) {
            HttpResponse<String> r = http.postForm(Http.KEYCLOAK + "/realms/master/protocol/openid-connect/token", null, Map.of(
                    "grant_type", "password", "client_id", "admin-cli", "username", adminUser, "password", adminPassword));
            if (r.statusCode() != 200) {
                throw new IllegalStateException("The Keycloak admin login (" + adminUser + ") failed with " + r.statusCode()
                        + ": the bench creates its users with the local Keycloak's admin account");
            }
            adminToken = Json.read(r.body()).get("access_token").asText();
            adminTokenAt = System.nanoTime();
        }
        return adminToken;
    }

    private void ensureExist(Map<String, String> roleByUsername) {
        Set<String> roles = new HashSet<>(roleByUsername.values());
        Map<String, JsonNode> roleReps = new LinkedHashMap<>();
        Map<String, Set<String>> holders = new LinkedHashMap<>();
        for (String role : roles) {
            HttpResponse<String> r = http.get(ADMIN + "/roles/" + role, admin());
            Http.require(r, 200);
            roleReps.put(role, Json.read(r.body()));
            HttpResponse<String> users = http.get(ADMIN + "/roles/" + role + "/users?first=0&max=100000&briefRepresentation=true", admin());
            Http.require(users, 200);
            Set<String> names = new HashSet<>();
            Json.read(users.body()).forEach(u -> names.add(u.get("username").asText()));
            holders.put(role, names);
        }
        List<String> missing = roleByUsername.keySet().stream()
                .filter(u -> !holders.get(roleByUsername.get(u)).contains(u)).toList();
        if (missing.isEmpty()) {
            Log.info("all %d bench users exist in Keycloak (reused)", roleByUsername.size());
            return;
        }
        Log.info("creating %d bench users in Keycloak (once; later runs reuse them)", missing.size());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (String username : missing) {
                done.add(pool.submit(() -> create(username, roleReps.get(roleByUsername.get(username)))));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("Creating bench users failed: " + e.getMessage(), e);
        } finally {
            pool.shutdownNow();
        }
    }

    private void create(String username, JsonNode role) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("username", username);
        user.put("enabled", true);
        user.put("emailVerified", true);
        // a complete profile: with a required field missing, the password grant answers "account not fully set up"
        user.put("firstName", "Bench");
        user.put("lastName", username);
        user.put("email", username + "@bench.rapport.local");
        user.put("requiredActions", List.of());
        user.put("credentials", List.of(Map.of("type", "password", "value", PASSWORD, "temporary", false)));
        HttpResponse<String> r = http.postJson(ADMIN + "/users", admin(), Json.write(user));
        String id;
        if (r.statusCode() == 201) {
            String location = r.headers().firstValue("Location").orElseThrow();
            id = location.substring(location.lastIndexOf('/') + 1);
        } else if (r.statusCode() == 409) {
            HttpResponse<String> found = http.get(ADMIN + "/users?exact=true&username=" + username, admin());
            Http.require(found, 200);
            id = Json.read(found.body()).get(0).get("id").asText();
        } else {
            throw new IllegalStateException("creating " + username + " answered " + r.statusCode() + ": " + Json.abbreviate(r.body(), 200));
        }
        Http.require(http.postJson(ADMIN + "/users/" + id + "/role-mappings/realm", admin(), "[" + role + "]"), 204);
    }

    @Override
    public void close() {
        refresher.shutdownNow();
    }
}
