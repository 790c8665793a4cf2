package dev.lore.common.id;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdsTest {

    @Test
    void timeOrderedIdsAreVersion7UniqueAndSortInMintingOrder() {
        Set<UUID> seen = new HashSet<>();
        String previous = "";
        long before = System.currentTimeMillis();
        for (int i = 0; i < 10_000; i++) {
            UUID id = Ids.timeOrdered();
            assertEquals(7, id.version());
            assertEquals(2, id.variant());
            assertTrue(seen.add(id), "duplicate " + id);
            // As text (what PostgreSQL's uuid ordering and our logs see), each sorts after the last.
            assertTrue(id.toString().compareTo(previous) > 0, id + " after " + previous);
            previous = id.toString();
        }
        long millis = Ids.timeOrdered().getMostSignificantBits() >>> 16;
        assertTrue(millis >= before && millis <= System.currentTimeMillis(), "leading 48 bits are the time in ms");
    }
}
