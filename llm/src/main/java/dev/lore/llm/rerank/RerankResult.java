package dev.lore.llm.rerank;

/**
 * The relevance of one input document.
 *
 * @param index position of the document in the list passed to {@link Reranker#rerank}
 * @param score relevance in [0, 1], comparable only within one rerank call
 */
public record RerankResult(int index, double score) {
}
