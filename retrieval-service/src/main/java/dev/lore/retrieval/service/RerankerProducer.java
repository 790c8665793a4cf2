package dev.lore.retrieval.service;

import dev.lore.llm.rerank.RerankerSettings;
import dev.lore.llm.rerank.Rerankers;
import dev.lore.retrieval.config.RetrievalConfig;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The rerankers configured under {@code lore.rerankers."<name>".*}. */
@ApplicationScoped
public class RerankerProducer {

    @Produces
    @ApplicationScoped
    @DefaultBean
    Rerankers rerankers(RetrievalConfig config) {
        return Rerankers.over(config.rerankers().entrySet().stream()
                .map(e -> RerankerSettings.of(e.getKey(), e.getValue().api(), e.getValue().url(),
                        e.getValue().model().orElse(null), e.getValue().apiKey().orElse(null))
                        .withTimeout(e.getValue().timeout()))
                .toList());
    }
}
