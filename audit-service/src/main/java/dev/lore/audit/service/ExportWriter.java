package dev.lore.audit.service;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.lore.audit.model.ExportFormat;
import dev.lore.audit.rest.AuditLogView;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Writes audit rows to an export file one at a time (nothing accumulates in memory): a JSON
 * array, JSON Lines, or CSV with a header row, optionally gzipped. Rows look as the API shows them.
 */
final class ExportWriter implements Closeable {
    static final List<String> CSV_COLUMNS = List.of("id", "time", "request_id", "project_id", "actor_type",
            "actor_id", "actor_user_id", "action", "denied_action", "resource_ids", "method", "path", "status",
            "error_code", "latency_ms", "client_ip", "user_agent", "service", "metadata", "stored_at", "sequence",
            "prev_hash", "hash");
    private static final CsvMapper CSV = new CsvMapper();

    private final ExportFormat format;
    private final OutputStream out;
    private final ObjectWriter json;
    private final ObjectMapper mapper;
    private JsonGenerator generator;
    private SequenceWriter csv;

    ExportWriter(Path file, ExportFormat format, boolean gzip, ObjectMapper mapper) throws IOException {
        this.format = format;
        this.mapper = mapper;
        OutputStream raw = Files.newOutputStream(file);
        this.out = gzip ? new GZIPOutputStream(raw, 1 << 16) : new BufferedOutputStream(raw, 1 << 16);
        this.json = mapper.writer().without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);
        switch (format) {
            case JSON -> {
                generator = mapper.getFactory().createGenerator(out, JsonEncoding.UTF8);
                generator.writeStartArray();
            }
            case JSONL -> {
                // Each line written whole: no generator, so no root-value separators to undo.
            }
            case CSV -> {
                CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
                CSV_COLUMNS.forEach(schema::addColumn);
                csv = CSV.writer(schema.build()).writeValues(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            }
        }
    }

    void write(AuditLogView v) throws IOException {
        switch (format) {
            case JSON -> json.writeValue(generator, v);
            case JSONL -> {
                out.write(json.writeValueAsBytes(v));
                out.write('\n');
            }
            case CSV -> csv.write(cells(v.id(), v.time(), v.requestId(), v.projectId(), v.actor().type(),
                    v.actor().id(), v.actor().userId(), v.action(), v.deniedAction(), String.join(" ", v.resourceIds()),
                    v.method(), v.path(), v.status(), v.errorCode(), v.latencyMs(), v.clientIp(), v.userAgent(),
                    v.service(), v.metadata() == null ? null : mapper.writeValueAsString(v.metadata()), v.storedAt(),
                    v.sequence(), v.prevHash(), v.hash()));
        }
    }

    /** Every column present (Jackson would skip a null one), null as an empty cell. */
    private static String[] cells(Object... values) {
        String[] out = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i] == null ? "" : values[i].toString();
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        if (format == ExportFormat.JSON) {
            generator.writeEndArray();
        }
        if (generator != null) {
            generator.close();
        }
        if (csv != null) {
            csv.close();
        }
        out.close();
    }
}
