package dev.lore.retrieval;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Writes a JSON answer from the loopback stand-ins ({@link RerankServer}, {@link RemoteEmbeddingServer}). */
final class JsonReply {
    private JsonReply() {}

    static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] out = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, out.length);
        exchange.getResponseBody().write(out);
    }
}
