package dev.lore.audit.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lore.audit.config.AuditConfig;
import dev.lore.audit.model.AuditRecord;
import dev.lore.audit.repository.AuditReader;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * Recomputes a project's hash chain over a time range. The range picks chain positions (the lowest
 * and highest {@code seq} of rows whose time is in it) and every row between them is checked in
 * stored order: its position follows the previous one (a gap is a deleted row), its
 * {@code prev_hash} is the previous row's hash (a reordered or replaced row), and its hash is
 * SHA-256 over its own content (an altered row). A range reaching the present runs on to the
 * chain head, which catches deleted or replaced newest rows.
 */
@ApplicationScoped
public class ChainVerifier {
    @Inject
    AuditReader reader;
    @Inject
    AuditConfig config;

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Result(boolean ok, long checked, @JsonProperty("first_broken_id") String firstBrokenId,
                         String reason, @JsonProperty("last_hash") String lastHash) {
    }

    private static final class Walk {
        long expectedSeq;
        byte[] expectedPrev;
        long checked;
        AuditRecord last;
        AuditRecord broken;
        String reason;
        AuditReader.ChainHead head;
    }

    private static final class Stop extends RuntimeException {
        Stop() {
            super(null, null, false, false);
        }
    }

    public Result verify(String projectId, AuditFilter range) {
        AuditFilter window = new AuditFilter(range.startTime(), range.endTime(), null, null, null, null).validated();
        try {
            // The head first: every row up to it was committed with it, so the walk must reach it.
            Instant end = window.end();
            Optional<AuditReader.ChainHead> head = end == null || !end.isBefore(Instant.now())
                    ? reader.head(projectId) : Optional.empty();
            long[] seqs = reader.seqRange(projectId, window);
            if (seqs == null) {
                return new Result(true, 0, null, null, null);
            }
            long last = head.map(h -> Math.max(h.seq(), seqs[1])).orElse(seqs[1]);
            Walk w = new Walk();
            w.expectedSeq = seqs[0];
            w.expectedPrev = anchor(projectId, seqs[0]);
            w.head = head.orElse(null);
            try {
                reader.streamChain(projectId, seqs[0], last, config.audit().export().fetchSize(), row -> check(w, row));
            } catch (Stop stop) {
                return new Result(false, w.checked, w.broken.eventId().toString(), w.reason, null);
            }
            if (w.last == null || w.last.seq() != last) {
                return new Result(false, w.checked, w.last == null ? null : w.last.eventId().toString(),
                        "rows are missing at the end of the chain (it stops at " + (w.last == null ? seqs[0] - 1
                                : w.last.seq()) + " of " + last + "): newer rows were deleted", null);
            }
            return new Result(true, w.checked, null, null, ChainHash.hex(w.last.hash()));
        } catch (SQLException e) {
            throw AuditLogService.unavailable(e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * What the first row must chain to: the genesis for position 1, else the hash of the row
     * before it; if retention has dropped that row, the first row's own claim is taken as the anchor.
     */
    private byte[] anchor(String projectId, long firstSeq) throws SQLException {
        if (firstSeq == 1) {
            return ChainHash.GENESIS;
        }
        return reader.hashAt(projectId, firstSeq - 1).orElse(null);
    }

    private static void check(Walk w, AuditRecord row) {
        w.checked++;
        String reason = null;
        if (row.seq() != w.expectedSeq) {
            reason = "rows " + w.expectedSeq + (row.seq() - 1 > w.expectedSeq ? "–" + (row.seq() - 1) : "")
                    + " of the chain are missing before this row";
        } else if (w.expectedPrev != null && !Arrays.equals(row.prevHash(), w.expectedPrev)) {
            reason = "prev_hash does not match the hash of the row before it";
        } else if (!Arrays.equals(row.hash(), ChainHash.of(row.prevHash(), row))) {
            reason = "the row's content does not match its hash (it was altered)";
        } else if (w.head != null && row.seq() == w.head.seq() && !Arrays.equals(row.hash(), w.head.hash())) {
            reason = "the row does not match the chain head (the newest rows were replaced)";
        }
        if (reason != null) {
            w.broken = row;
            w.reason = reason;
            throw new Stop();
        }
        w.expectedSeq = row.seq() + 1;
        w.expectedPrev = row.hash();
        w.last = row;
    }
}
