package dev.lore.parsing;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.tika.config.TikaConfig;
import org.apache.tika.detect.EncodingDetector;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.TikaException;
import org.apache.tika.exception.ZeroByteFileException;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.parser.pdf.PDFParserConfig;
import org.xml.sax.SAXException;

/**
 * Parses uploaded files into Markdown with Apache Tika. Thread-safe: create once and reuse.
 *
 * <p>Plain text, Markdown, CSV and JSON are read directly so that their text stays as written; everything else
 * goes through Tika's XHTML output and {@link MarkdownContentHandler}. Parsing stops with a {@link ParseFailure}
 * when the thread is interrupted, so a caller's timeout ({@code Future.cancel(true)}) can stop a pathological file.
 */
public final class DocumentParser {

    public static final int DEFAULT_MAX_CHARS = 20_000_000;

    /** Exceptions other libraries throw for a wrong or missing password, named to avoid compiling against them. */
    private static final Set<String> PASSWORD_EXCEPTIONS = Set.of(
            "org.apache.poi.EncryptedDocumentException",
            "org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException");

    private final int maxChars;
    private final TikaConfig tika;
    private final AutoDetectParser parser;
    private final MediaTypes mediaTypes;
    private final EncodingDetector encodingDetector;
    private final TextFiles textFiles;

    public DocumentParser() {
        this(DEFAULT_MAX_CHARS);
    }

    /** @param maxChars the most characters of text a document may have; larger ones fail to parse */
    public DocumentParser(int maxChars) {
        if (maxChars <= 0) {
            throw new IllegalArgumentException("maxChars must be positive: " + maxChars);
        }
        this.maxChars = maxChars;
        this.tika = loadConfig();
        this.parser = new AutoDetectParser(tika);
        this.mediaTypes = new MediaTypes(tika.getMimeRepository());
        this.encodingDetector = new Utf8FirstEncodingDetector(tika.getEncodingDetector());
        this.textFiles = new TextFiles(encodingDetector);
    }

