package dev.lore.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A bench's door into a running Lore (./lore up): the public gateway, one project and an API key
 * of the bench's own for it. Properties: {@code -Dbase} (gateway, default
 * {@code http://127.0.0.1:8080}), {@code -Ddata-dir} (the stack's data dir, whose {@code admin.key}
 * is read) or {@code -Dkey=sk-…} (an admin key given directly). At start the project is created if
 * it does not exist and a key is created for it with the bench's permissions and a rate limit of
 * 1,000,000 requests per minute, so the admin key's 6,000 never throttle a bench.
 */
final class Gateway {
    static final int BENCH_RPM = 1_000_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final String base;
    private final String project;
    private final String authorization;

    private Gateway(HttpClient http, String base, String project, String key) {
        this.http = http;
        this.base = base;
        this.project = project;
        this.authorization = "Bearer " + key;
    }

    /**
     * Creates {@code project} (idempotently) and a bench key for it with {@code permissions}.
     * {@code defaultDataDir} is where the admin key is looked for unless {@code -Ddata-dir} or
     * {@code -Dkey} says otherwise.
     */
    static Gateway open(String defaultDataDir, String project, String... permissions)
            throws IOException, InterruptedException {
        String base = System.getProperty("base", "http://127.0.0.1:8080");
        HttpClient http = client();
        String admin = "Bearer " + adminKey(defaultDataDir);
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/projects"))
                .header("Authorization", admin).header("Content-Type", "application/json")
                .POST(json(Map.of("id", project, "name", project))).build(), HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 201 && created.statusCode() != 409) {
            throw new IllegalStateException("creating project " + project + " answered " + created.statusCode() + ": "
                    + created.body());
        }
        String name = "bench " + project + " " + Instant.now();
        String key = JSON.readTree(check(http.send(HttpRequest.newBuilder(URI.create(base + "/v1/keys"))
                .header("Authorization", admin).header("Content-Type", "application/json")
                .POST(json(Map.of("name", name, "project_ids", List.of(project), "permissions", List.of(permissions),
                        "rate_limit_rpm", BENCH_RPM))).build(), HttpResponse.BodyHandlers.ofString()), 201).body())
                .get("key").asText();
        return new Gateway(http, base, project, key);
    }

    /** HTTP/1.1 with keep-alive: connections are pooled and reused, never one per request. */
    static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    /** The stack's data dir: {@code -Ddata-dir}, else the bench's default. */
    static Path dataDir(String defaultDataDir) {
        return Path.of(System.getProperty("data-dir", defaultDataDir));
    }

    private static String adminKey(String defaultDataDir) throws IOException {
        String key = System.getProperty("key");
        if (key != null && !key.isBlank()) {
            return key.trim();
        }
        Path file = dataDir(defaultDataDir).resolve("admin.key");
        if (!Files.isReadable(file)) {
            throw new IllegalStateException("no admin key: " + file + " is not readable; pass -Ddata-dir=<the data dir "
                    + "of ./lore up> or -Dkey=sk-…");
        }
        return Files.readString(file, StandardCharsets.UTF_8).trim();
    }

    private static HttpRequest.BodyPublisher json(Object value) {
        try {
            return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String base() {
        return base;
    }

    String project() {
        return project;
    }

    HttpClient http() {
        return http;
    }

    /** The Authorization header value of the bench key. */
    String authorization() {
        return authorization;
    }

    /** A request to the gateway as the bench key, in the bench's project. */
    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", authorization)
                .header("X-Project-Id", project);
    }

    /** Sends and returns the body; any other status than {@code expected} throws. */
    String send(HttpRequest request, int expected) throws IOException, InterruptedException {
        return check(http.send(request, HttpResponse.BodyHandlers.ofString()), expected).body();
    }

    static <T> HttpResponse<T> check(HttpResponse<T> response, int expected) {
        if (response.statusCode() != expected) {
            throw new IllegalStateException(response.request().method() + " " + response.request().uri() + " answered "
                    + response.statusCode() + " (expected " + expected + "): " + response.body());
        }
        return response;
    }
}
