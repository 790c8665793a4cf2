package dev.lore.llm.rerank;

/** The wire protocol a reranker endpoint speaks; operators pick the one their server implements. */
public enum RerankApi {
    /** Hugging Face Text Embeddings Inference: {@code POST {url}/rerank}. */
    TEI,
    /** Jina AI: {@code POST {url}}, e.g. {@code https://api.jina.ai/v1/rerank}. */
    JINA,
    /** Cohere v2: {@code POST {url}}, e.g. {@code https://api.cohere.com/v2/rerank}. */
    COHERE
}
