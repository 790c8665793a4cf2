package dev.lore.ingestion.service;

import dev.lore.parsing.DocumentParser;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

public class ParserProducer {
    /** One Tika configuration for the process: it is thread-safe and costly to build. */
    @Produces
    @Singleton
    DocumentParser parser() {
        return new DocumentParser();
    }
}
