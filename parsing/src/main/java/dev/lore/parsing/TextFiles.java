package dev.lore.parsing;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.tika.detect.EncodingDetector;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;

/**
 * Reads text files as they are: as UTF-8 when the whole file is valid UTF-8 (one pass, and exact
 * where a detector sees only a prefix), else in the charset {@link Utf8FirstEncodingDetector}
 * names (UTF-8 when it names none). NULs are not taken as UTF-8: they mean UTF-16 without a mark.
 */
final class TextFiles {

    private static final int BUFFER = 64 * 1024;

    private final EncodingDetector encodingDetector;

    TextFiles(EncodingDetector encodingDetector) {
        this.encodingDetector = encodingDetector;
    }

    /** The whole text with line endings normalised to \n, or a ParseFailure past maxChars or on interruption. */
    String read(Path file, String fileName, int maxChars) throws IOException, ParseFailure {
        // A charset decodes at most one char per byte, so the file's size bounds the text: buffers
        // sized by it keep a small file's read small (it took 1 MB and 128 KB per file before).
        int capacity = (int) Math.min(Files.size(file) + 1, 1 << 20);
        try (Reader utf8 = new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8.newDecoder())) {
            String text = readAll(utf8, maxChars, capacity, true);
            if (text != null) {
                return text;
            }
        } catch (CharacterCodingException notUtf8) {
            // a legacy charset, or UTF-16 with a byte order mark: let the detector decide
        }
        Metadata metadata = new Metadata();
        metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, fileName);
        try (TikaInputStream in = TikaInputStream.get(file)) {
            Charset charset = encodingDetector.detect(in, metadata);
            return readAll(new InputStreamReader(in, charset == null ? StandardCharsets.UTF_8 : charset), maxChars, capacity,
                    false);
        }
    }

    /** The text, or null at its first NUL when {@code stopAtNul}. */
    private static String readAll(Reader reader, int maxChars, int capacity, boolean stopAtNul)
            throws IOException, ParseFailure {
        StringBuilder text = new StringBuilder(capacity);
        char[] buffer = new char[Math.min(capacity, BUFFER)];
        boolean afterCr = false;
        for (int n; (n = reader.read(buffer)) >= 0; ) {
            if (Thread.currentThread().isInterrupted()) {
                throw ParseFailure.interrupted(null);
            }
            for (int i = 0; i < n; i++) {
                char c = buffer[i];
                if (c == '\r') {
                    text.append('\n');
                } else if (c == '\0' && stopAtNul) {
                    return null;
                } else if ((c != '\n' || !afterCr) && (c != '\uFEFF' || !text.isEmpty())) {
                    text.append(c); // a byte order mark is dropped, not text
                }
                afterCr = c == '\r';
            }
            if (text.length() > maxChars) {
                throw ParseFailure.tooLarge(maxChars, null);
            }
        }
        return text.toString();
    }
}
