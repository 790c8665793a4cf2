package dev.lore.gateway.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.lore.common.auth.Caller;
import dev.lore.common.event.AuditEvent;
import dev.lore.gateway.edge.Admission;
import dev.lore.gateway.edge.Exchange;
import dev.lore.gateway.identity.Principal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Emits one audit event per request after its response, keyed by project on {@code lore.audit.v1}.
 * Never blocks or fails the request: events wait in a bounded buffer
 * ({@code mp.messaging.emitter.default-buffer-size}) while the producer retries; what overflows it,
 * or is still undelivered when the producer gives up, is dropped, counted in
 * {@code lore_audit_events_dropped_total} and logged.
 */
@ApplicationScoped
public class AuditEmitter {
    private static final Logger LOG = Logger.getLogger(AuditEmitter.class);
    private static final long LOG_EVERY_NANOS = 10_000_000_000L;

    @Inject
    @Channel("audit")
    @OnOverflow(OnOverflow.Strategy.BUFFER)
    Emitter<String> emitter;

    /** Bound to the event type once, so no per-event serializer lookup. */
    private final ObjectWriter json;
    private final Counter dropped;
    private final AtomicLong lastLog = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);

    @Inject
    AuditEmitter(MeterRegistry registry, ObjectMapper mapper) {
        this.json = mapper.writerFor(AuditEvent.class);
        this.dropped = Counter.builder("lore.audit.events.dropped")
                .description("Audit events lost because Kafka stayed unavailable beyond the buffer")
                .register(registry);
    }

    public void emit(RoutingContext ctx, Exchange exchange) {
        try {
            AuditEvent event = event(ctx, exchange);
            String key = event.projectId() == null ? AuditEvent.NO_PROJECT : event.projectId();
            Message<String> message = Message.of(json.writeValueAsString(event),
                    Metadata.of(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build()),
                    () -> CompletableFuture.completedFuture(null),
                    failure -> {
                        drop(failure);
                        return CompletableFuture.completedFuture(null);
                    });
            emitter.send(message);
        } catch (JsonProcessingException | RuntimeException e) {
            drop(e);
        }
    }

    public double droppedCount() {
        return dropped.count();
    }

    private void drop(Throwable cause) {
        dropped.increment();
        long last = lastLog.get();
        long now = System.nanoTime();
        if (now - last >= LOG_EVERY_NANOS && lastLog.compareAndSet(last, now)) {
            LOG.warnf("Audit events dropped (%.0f so far): %s", dropped.count(), cause.toString());
        }
    }

    static AuditEvent event(RoutingContext ctx, Exchange exchange) {
        HttpServerRequest request = ctx.request();
        String method = request.method().name();
        String path = request.path();
        int status = ctx.response().getStatusCode();
        String action = Actions.of(method, path);
        boolean denied = status == 401 || status == 403;
        Admission admission = exchange.admission;
        Principal principal = admission == null ? null : admission.principal();
        Caller caller = admission == null ? null : admission.caller();
        String project = caller != null ? caller.project()
                : principal != null && !principal.projectIds().isEmpty() ? principal.projectIds().get(0) : null;
        AuditEvent.Actor actor = principal == null ? new AuditEvent.Actor("anonymous", null, null)
                : new AuditEvent.Actor(principal.kind() == Principal.Kind.API_KEY ? "api_key" : "user",
                principal.actorId(), principal.userId());
        String resource = Actions.resourceId(path);
        String errorCode = admission != null && admission.refusal() != null ? admission.refusal().code() : null;
        return new AuditEvent(AuditEvent.SCHEMA, UUID.randomUUID().toString(), Instant.now().toString(),
                exchange.requestId, project, actor, denied ? Actions.DENIED : action, denied ? action : null,
                resource == null ? List.of() : List.of(resource), method, path, status, errorCode,
                Math.round((System.nanoTime() - exchange.startNanos) / 1_000.0) / 1_000.0,
                request.remoteAddress() == null ? null : request.remoteAddress().host(),
                request.getHeader("User-Agent"), exchange.upstream, null);
    }
}
