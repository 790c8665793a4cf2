package dev.lore.audit.repository;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.lore.audit.model.AuditRecord;
import dev.lore.audit.service.ChainHash;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import java.util.List;

/** Rows in PostgreSQL's COPY text format, in {@link AuditStore#COLUMNS} order. */
final class CopyText {
    private static final JsonFactory JSON = new JsonFactory();

    private CopyText() {}

    static void row(StringBuilder b, AuditRecord r) {
        text(b, r.projectId()).append('\t');
        b.append(r.seq()).append('\t');
        b.append(r.eventId()).append('\t');
        b.append(r.time()).append('\t');
        b.append(r.storedAt()).append('\t');
        text(b, r.requestId()).append('\t');
        text(b, r.actorType()).append('\t');
        text(b, r.actorId()).append('\t');
        text(b, r.actorUserId()).append('\t');
        text(b, r.action()).append('\t');
        text(b, r.deniedAction()).append('\t');
        text(b, arrayLiteral(r.resourceIds())).append('\t');
        text(b, r.method()).append('\t');
        text(b, r.path()).append('\t');
        b.append(r.status()).append('\t');
        text(b, r.errorCode()).append('\t');
        if (r.latencyMs() == null) {
            b.append("\\N");
        } else {
            b.append(r.latencyMs());
        }
        b.append('\t');
        text(b, r.clientIp()).append('\t');
        text(b, r.userAgent()).append('\t');
        text(b, r.service()).append('\t');
        text(b, r.metadata() == null ? null : canonicalJson(r)).append('\t');
        bytea(b, r.prevHash()).append('\t');
        bytea(b, r.hash()).append('\n');
    }

    /** A COPY text field: backslash, tab, newline and carriage return escaped; null is \N. */
    private static StringBuilder text(StringBuilder b, String s) {
        if (s == null) {
            return b.append("\\N");
        }
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\\' -> b.append("\\\\");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> b.append(ch);
            }
        }
        return b;
    }

    /** A text[] literal, every element quoted. */
    private static String arrayLiteral(List<String> values) {
        StringBuilder a = new StringBuilder("{");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                a.append(',');
            }
            a.append('"');
            String v = values.get(i);
            for (int j = 0; j < v.length(); j++) {
                char ch = v.charAt(j);
                if (ch == '"' || ch == '\\') {
                    a.append('\\');
                }
                a.append(ch);
            }
            a.append('"');
        }
        return a.append('}').toString();
    }

    private static StringBuilder bytea(StringBuilder b, byte[] bytes) {
        return b.append("\\\\x").append(HexFormat.of().formatHex(bytes));
    }

    private static String canonicalJson(AuditRecord r) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            ChainHash.writeCanonical(g, r.metadata());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }
}
