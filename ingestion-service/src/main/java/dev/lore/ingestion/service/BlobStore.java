package dev.lore.ingestion.service;

import dev.lore.ingestion.config.IngestionConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Original uploads and their Markdown on local disk: {@code <data-dir>/blobs/<document>/original}
 * and {@code …/v<version>.md}. Writes go to a temporary name first, so a crash never leaves a
 * half-written file under a real name.
 */
@ApplicationScoped
public class BlobStore {
    @Inject
    IngestionConfig config;

    public Path original(UUID documentId) {
        return dir(documentId).resolve("original");
    }

    public Path markdown(UUID documentId, int version) {
        return dir(documentId).resolve("v" + version + ".md");
    }

    /**
     * Moves an upload into the store and answers its SHA-256. Uploads land in the data dir, so
     * the move is a rename; across file systems it falls back to a copy.
     */
    public String storeOriginal(UUID documentId, Path upload) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(Files.newInputStream(upload), sha)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            Files.createDirectories(dir(documentId));
            try {
                Files.move(upload, original(documentId), StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Path tmp = dir(documentId).resolve("original.tmp");
                Files.copy(upload, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, original(documentId), StandardCopyOption.ATOMIC_MOVE);
            }
            return "sha256:" + HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public void writeMarkdown(UUID documentId, int version, String markdown) {
        try {
            Files.createDirectories(dir(documentId));
            Path tmp = dir(documentId).resolve("v" + version + ".md.tmp");
            Files.writeString(tmp, markdown, StandardCharsets.UTF_8);
            Files.move(tmp, markdown(documentId, version), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void deleteMarkdownBefore(UUID documentId, int version) {
        for (int v = 1; v < version; v++) {
            try {
                Files.deleteIfExists(markdown(documentId, v));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public void delete(UUID documentId) {
        Path dir = dir(documentId);
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path dir(UUID documentId) {
        return config.dataDir().resolve("blobs").resolve(documentId.toString());
    }
}
