package dev.lore.llm.rerank;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/** A loopback HTTP server that records every request and answers with what the test scripts. */
final class RecordingServer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    record Request(String method, String path, Headers headers, JsonNode body) {
        String header(String name) {
            return headers.getFirst(name);
        }
    }

    record Reply(int status, String body) {
        static Reply ok(String body) {
            return new Reply(200, body);
        }

        /** A recorded payload from {@code src/test/resources/rerank/}. */
        static Reply recorded(int status, String file) {
            try (InputStream in = RecordingServer.class.getResourceAsStream("/rerank/" + file)) {
                if (in == null) {
                    throw new IllegalArgumentException("No recorded payload " + file);
                }
                return new Reply(status, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final HttpServer server;
    // Handlers off the dispatcher thread, so close() is not held up by one that hangs.
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    RecordingServer(Function<Request, Reply> responder) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", exchange -> handle(exchange, responder));
        server.start();
    }

    private void handle(HttpExchange exchange, Function<Request, Reply> responder) throws IOException {
        try (exchange) {
            byte[] in = exchange.getRequestBody().readAllBytes();
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders(), JSON.readTree(in));
            requests.add(request);
            Reply reply = responder.apply(request);
            byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(reply.status(), out.length);
            exchange.getResponseBody().write(out);
        }
    }

    /** For the timeout test: answers only when {@link #close()} interrupts the handler. */
    static Reply hang() {
        try {
            Thread.sleep(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Reply.ok("[]");
    }

    String url(String path) {
        return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort() + path;
    }

    List<Request> requests() {
        return requests;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
