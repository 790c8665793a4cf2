package dev.lore.audit.service;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lore.audit.model.AuditRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The hash chain: {@code hash = SHA-256(prev_hash ‖ canonical(row))}, the first row of a project
 * chaining to 32 zero bytes. The canonical form is compact JSON with the fields in a fixed order
 * and {@code metadata} normalised (keys sorted, numbers as plain decimals without trailing zeros),
 * so it can be recomputed from the stored row, whatever order PostgreSQL's jsonb gives the keys.
 * docs/audit.md describes it for anyone verifying an export independently.
 */
public final class ChainHash {
    public static final byte[] GENESIS = new byte[32];
    private static final JsonFactory JSON = new JsonFactory();

    private ChainHash() {}

    public static byte[] of(byte[] prevHash, AuditRecord r) {
        MessageDigest sha = sha256();
        sha.update(prevHash);
        sha.update(canonical(r));
        return sha.digest();
    }

    static byte[] canonical(AuditRecord r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("project_id", r.projectId());
            g.writeNumberField("seq", r.seq());
            g.writeStringField("event_id", r.eventId().toString());
            g.writeStringField("time", r.time().toString());
            g.writeStringField("request_id", r.requestId());
            g.writeObjectFieldStart("actor");
            g.writeStringField("type", r.actorType());
            g.writeStringField("id", r.actorId());
            g.writeStringField("user_id", r.actorUserId());
            g.writeEndObject();
            g.writeStringField("action", r.action());
            g.writeStringField("denied_action", r.deniedAction());
            g.writeArrayFieldStart("resource_ids");
            for (String id : r.resourceIds()) {
                g.writeString(id);
            }
            g.writeEndArray();
            g.writeStringField("method", r.method());
            g.writeStringField("path", r.path());
            g.writeNumberField("status", r.status());
            g.writeStringField("error_code", r.errorCode());
            g.writeFieldName("latency_ms");
            if (r.latencyMs() == null) {
                g.writeNull();
            } else {
                g.writeNumber(r.latencyMs());
            }
            g.writeStringField("client_ip", r.clientIp());
            g.writeStringField("user_agent", r.userAgent());
            g.writeStringField("service", r.service());
            g.writeFieldName("metadata");
            writeCanonical(g, r.metadata());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** JSON with object keys sorted and numbers as plain decimals: one spelling per value. */
    public static void writeCanonical(JsonGenerator g, JsonNode node) throws IOException {
        if (node == null || node.isNull() || node.isMissingNode()) {
            g.writeNull();
        } else if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                fields.add(it.next());
            }
            fields.sort(Map.Entry.comparingByKey());
            g.writeStartObject();
            for (Map.Entry<String, JsonNode> f : fields) {
                g.writeFieldName(f.getKey());
                writeCanonical(g, f.getValue());
            }
            g.writeEndObject();
        } else if (node.isArray()) {
            g.writeStartArray();
            for (JsonNode element : node) {
                writeCanonical(g, element);
            }
            g.writeEndArray();
        } else if (node.isNumber()) {
            g.writeNumber(plain(node.decimalValue()));
        } else if (node.isBoolean()) {
            g.writeBoolean(node.booleanValue());
        } else {
            g.writeString(node.asText());
        }
    }

    private static String plain(BigDecimal d) {
        return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
    }

    public static String hex(byte[] bytes) {
        return bytes == null ? null : java.util.HexFormat.of().formatHex(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
