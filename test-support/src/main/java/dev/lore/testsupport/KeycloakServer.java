package dev.lore.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A real Keycloak ({@code keycloak-quarkus-dist}) run as a child process in dev mode, started once
 * per test JVM and stopped by a shutdown hook, like {@link LoreInfra}.
 *
 * <p>The distribution is unpacked once into {@code target/keycloak/} and re-used across runs, so its
 * one-time Quarkus build (~90 s) is paid once per clean build. Its H2 database is re-used too (a
 * restart takes ~25 s instead of ~50 s); it is wiped whenever the realm file changes, because
 * {@code --import-realm} skips a realm that already exists. Delete {@code target/keycloak} to reset.
 * Only one JVM at a time may use a given work directory.
 */
public final class KeycloakServer {
    public static final String REALM = "lore";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(240);
    private static final String IMPORTED_REALM_HASH = "data/lore-realm.sha256";
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

    private static KeycloakServer shared;

    private final Process process;
    private final int port;
    private final Path home;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private KeycloakServer(Process process, int port, Path home, Path log) {
        this.process = process;
        this.port = port;
        this.home = home;
        this.log = log;
    }

    /** Starts (once per JVM) Keycloak from a dist zip or an unpacked dist, importing {@code realmJson}. */
    public static KeycloakServer start(Path distZipOrDir, Path realmJson) {
        return start(distZipOrDir, realmJson, Path.of("target", "keycloak"));
    }

