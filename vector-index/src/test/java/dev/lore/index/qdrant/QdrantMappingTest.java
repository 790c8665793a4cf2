package dev.lore.index.qdrant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lore.index.IndexPoint;
import io.qdrant.client.grpc.JsonWithInt.Value;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Collection names and payloads, the two mappings that must read back what they wrote. */
class QdrantMappingTest {
    private final CollectionNames names = new CollectionNames("lore_");

    @Test
    void collectionNamesAreReadableAndReversible() {
        assertEquals("lore_baai_2fbge-small-en-v1.5", names.qdrantName("baai/bge-small-en-v1.5"));
        for (String model : List.of("baai/bge-small-en-v1.5", "a_b", "a_5fb", "模型/v2", "x y:z")) {
            String name = names.qdrantName(model);
            assertTrue(name.matches("lore_[A-Za-z0-9_.-]+"), name);
            assertEquals(Optional.of(model), names.model(name));
        }
    }

    @Test
    void foreignCollectionsAreNotLore() {
        assertEquals(Optional.empty(), names.model("other_collection"));
        assertEquals(Optional.empty(), names.model("lore_"));
        assertEquals(Optional.empty(), names.model("lore_bad_zz"));
        assertEquals(Optional.empty(), names.model("lore_cut_2"));
        // Only the canonical name maps back, so two collections never claim one model id.
        assertEquals(Optional.empty(), names.model("lore_baai_2Fbge"));
        assertEquals(Optional.empty(), names.model("lore_a_41"));
        assertEquals(Optional.empty(), names.model("lore_t1_abc"));
    }

    @Test
    void payloadsReadBackTheirPoint() {
        Map<String, Object> metadata = Map.of("team", "support", "year", 2023, "big", 5_000_000_000L,
                "score", 2.0, "tags", List.of("faq", "billing"), "public", true, "nested", Map.of("k", "v"));
        IndexPoint p = new IndexPoint("7d444840-9dc0-11d1-b245-5ffdce74fad2", "p1", "kb1", "d1", 3, 7, "d1.md",
                "some content", null, "text", null, metadata, true, false, 1_700_000_000_000L, new float[] {1, 0});

        Map<String, Value> payload = Payloads.payload(p);
        assertEquals("support", payload.get("meta").getStructValue().getFieldsOrThrow("team").getStringValue());

        IndexPoint back = Payloads.point(p.pointId(), payload);
        assertEquals(p.withoutVector(), back);
        assertEquals(metadata, back.metadata(), "ints stay ints, doubles stay doubles");
        assertNull(back.title());
        assertNull(back.page());
    }
}
