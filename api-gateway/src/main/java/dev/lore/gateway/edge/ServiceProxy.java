package dev.lore.gateway.edge;

import dev.lore.common.error.ApiExceptionMappers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Forwards a request to its service with Vert.x's streaming reverse proxy: bodies flow through in
 * both directions (uploads, downloads, SSE) without being buffered whole. A service that cannot be
 * reached answers 503 naming it, in the path's envelope.
 */
@ApplicationScoped
public class ServiceProxy {
    private static final Logger LOG = Logger.getLogger(ServiceProxy.class);

    @Inject
    Vertx vertx;
    @Inject
    EdgeResponses responses;

    private final Map<String, HttpProxy> proxies = new ConcurrentHashMap<>();

    public void forward(String service, URI base, HttpServerRequest request) {
        proxies.computeIfAbsent(service, s -> create(s, base)).handle(request);
    }

    private HttpProxy create(String service, URI base) {
        var client = vertx.createHttpClient(new HttpClientOptions()
                        .setKeepAlive(true)
                        .setTcpNoDelay(true)
                        .setConnectTimeout(2_000)
                        .setIdleTimeout(60),
                new PoolOptions().setHttp1MaxSize(200));
        int port = base.getPort() > 0 ? base.getPort() : 80;
        HttpProxy proxy = HttpProxy.reverseProxy(client).origin(port, base.getHost());
        proxy.addInterceptor(new ProxyInterceptor() {
            @Override
            public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
                return context.sendRequest().recover(failure -> unavailable(service, context, failure));
            }
        });
        return proxy;
    }

    private Future<ProxyResponse> unavailable(String service, ProxyContext context, Throwable failure) {
        LOG.warnf("%s service unreachable: %s", service, failure.toString());
        HttpServerRequest request = context.request().proxiedRequest();
        String message = "The " + service + " service is unavailable; try again shortly";
        byte[] body = responses.body(request.path(), 503, "service_unavailable", message,
                request.getHeader(ApiExceptionMappers.REQUEST_ID));
        ProxyResponse response = context.request().response().setStatusCode(503).setStatusMessage("Service Unavailable");
        response.headers().clear();
        response.putHeader("Content-Type", "application/json");
        response.setBody(Body.body(Buffer.buffer(body)));
        return Future.succeededFuture(response);
    }
}