    /** As {@link #start(Path, Path)}, unpacking and logging into {@code workDir}. */
    public static synchronized KeycloakServer start(Path distZipOrDir, Path realmJson, Path workDir) {
        if (shared != null) {
            return shared;
        }
        try {
            workDir = workDir.toAbsolutePath().normalize();
            Files.createDirectories(workDir);
            Path home = Files.isDirectory(distZipOrDir) ? distZipOrDir.toAbsolutePath().normalize()
                    : unpack(distZipOrDir.toAbsolutePath().normalize(), workDir);
            Path pidFile = workDir.resolve("keycloak.pid");
            killStale(pidFile, home);
            String realmHash = importRealm(realmJson, home);

            int port = freePort();
            int managementPort = freePort();
            Path log = workDir.resolve("keycloak.log");
            Path kc = home.resolve("bin/kc.sh");
            kc.toFile().setExecutable(true);
            ProcessBuilder pb = new ProcessBuilder(kc.toString(), "start-dev",
                    "--http-port=" + port,
                    "--http-management-port=" + managementPort,
                    "--hostname=http://127.0.0.1:" + port,
                    "--import-realm")
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            // the same JDK as the tests, whatever `java` on the PATH is
            pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
            pb.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
            pb.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
            Process process = pb.start();
            Files.writeString(pidFile, Long.toString(process.pid()));
            KeycloakServer server = new KeycloakServer(process, port, home, log);
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "lore-keycloak-stop"));
            server.awaitReady();
            // only now: a failed or interrupted import must not leave a database the next run trusts
            Files.writeString(home.resolve(IMPORTED_REALM_HASH), realmHash);
            shared = server;
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start Keycloak from " + distZipOrDir, e);
        }
    }

    /** The running shared server; fails if {@link #start} was not called. */
    public static synchronized KeycloakServer shared() {
        if (shared == null) {
            throw new IllegalStateException("Keycloak not started");
        }
        return shared;
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port>}; the admin console is under it (admin/admin). */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The {@code lore} realm's issuer, equal to the {@code iss} of its tokens. */
    public String issuer() {
        return baseUrl() + "/realms/" + REALM;
    }

    public String tokenEndpoint() {
        return issuer() + "/protocol/openid-connect/token";
    }

    public Path home() {
        return home;
    }

    public Path logFile() {
        return log;
    }

    /** An access token for {@code username} by the resource owner password grant of a public client. */
    public String passwordGrant(String clientId, String username, String password) {
        return passwordGrant(REALM, clientId, username, password);
    }

    /** A valid token from another realm ({@code master}'s admin): right signature chain, wrong issuer. */
    public String masterAdminToken() {
        return passwordGrant("master", "admin-cli", "admin", "admin");
    }

    /**
     * A token for {@code username} that expires {@code seconds} after issue: issued through a copy of
     * {@code lore-cli} (same mappers, so the same audience and claims) with that token lifespan,
     * created once through the admin API.
     */
    public synchronized String shortLivedToken(String username, String password, int seconds) {
        String clientId = "lore-cli-ttl-" + seconds;
        try {
            var json = new com.fasterxml.jackson.databind.ObjectMapper();
            String admin = "Bearer " + masterAdminToken();
            String clients = baseUrl() + "/admin/realms/" + REALM + "/clients";
            HttpResponse<String> found = http.send(HttpRequest.newBuilder(URI.create(clients + "?clientId=" + clientId))
                    .header("Authorization", admin).build(), HttpResponse.BodyHandlers.ofString());
            if (json.readTree(found.body()).isEmpty()) {
                HttpResponse<String> cli = http.send(HttpRequest.newBuilder(URI.create(clients + "?clientId=lore-cli"))
                        .header("Authorization", admin).build(), HttpResponse.BodyHandlers.ofString());
                var copy = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(cli.body()).get(0);
                copy.remove("id");
                copy.put("clientId", clientId);
                copy.withArray("protocolMappers").forEach(m -> ((com.fasterxml.jackson.databind.node.ObjectNode) m).remove("id"));
                copy.withObject("attributes").put("access.token.lifespan", Integer.toString(seconds));
                HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(clients))
                        .header("Authorization", admin).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(copy))).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (created.statusCode() != 201) {
                    throw new IllegalStateException("Cannot create " + clientId + ": " + created.statusCode() + " " + created.body());
                }
            }
            return passwordGrant(REALM, clientId, username, password);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String passwordGrant(String realm, String clientId, String username, String password) {
        String form = Map.of("grant_type", "password", "client_id", clientId, "username", username,
                        "password", password)
                .entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/realms/" + realm
                        + "/protocol/openid-connect/token"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            Matcher m = ACCESS_TOKEN.matcher(response.body());
            if (response.statusCode() != 200 || !m.find()) {
                throw new IllegalStateException("Password grant for " + username + " via " + clientId
                        + " failed: HTTP " + response.statusCode() + " " + response.body());
            }
            return m.group(1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The JSON payload of a JWT, undecoded otherwise (no signature check). */
    public static String claimsJson(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) {
            throw new IllegalArgumentException("Not a JWT");
        }
        return new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    }

    private void awaitReady() {
        URI discovery = URI.create(issuer() + "/.well-known/openid-configuration");
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with code " + process.exitValue()
                        + " before it was ready; " + log + " ends with:\n" + logTail(80));
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(discovery)
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop();
                throw new IllegalStateException(e);
            }
            if (System.nanoTime() > deadline) {
                stop();
                throw new IllegalStateException("Keycloak not ready within " + STARTUP_TIMEOUT.toSeconds() + " s; "
                        + log + " ends with:\n" + logTail(80));
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop();
                throw new IllegalStateException(e);
            }
        }
    }

    private void stop() {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy); // SIGTERM: lets Keycloak close its H2 database cleanly
        for (ProcessHandle p : tree) {
            try {
                p.onExit().get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        }
    }

    private String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** Unpacks {@code zip} into {@code workDir/<zip name>/}, unless a complete earlier unpack of the same zip is there. */
    private static Path unpack(Path zip, Path workDir) throws IOException {
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException("No Keycloak distribution at " + zip
                    + " (org.keycloak:keycloak-quarkus-dist:zip, copied there by maven-dependency-plugin)");
        }
        String name = zip.getFileName().toString().replaceFirst("\\.zip$", "");
        Path target = workDir.resolve(name);
        Path marker = target.resolve(".lore-unpacked");
        String stamp = Files.size(zip) + " " + Files.getLastModifiedTime(zip).toMillis();
        if (Files.isRegularFile(marker) && Files.readString(marker).equals(stamp)) {
            return distRoot(target);
        }
        deleteTree(target);
        Files.createDirectories(target);
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                Path out = target.resolve(e.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("Zip entry outside the target directory: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Path root = distRoot(target);
        try (Stream<Path> bin = Files.list(root.resolve("bin"))) {
            bin.filter(p -> p.toString().endsWith(".sh")).forEach(p -> p.toFile().setExecutable(true));
        }
        Files.writeString(marker, stamp);
        return root;
    }

    /** The zip holds one top-level directory ({@code keycloak-<version>/}). */
    private static Path distRoot(Path unpacked) throws IOException {
        if (Files.isRegularFile(unpacked.resolve("bin/kc.sh"))) {
            return unpacked;
        }
        try (Stream<Path> children = Files.list(unpacked)) {
            return children.filter(p -> Files.isRegularFile(p.resolve("bin/kc.sh"))).findFirst()
                    .orElseThrow(() -> new IllegalStateException("No bin/kc.sh under " + unpacked));
        }
    }

    /**
     * Copies the realm into {@code data/import/}; wipes the database unless this very realm was
     * imported into it by a start that got ready. Returns the realm's hash.
     */
    private static String importRealm(Path realmJson, Path home) throws IOException {
        if (!Files.isRegularFile(realmJson)) {
            throw new IllegalStateException("No realm file at " + realmJson.toAbsolutePath());
        }
        byte[] realm = Files.readAllBytes(realmJson);
        String hash;
        try {
            hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(realm));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Path data = home.resolve("data");
        Path imported = home.resolve(IMPORTED_REALM_HASH);
        if (!Files.isRegularFile(imported) || !Files.readString(imported).equals(hash)) {
            deleteTree(data.resolve("h2"));
        }
        Files.deleteIfExists(imported);
        Path importDir = data.resolve("import");
        Files.createDirectories(importDir);
        Files.write(importDir.resolve(REALM + "-realm.json"), realm);
        return hash;
    }

    /** Kills a Keycloak left running from this dist by a JVM that died without its shutdown hook. */
    private static void killStale(Path pidFile, Path home) throws IOException {
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        try {
            ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim())).ifPresent(p -> {
                List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
                tree.add(p);
                boolean ours = tree.stream().anyMatch(h -> h.info().commandLine()
                        .map(c -> c.contains(home.toString())).orElse(false));
                if (ours) {
                    tree.forEach(ProcessHandle::destroyForcibly);
                    tree.forEach(h -> h.onExit().join());
                }
            });
        } catch (NumberFormatException ignored) {
            // garbage pid file
        }
        Files.deleteIfExists(pidFile);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
