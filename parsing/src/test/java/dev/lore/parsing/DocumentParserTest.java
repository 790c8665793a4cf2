package dev.lore.parsing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DocumentParserTest {

    private static final DocumentParser PARSER = new DocumentParser();
    private static final String SENTENCE = "The quick brown fox indexes documents.";

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', textBlock = """
            # file        ; media type                                                                ; heading ; list ; table
            sample.pdf    ; application/pdf                                                           ; false   ; false ; false
            sample.docx   ; application/vnd.openxmlformats-officedocument.wordprocessingml.document   ; true    ; true  ; true
            sample.doc    ; application/msword                                                        ; true    ; true  ; true
            sample.pptx   ; application/vnd.openxmlformats-officedocument.presentationml.presentation ; false   ; false ; true
            sample.xlsx   ; application/vnd.openxmlformats-officedocument.spreadsheetml.sheet         ; true    ; false ; true
            sample.html   ; text/html                                                                 ; true    ; true  ; true
            sample.md     ; text/markdown                                                             ; true    ; true  ; true
            sample.txt    ; text/plain                                                                ; false   ; true  ; false
            sample.csv    ; text/csv                                                                  ; false   ; false ; true
            sample.json   ; application/json                                                          ; false   ; false ; false
            sample.rtf    ; application/rtf                                                           ; false   ; true  ; false
            sample.odt    ; application/vnd.oasis.opendocument.text                                   ; true    ; true  ; true
            sample.epub   ; application/epub+zip                                                      ; true    ; true  ; true
            sample.eml    ; message/rfc822                                                            ; true    ; true  ; true
            """)
    void parsesEverySupportedFormat(String file, String mediaType, boolean heading, boolean list, boolean table)
            throws Exception {
        Path path = sample(file);
        assertEquals(mediaType, PARSER.detect(path, file));
        assertTrue(PARSER.supports(mediaType));

        ParsedDocument doc = PARSER.parse(path, file, mediaType);
        String md = doc.markdown();
        assertEquals(mediaType, doc.mediaType());
        assertTrue(md.contains(SENTENCE), md);
        assertTrue(md.contains("Lore Sample"), md);
        if (heading) {
            assertTrue(md.matches("(?s)(.*\n)?#{1,2} Lore Sample\n.*"), md);
        }
        if (list) {
            assertTrue(md.contains("\n- Lists stay lists"), md);
        }
        if (table) {
            assertTrue(md.contains("| PDF | 3 |"), md);
            assertTrue(md.contains("| --- | --- |"), md);
        }
    }

    @Test
    void pdfPagesAreRecorded() throws Exception {
        ParsedDocument doc = PARSER.parse(sample("sample.pdf"), "sample.pdf", "application/pdf");
        String md = doc.markdown();
        assertEquals(3, doc.pageCount());
        assertEquals(0, doc.pageStarts().get(0));
        int page2 = md.indexOf("Alpha bravo charlie appears on page two.");
        int page3 = md.indexOf("Delta echo foxtrot closes page three.");
        assertTrue(page2 >= doc.pageStarts().get(1) && page2 < doc.pageStarts().get(2), doc.pageStarts().toString());
        assertTrue(page3 >= doc.pageStarts().get(2));
        assertEquals(1, doc.pageAt(md.indexOf(SENTENCE)));
        assertEquals(2, doc.pageAt(page2));
        assertEquals(3, doc.pageAt(page3));
        assertTrue(md.substring(doc.pageStarts().get(1)).startsWith("Second Page"), md);
        assertEquals("Lore Sample PDF", doc.title());
    }

    @Test
    void pptxSlidesArePages() throws Exception {
        ParsedDocument doc = PARSER.parse(sample("sample.pptx"), "sample.pptx", null);
        assertEquals(2, doc.pageCount());
        assertEquals(2, doc.pageAt(doc.markdown().indexOf("| PDF | 3 |")));
        assertEquals(1, doc.pageAt(doc.markdown().indexOf(SENTENCE)));
    }

    @Test
    void otherFormatsHaveNoPages() throws Exception {
        ParsedDocument doc = PARSER.parse(sample("sample.docx"), "sample.docx", null);
        assertEquals(0, doc.pageCount());
        assertNull(doc.pageAt(0));
    }

    @Test
    void titleComesFromMetadataThenFirstHeading() throws Exception {
        assertEquals("Lore Sample Book", PARSER.parse(sample("sample.epub"), "sample.epub", null).title());
        assertEquals("Lore Sample", PARSER.parse(sample("sample.md"), "sample.md", null).title());
        assertEquals("Lore Sample", PARSER.parse(sample("sample.eml"), "sample.eml", null).title());
        assertNull(PARSER.parse(sample("sample.txt"), "sample.txt", null).title());
    }

    @Test
    void markdownAndTextAreKeptAsWritten() throws Exception {
        Path md = sample("sample.md");
        assertEquals(Files.readString(md), PARSER.parse(md, "sample.md", "text/markdown").markdown());
        Path txt = sample("sample.txt");
        assertEquals(Files.readString(txt), PARSER.parse(txt, "sample.txt", "text/plain").markdown());
    }

    @Test
    void markdownIsRecognisedByFileName() throws Exception {
        Path file = write("notes.markdown", "# Notes\n\nplain words\n");
        assertEquals("text/markdown", PARSER.detect(file, "notes.markdown"));
        Path md = write("readme.md", "Just text, no markup.\n");
        assertEquals("text/markdown", PARSER.detect(md, "readme.md"));
    }

    @Test
    void contentStillDecidesWhenTheNameSaysText() throws Exception {
        // Text under a text name skips the magic scan (the fast path) and keeps the name's type.
        assertEquals("text/plain", PARSER.detect(write("notes.txt", "Plain words, and a tab\there.\n"), "notes.txt"));
        assertEquals("text/csv", PARSER.detect(write("table.csv", "a,b\n1,2\n"), "table.csv"));
        assertEquals("application/json", PARSER.detect(write("data.json", "{\"a\": 1}\n"), "data.json"));
        // Markup and text-based document formats under a text name are still told by their content.
        assertEquals("text/html", PARSER.detect(write("page.txt",
                "<!DOCTYPE html>\n<html><head><title>T</title></head><body><p>Hi</p></body></html>\n"), "page.txt"));
        Path pdf = tmp.resolve("paper.txt");
        Files.copy(sample("sample.pdf"), pdf);
        assertEquals("application/pdf", PARSER.detect(pdf, "paper.txt"));
        // Binary under a text name is not text.
        Path binary = tmp.resolve("blob.txt");
        Files.write(binary, new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0});
        assertFalse("text/plain".equals(PARSER.detect(binary, "blob.txt")));
        // UTF-16 has NULs in its first bytes: Tika's detector, not the fast path, reads it as text.
        Path utf16 = tmp.resolve("wide.txt");
        Files.write(utf16, "\uFEFFWide text, plain words.\n".getBytes(StandardCharsets.UTF_16LE));
        assertEquals("text/plain", PARSER.detect(utf16, "wide.txt"));
    }

    @Test
    void nulsBecomeSpacesAndLeaveTitlesAlone() throws Exception {
        // Past the first 8 KB a NUL does not stop a file passing as text; PostgreSQL would refuse it.
        Path text = write("late-nul.txt", "Plain words. ".repeat(800) + "\u0000after the NUL\n");
        String md = PARSER.parse(text, "late-nul.txt", "text/plain").markdown();
        assertTrue(md.endsWith("Plain words.  after the NUL\n"), md.substring(md.length() - 40));
        ParsedDocument doc = new ParsedDocument("a\0b", "text/html", "Ti\0tle", List.of(0, 2));
        assertEquals("a b", doc.markdown());
        assertEquals("Title", doc.title());
        assertEquals(2, doc.pageAt(2), "offsets are kept");
    }

    @Test
    void emailHasHeadersBodyAndAttachments() throws Exception {
        String md = PARSER.parse(sample("sample.eml"), "sample.eml", "message/rfc822").markdown();
        assertTrue(md.startsWith("# Lore Sample\n\nFrom: Alice Example <alice@example.com>\nTo: Bob Example"), md);
        assertTrue(md.contains("Date: 2026-03-03"), md);
        assertTrue(md.contains("The attached notes mention a lazy dog."), md);
    }

    @Test
    void csvBecomesATable() throws Exception {
        String md = PARSER.parse(sample("sample.csv"), "sample.csv", "text/csv").markdown();
        assertTrue(md.startsWith("| Format | Pages | Note |\n| --- | --- | --- |\n"), md);
        assertTrue(md.contains("| PDF | 3 | Multi-page, with \"quotes\" |"), md);
        assertTrue(md.contains("| DOCX | 1 | Line one line two |"), md);
    }

    @Test
    void jsonIsPrettyPrintedInAFence() throws Exception {
        String md = PARSER.parse(sample("sample.json"), "sample.json", "application/json").markdown();
        assertTrue(md.startsWith("```json\n{\n"), md);
        assertTrue(md.endsWith("\n```"), md);
    }

    @Test
    void invalidJsonIsReported() throws Exception {
        Path file = write("broken.json", "{\"a\": [1, 2,, 3]}");
        ParseFailure failure = assertThrows(ParseFailure.class, () -> PARSER.parse(file, "broken.json", "application/json"));
        assertTrue(failure.getMessage().startsWith("The JSON file is not valid: "), failure.getMessage());
    }

    @Test
    void chineseTextIsPreserved() throws Exception {
        String md = PARSER.parse(sample("chinese.txt"), "chinese.txt", null).markdown();
        assertTrue(md.contains("敏捷的棕色狐狸为文档建立索引。"), md);
        assertTrue(md.startsWith("文档检索平台"), md);
    }

    @Test
    void chineseInALegacyCharsetIsDecoded() throws Exception {
        String text = "中文文档检索平台可以处理各种格式的文件，包括文本、表格和演示文稿。"
                + "敏捷的棕色狐狸为文档建立索引，这样用户就可以快速找到需要的内容。\n";
        Path file = tmp.resolve("gb.txt");
        Files.write(file, text.repeat(3).getBytes(Charset.forName("GB18030")));
        assertEquals(text.repeat(3), PARSER.parse(file, "gb.txt", null).markdown());
    }

    @Test
    void validUtf8IsNotMistakenForALegacyCharset() throws Exception {
        // Lancet-style decimals ("1·62") made the detector say GB18030 for a SciFact abstract ("1路62").
        String text = "Trial results\n\nRisk rose with dose: hazard ratio 1\u00b762 (95% CI 1\u00b756-1\u00b769;"
                + " p<0\u00b70001) in the first group, 1\u00b731 (1\u00b712-1\u00b752) in the second.\n";
        Path file = tmp.resolve("abstract.txt");
        Files.write(file, text.getBytes(StandardCharsets.UTF_8));
        assertEquals(text, PARSER.parse(file, "abstract.txt", null).markdown());
        // The same through Tika: HTML without a <meta> charset, and a mail part that names none.
        Path html = write("abstract.html", "<html><head><title>Trial</title></head><body><p>" + text.strip()
                + "</p></body></html>");
        assertTrue(PARSER.parse(html, "abstract.html", null).markdown().contains("ratio 1\u00b762 (95% CI"));
        Path mail = write("abstract.eml", "From: a@example.com\r\nTo: b@example.com\r\nSubject: Trial\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\n" + text);
        assertTrue(PARSER.parse(mail, "abstract.eml", null).markdown().contains("ratio 1\u00b762 (95% CI"));
        // A declared charset still wins over the bytes' look.
        Path declared = tmp.resolve("declared.html");
        Files.write(declared, ("<html><head><meta charset=\"windows-1252\"></head><body><p>Caf\u00e9 cr\u00e8me"
                + "</p></body></html>").getBytes(Charset.forName("windows-1252")));
        assertTrue(PARSER.parse(declared, "declared.html", null).markdown().contains("Caf\u00e9 cr\u00e8me"));
        // The same bytes in Latin-1 are not UTF-8, so the detector still reads them.
        Path latin1 = tmp.resolve("latin1.txt");
        String french = "Le caf\u00e9 est ferm\u00e9 le lundi. La cr\u00e8me br\u00fbl\u00e9e est \u00e0 emporter.\n";
        Files.write(latin1, french.repeat(5).getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(french.repeat(5), PARSER.parse(latin1, "latin1.txt", null).markdown());
    }

    @Test
    void chineseHtmlIsPreserved() throws Exception {
        Path file = write("zh.html", "<html><head><meta charset=\"utf-8\"></head><body><h1>文档</h1>"
                + "<p>敏捷的棕色狐狸为文档建立索引。</p><table><tr><td>格式</td><td>页数</td></tr></table></body></html>");
        String md = PARSER.parse(file, "zh.html", null).markdown();
        assertEquals("# 文档\n\n敏捷的棕色狐狸为文档建立索引。\n\n| 格式 | 页数 |\n| --- | --- |", md);
    }

    @Test
    void passwordProtectedPdfIsReported() {
        ParseFailure failure = assertThrows(ParseFailure.class,
                () -> PARSER.parse(sample("encrypted.pdf"), "encrypted.pdf", "application/pdf"));
        assertEquals("The file is password-protected; upload it without a password", failure.getMessage());
    }

    @Test
    void passwordProtectedDocxIsReported() throws Exception {
        Path file = sample("encrypted.docx");
        String type = PARSER.detect(file, "encrypted.docx");
        assertTrue(PARSER.supports(type), type);
        ParseFailure failure = assertThrows(ParseFailure.class, () -> PARSER.parse(file, "encrypted.docx", type));
        assertEquals("The file is password-protected; upload it without a password", failure.getMessage());
    }

    @Test
    void corruptPdfIsReported() {
        ParseFailure failure = assertThrows(ParseFailure.class,
                () -> PARSER.parse(sample("corrupt.pdf"), "corrupt.pdf", "application/pdf"));
        assertEquals("The file is corrupt or not a valid PDF file", failure.getMessage());
    }

    @Test
    void corruptDocxIsReported() throws Exception {
        Path file = write("broken.docx", "PK\u0003\u0004 this is not really a zip archive");
        ParseFailure failure = assertThrows(ParseFailure.class, () -> PARSER.parse(file, "broken.docx",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"));
        assertEquals("The file is corrupt or not a valid DOCX file", failure.getMessage());
    }

    @Test
    void pdfWithoutTextIsReported() throws Exception {
        Path file = tmp.resolve("scan.pdf");
        try (PDDocument doc = new PDDocument()) {
            doc.addPage(new PDPage());
            doc.save(file.toFile());
        }
        ParseFailure failure = assertThrows(ParseFailure.class, () -> PARSER.parse(file, "scan.pdf", null));
        assertEquals("No text could be extracted from the file", failure.getMessage());
    }

    @Test
    void emptyFileIsReported() throws Exception {
        Path file = write("empty.txt", "");
        ParseFailure failure = assertThrows(ParseFailure.class, () -> PARSER.parse(file, "empty.txt", "text/plain"));
        assertEquals("The file is empty", failure.getMessage());
    }

    @Test
    void binaryFilesAreNotSupported() throws Exception {
        Path zip = tmp.resolve("archive.zip");
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new java.util.zip.ZipEntry("a.txt"));
            out.write("hello".getBytes(StandardCharsets.UTF_8));
        }
        Path png = tmp.resolve("image.png");
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(4, 4, java.awt.image.BufferedImage.TYPE_INT_RGB),
                "png", png.toFile());
        Path exe = tmp.resolve("tool.exe");
        byte[] mz = new byte[512];
        mz[0] = 'M';
        mz[1] = 'Z';
        Files.write(exe, mz);

        for (Path file : new Path[] {zip, png, exe}) {
            String type = PARSER.detect(file, file.getFileName().toString());
            assertFalse(PARSER.supports(type), type);
            ParseFailure failure = assertThrows(ParseFailure.class,
                    () -> PARSER.parse(file, file.getFileName().toString(), type));
            assertTrue(failure.getMessage().contains("not supported"), failure.getMessage());
            assertTrue(failure.getMessage().contains(PARSER.supportedFormats()), failure.getMessage());
        }
        assertFalse(PARSER.supports("application/octet-stream"));
        assertFalse(PARSER.supports(null));
    }

    @Test
    void supportsIgnoresParametersAndCase() {
        assertTrue(PARSER.supports("text/html; charset=UTF-8"));
        assertTrue(PARSER.supports("Application/PDF"));
        assertTrue(PARSER.supports("text/x-java-source"));
    }

    @Test
    void supportedFormatsAreListed() {
        assertEquals("PDF, DOCX, DOC, PPTX, XLSX, HTML, Markdown, TXT, CSV, JSON, RTF, ODT, EPUB, EML",
                PARSER.supportedFormats());
    }

    @Test
    void interruptionAbortsTikaParsing() {
        assertInterrupted(() -> PARSER.parse(sample("sample.docx"), "sample.docx", null));
        assertInterrupted(() -> PARSER.parse(sample("sample.pdf"), "sample.pdf", "application/pdf"));
    }

    @Test
    void interruptionAbortsTextReading() {
        assertInterrupted(() -> PARSER.parse(sample("sample.txt"), "sample.txt", "text/plain"));
    }

    @Test
    void cancellingAFutureStopsALongParse() throws Exception {
        Path big = tmp.resolve("big.html");
        StringBuilder html = new StringBuilder("<html><body>");
        for (int i = 0; i < 200_000; i++) {
            html.append("<p>Paragraph ").append(i).append(" of a very long document.</p>");
        }
        Files.writeString(big, html.append("</body></html>"));
        var executor = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            var started = new java.util.concurrent.CountDownLatch(1);
            var result = new java.util.concurrent.atomic.AtomicReference<Throwable>();
            var future = executor.submit(() -> {
                started.countDown();
                try {
                    PARSER.parse(big, "big.html", "text/html");
                } catch (Throwable t) {
                    result.set(t);
                }
            });
            started.await();
            Thread.sleep(50);
            future.cancel(true);
            executor.shutdown();
            assertTrue(executor.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS), "parse did not stop");
            if (result.get() != null) { // null when the parse finished before the cancel arrived
                assertEquals("Parsing was interrupted", result.get().getMessage());
            }
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void outputLimitAbortsLargeDocuments() throws Exception {
        DocumentParser small = new DocumentParser(40);
        for (String file : new String[] {"sample.html", "sample.pdf", "sample.txt", "sample.csv", "sample.json"}) {
            ParseFailure failure = assertThrows(ParseFailure.class, () -> small.parse(sample(file), file, null), file);
            assertEquals("The document is too large to index (more than 40 characters of text)", failure.getMessage());
        }
    }

    private static void assertInterrupted(org.junit.jupiter.api.function.Executable parse) {
        Thread.currentThread().interrupt();
        try {
            ParseFailure failure = assertThrows(ParseFailure.class, parse);
            assertEquals("Parsing was interrupted", failure.getMessage());
        } finally {
            Thread.interrupted();
        }
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(tmp.resolve(name), content);
    }

    static Path sample(String name) {
        try {
            return Path.of(DocumentParserTest.class.getResource("/samples/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
