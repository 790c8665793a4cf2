package dev.lore.retrieval;

import static dev.lore.retrieval.Stack.createKnowledgeBase;
import static dev.lore.retrieval.Stack.retrieval;
import static dev.lore.retrieval.Stack.upload;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lore.index.IndexPoint;
import dev.lore.index.VectorIndex;
import dev.lore.retrieval.service.Embedder;
import dev.lore.retrieval.service.IndexHooks;
import dev.lore.testsupport.LoreInfraResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A version swap committed between a search and the loading of its points never shows a gap. */
@QuarkusTest
@WithTestResource(value = LoreInfraResource.class, initArgs = @ResourceArg(name = "database", value = "lore_retrieval"))
@WithTestResource(IngestionServiceResource.class)
class SnapshotTest {
    static final String MODEL = "baai/bge-small-en-v1.5";

    @Inject
    VectorIndex index;
    @Inject
    Embedder embedder;

    @Test
    void searchRacingAVersionSwapAnswersTheNewVersion() {
        String project = Stack.newProject();
        String kb = createKnowledgeBase(project, "swap", null);
        String doc = upload(project, kb, "tides.md", "Tides rise and fall with the pull of the moon.", null);

        // Version 2, built beside version 1 and hidden, as the worker does during re-chunking.
        List<String> texts = List.of("Tides follow the moon.", "Spring tides are the highest tides.");
        List<float[]> vectors = embedder.passages(MODEL, texts, null);
        List<IndexPoint> v2 = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            v2.add(new IndexPoint(UUID.randomUUID().toString(), project, kb, doc, 2, i, "tides.md", texts.get(i),
                    null, "text", null, Map.of(), true, false, System.currentTimeMillis(), vectors.get(i)));
        }
        index.upsert(MODEL, v2);
        index.commit();

        // The search ranks version 1's chunk; the swap commits before that chunk is loaded.
        IndexHooks.beforeNextFetch(() -> {
            index.retireVersions(project, doc, 1);
            index.commit();
        });
        JsonPath match = retrieval(project).body(Map.of("prompt", "tides", "embedding_rate", 1, "top_k", 5))
                .post("/v1/vector/match").then().statusCode(200).extract().jsonPath();
        assertEquals(2, match.getInt("total"));
        assertEquals(java.util.Set.copyOf(texts), java.util.Set.copyOf(match.getList("list.content", String.class)));
    }
}
