package dev.lore.ingestion.service;

import java.nio.file.Path;

/** A received upload: the file already streamed to a temporary path, and the form fields as sent. */
public record UploadRequest(
        Path file,
        String fileName,
        long size,
        String metadata,
        String knowledgeBaseId,
        String chunkStrategy,
        Integer chunkSize,
        Integer chunkOverlap,
        Double chunkSemanticThreshold) {}
