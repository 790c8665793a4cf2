package dev.lore.parsing;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;
import org.apache.tika.mime.MimeTypes;

/** Maps Tika media types to the formats Lore supports. */
final class MediaTypes {

    static final String MARKDOWN = "text/markdown";

    private static final Map<String, DocumentFormat> FORMATS = Map.ofEntries(
            Map.entry("application/pdf", DocumentFormat.PDF),
            Map.entry("application/vnd.openxmlformats-officedocument.wordprocessingml.document", DocumentFormat.DOCX),
            Map.entry("application/msword", DocumentFormat.DOC),
            Map.entry("application/vnd.openxmlformats-officedocument.presentationml.presentation", DocumentFormat.PPTX),
            Map.entry("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", DocumentFormat.XLSX),
            Map.entry("text/html", DocumentFormat.HTML),
            Map.entry("application/xhtml+xml", DocumentFormat.HTML),
            Map.entry(MARKDOWN, DocumentFormat.MARKDOWN),
            Map.entry("text/x-web-markdown", DocumentFormat.MARKDOWN),
            Map.entry("text/plain", DocumentFormat.TXT),
            Map.entry("text/csv", DocumentFormat.CSV),
            Map.entry("application/json", DocumentFormat.JSON),
            Map.entry("application/rtf", DocumentFormat.RTF),
            Map.entry("application/vnd.oasis.opendocument.text", DocumentFormat.ODT),
            Map.entry("application/epub+zip", DocumentFormat.EPUB),
            Map.entry("message/rfc822", DocumentFormat.EML),
            // Tika's name for any encrypted OOXML file (DOCX, XLSX, PPTX).
            Map.entry("application/x-tika-ooxml-protected", DocumentFormat.PROTECTED_OFFICE));

    private final MediaTypeRegistry registry;
    private final MimeTypes names;

    MediaTypes(MimeTypes types) {
        this.registry = types.getMediaTypeRegistry();
        this.names = types;
    }

    /**
     * The media type to report for a detected type: without parameters, and Markdown for .md/.markdown files,
     * which Tika may detect as plain text.
     */
    String refine(MediaType detected, String fileName) {
        MediaType base = registry.normalize(detected.getBaseType());
        if (isMarkdownName(fileName) && (base.equals(MediaType.TEXT_PLAIN) || formatOf(base) == DocumentFormat.MARKDOWN)) {
            return MARKDOWN;
        }
        return formatOf(base) == DocumentFormat.MARKDOWN ? MARKDOWN : base.toString();
    }

    /**
     * The media type a file name alone implies (Tika's name patterns), when it is one of the text formats
     * Lore reads directly; null otherwise.
     */
    String textTypeByName(String fileName) {
        MediaType byName = names.getMimeType(fileName).getType();
        String type = refine(byName, fileName);
        DocumentFormat format = formatOf(type);
        return format != null && format.route.readsText() ? type : null;
    }

    /** The format of a media type (parameters allowed), or null when it is not supported. */
    DocumentFormat formatOf(String mediaType) {
        if (mediaType == null) {
            return null;
        }
        MediaType parsed = MediaType.parse(mediaType.trim().toLowerCase(Locale.ROOT));
        return parsed == null ? null : formatOf(registry.normalize(parsed.getBaseType()));
    }

    private DocumentFormat formatOf(MediaType base) {
        DocumentFormat format = FORMATS.get(base.toString());
        if (format != null) {
            return format;
        }
        // Other text types (source code, logs, XML, ...) are indexed as plain text.
        return registry.isSpecializationOf(base, MediaType.TEXT_PLAIN) ? DocumentFormat.TXT : null;
    }

    static String supportedFormats() {
        return Arrays.stream(DocumentFormat.values())
                .filter(DocumentFormat::listed)
                .map(f -> f.label)
                .collect(Collectors.joining(", "));
    }

    private static boolean isMarkdownName(String fileName) {
        if (fileName == null) {
            return false;
        }
        String name = fileName.toLowerCase(Locale.ROOT);
        return name.endsWith(".md") || name.endsWith(".markdown");
    }
}
