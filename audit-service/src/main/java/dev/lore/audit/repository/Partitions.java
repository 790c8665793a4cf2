package dev.lore.audit.repository;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The monthly partitions of {@code audit_events} (UTC months), named {@code audit_events_yYYYYmMM}.
 * Created on demand before a batch lands in them; dropped whole by retention.
 */
@ApplicationScoped
public class Partitions {
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("'audit_events_y'yyyy'm'MM");
    private static final Pattern PARSE = Pattern.compile("audit_events_y(\\d{4})m(\\d{2})");

    @Inject
    AgroalDataSource db;

    private final Set<YearMonth> known = ConcurrentHashMap.newKeySet();

    public static YearMonth monthOf(Instant t) {
        return YearMonth.from(t.atZone(ZoneOffset.UTC));
    }

    /** Makes sure each month has its partition; cheap when they exist (remembered). */
    public void ensure(Iterable<YearMonth> months) throws SQLException {
        for (YearMonth m : months) {
            if (known.contains(m)) {
                continue;
            }
            try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS " + m.format(NAME) + " PARTITION OF audit_events FOR VALUES FROM ('"
                        + m.atDay(1) + " 00:00:00+00') TO ('" + m.plusMonths(1).atDay(1) + " 00:00:00+00')");
            } catch (SQLException e) {
                // Another instance created it at the same moment: fine if it is there now.
                if (!exists(m)) {
                    throw e;
                }
            }
            known.add(m);
        }
    }

    /** Existing partitions, oldest first. */
    public List<YearMonth> list() throws SQLException {
        List<YearMonth> out = new ArrayList<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                     + "JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'audit_events' ORDER BY c.relname")) {
            while (rs.next()) {
                Matcher m = PARSE.matcher(rs.getString(1));
                if (m.matches()) {
                    out.add(YearMonth.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
                }
            }
        }
        return out;
    }

    public void drop(YearMonth m) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + m.format(NAME));
        }
        known.remove(m);
    }

    private boolean exists(YearMonth m) throws SQLException {
        return list().contains(m);
    }
}
