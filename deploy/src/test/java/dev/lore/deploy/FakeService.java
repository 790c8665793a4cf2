package dev.lore.deploy;

import com.sun.net.httpserver.HttpServer;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Stands in for a Quarkus service: ready on QUARKUS_HTTP_PORT, and records the environment it got. */
public final class FakeService {

    public static void main(String[] args) throws Exception {
        Map<String, String> env = new TreeMap<>(System.getenv());
        env.keySet().removeIf(k -> !k.startsWith("QUARKUS_") && !k.startsWith("KAFKA_") && !k.startsWith("LORE_"));
        Files.writeString(Path.of(env.get("LORE_DATA_DIR"), "env"), env.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n")));
        HttpServer server = HttpServer.create(new InetSocketAddress(Integer.parseInt(env.get("QUARKUS_HTTP_PORT"))), 0);
        server.createContext("/q/health/ready", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }
}