    /**
     * Media type (no parameters, e.g. "application/pdf") from content + file name, via Tika's detector.
     * A file whose name says a text format Lore reads directly (plain text, Markdown, CSV, JSON) and whose
     * first bytes are plain text skips Tika's magic scan, which tries every known signature (about 1.4 ms a
     * file); text that starts like markup or a text-based document format still goes through it.
     */
    public String detect(Path file, String fileName) throws IOException {
        String byName = fileName == null ? null : mediaTypes.textTypeByName(fileName);
        if (byName != null && PlainText.looksLike(head(file))) {
            return byName;
        }
        Metadata metadata = new Metadata();
        metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, fileName);
        try (TikaInputStream in = TikaInputStream.get(file)) {
            return mediaTypes.refine(tika.getDetector().detect(in, metadata), fileName);
        }
    }

    private static byte[] head(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(PlainText.HEAD);
        }
    }

    public boolean supports(String mediaType) {
        return mediaTypes.formatOf(mediaType) != null;
    }

    /** Human-readable list of supported formats, for error messages, e.g. "PDF, DOCX, DOC, ...". */
    public String supportedFormats() {
        return MediaTypes.supportedFormats();
    }

    /**
     * Parses a file into Markdown.
     *
     * @param mediaType the type from {@link #detect}; null to detect it here
     * @throws ParseFailure with a message for end users when the file is unsupported, corrupt, encrypted,
     *                      empty of text, too large, or parsing was interrupted
     */
    public ParsedDocument parse(Path file, String fileName, String mediaType) throws ParseFailure {
        DocumentFormat format;
        try {
            if (mediaType == null) {
                mediaType = detect(file, fileName);
            }
            format = mediaTypes.formatOf(mediaType);
            if (format == null) {
                throw new ParseFailure("This file type (" + mediaType + ") is not supported. Supported formats: "
                        + supportedFormats(), null);
            }
            if (Files.size(file) == 0) {
                throw new ParseFailure("The file is empty", null);
            }
        } catch (IOException e) {
            throw interrupted(e) ? ParseFailure.interrupted(e) : new ParseFailure("The file could not be read", e);
        }
        String type = mediaType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        ParsedDocument document;
        try {
            document = switch (format.route) {
                case TEXT -> new ParsedDocument(textFiles.read(file, fileName, maxChars), type, null, List.of());
                case MARKDOWN -> {
                    String markdown = textFiles.read(file, fileName, maxChars);
                    yield new ParsedDocument(markdown, type, firstMarkdownHeading(markdown), List.of());
                }
                case CSV -> new ParsedDocument(
                        checkSize(CsvToMarkdown.convert(textFiles.read(file, fileName, maxChars))), type, null, List.of());
                case JSON -> new ParsedDocument(
                        checkSize(JsonToMarkdown.convert(textFiles.read(file, fileName, maxChars))), type, null, List.of());
                case TIKA, EMAIL -> parseWithTika(file, fileName, type, format);
            };
        } catch (ParseFailure e) {
            throw e;
        } catch (Exception | StackOverflowError e) { // deeply nested, malformed files can overflow the parsers
            throw translate(e, format);
        }
        if (document.markdown().isBlank()) {
            throw ParseFailure.noText();
        }
        return document;
    }

    private ParsedDocument parseWithTika(Path file, String fileName, String type, DocumentFormat format)
            throws IOException, SAXException, TikaException, ParseFailure {
        Metadata metadata = new Metadata();
        metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, fileName);
        metadata.set(Metadata.CONTENT_TYPE, type);
        MarkdownContentHandler handler =
                new MarkdownContentHandler(maxChars, format.paginated(), format.newlinesAreWhitespace());
        try (InputStream in = TikaInputStream.get(file, metadata)) {
            parser.parse(in, handler, metadata, parseContext());
        } catch (IOException | SAXException | TikaException | RuntimeException e) {
            // A handler abort can surface wrapped in anything; its own reason is the one to report.
            if (handler.failure() != null) {
                throw new ParseFailure(handler.failure().getMessage(), e);
            }
            throw e;
        }
        if (handler.failure() != null) {
            throw handler.failure(); // aborted inside an embedded document whose parser swallowed the exception
        }
        String markdown = handler.markdown();
        String title = firstNonBlank(metadata.get(TikaCoreProperties.TITLE), handler.firstHeading());
        if (format.route == DocumentFormat.Route.EMAIL) {
            String subject = firstNonBlank(metadata.get(TikaCoreProperties.SUBJECT), title);
            markdown = EmailHeader.render(subject, metadata) + markdown;
            title = subject;
        }
        return new ParsedDocument(checkSize(markdown), type, title, handler.pageStarts());
    }

    private ParseContext parseContext() {
        ParseContext context = new ParseContext();
        // Embedded documents (mail attachments, objects in Office files) are parsed into the same Markdown.
        context.set(Parser.class, parser);
        context.set(EncodingDetector.class, encodingDetector);
        PDFParserConfig pdf = new PDFParserConfig();
        pdf.setSortByPosition(true);
        pdf.setExtractInlineImages(false);
        pdf.setOcrStrategy(PDFParserConfig.OCR_STRATEGY.NO_OCR);
        context.set(PDFParserConfig.class, pdf);
        return context;
    }

    private String checkSize(String markdown) throws ParseFailure {
        if (markdown.length() > maxChars) {
            throw ParseFailure.tooLarge(maxChars, null);
        }
        return markdown;
    }

    /** Turns any exception from parsing into a message for users; Tika's own text is never the whole message. */
    private static ParseFailure translate(Throwable e, DocumentFormat format) {
        if (interrupted(e)) {
            return ParseFailure.interrupted(e);
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof EncryptedDocumentException || PASSWORD_EXCEPTIONS.contains(t.getClass().getName())) {
                return ParseFailure.passwordProtected(e);
            }
        }
        if (causedBy(e, ZeroByteFileException.class)) {
            return new ParseFailure("The file is empty", e);
        }
        return ParseFailure.corrupt(format.label, e);
    }

    private static boolean interrupted(Throwable e) {
        return Thread.currentThread().isInterrupted() || causedBy(e, ClosedByInterruptException.class)
                || causedBy(e, InterruptedIOException.class) || causedBy(e, InterruptedException.class);
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    static String firstMarkdownHeading(String markdown) {
        int lineStart = 0;
        boolean inFence = false;
        while (lineStart < markdown.length()) {
            int lineEnd = markdown.indexOf('\n', lineStart);
            if (lineEnd < 0) {
                lineEnd = markdown.length();
            }
            String line = markdown.substring(lineStart, lineEnd).strip();
            if (line.startsWith("```") || line.startsWith("~~~")) {
                inFence = !inFence;
            } else if (!inFence && line.startsWith("#")) {
                int level = 0;
                while (level < line.length() && line.charAt(level) == '#') {
                    level++;
                }
                String heading = line.substring(level).strip().replaceAll("\\s#+$", "").strip();
                if (level <= 6 && (level == line.length() || line.charAt(level) == ' ') && !heading.isEmpty()) {
                    return heading;
                }
            }
            lineStart = lineEnd + 1;
        }
        return null;
    }

    private static String firstNonBlank(String first, String second) {
        if (first != null && !first.isBlank()) {
            return first.strip();
        }
        return second == null || second.isBlank() ? null : second.strip();
    }

    private static TikaConfig loadConfig() {
        try (InputStream config = DocumentParser.class.getResourceAsStream("tika-config.xml")) {
            return new TikaConfig(config);
        } catch (IOException | SAXException | TikaException e) {
            throw new IllegalStateException("Cannot load the Tika configuration", e);
        }
    }
}
