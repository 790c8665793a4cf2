package dev.lore.llm.rerank;

import java.util.List;

/** Scores documents against a query with a cross-encoder, to reorder what vector search found. */
public interface Reranker {

    /** The operator-configured name callers select this reranker by. */
    String name();

    /**
     * One result per document, best first (ties by input order). An empty list is returned as is,
     * without contacting the server.
     *
     * @throws RerankException if the server cannot be reached or answers with anything but a
     *     complete, well-formed ranking
     */
    List<RerankResult> rerank(String query, List<String> documents);
}
