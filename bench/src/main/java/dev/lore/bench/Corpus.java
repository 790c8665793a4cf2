package dev.lore.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.xwpf.usermodel.XWPFDocument;

/**
 * A mixed benchmark corpus, generated deterministically: plain text, Markdown with headings and
 * tables, HTML, DOCX and multi-page PDFs of English prose.
 */
final class Corpus {
    record Item(Path file, String name, String mediaType, long bytes, int pages) {}

    private static final String[] WORDS = ("the of and to in a is that for it as was with be by on not he this are or "
            + "his from at which but have an they you were her she there been one all we their has would when "
            + "if so no will can more other about many then them these some time could into two may only like "
            + "index vector search document retrieval chunk embedding model query answer knowledge system data "
            + "service request latency throughput memory storage cluster replica partition offset consumer").split(" ");

    private final Random random = new Random(42);

    List<Item> build(Path dir, int textFiles, int pdfFiles, int pagesPerPdf) throws IOException {
        Files.createDirectories(dir);
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < textFiles; i++) {
            Path p = dir.resolve("text-" + i + ".txt");
            Files.writeString(p, prose(1_000_000));
            items.add(new Item(p, p.getFileName().toString(), "text/plain", Files.size(p), 0));
        }
        Path md = dir.resolve("guide.md");
        Files.writeString(md, markdown(500_000));
        items.add(new Item(md, "guide.md", "text/markdown", Files.size(md), 0));
        Path html = dir.resolve("page.html");
        Files.writeString(html, "<html><body><h1>Guide</h1>" + paragraphs(300_000, "<p>", "</p>") + "</body></html>");
        items.add(new Item(html, "page.html", "text/html", Files.size(html), 0));
        Path docx = dir.resolve("report.docx");
        writeDocx(docx, 200_000);
        items.add(new Item(docx, "report.docx",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document", Files.size(docx), 0));
        for (int i = 0; i < pdfFiles; i++) {
            Path p = dir.resolve("paper-" + i + ".pdf");
            writePdf(p, pagesPerPdf);
            items.add(new Item(p, p.getFileName().toString(), "application/pdf", Files.size(p), pagesPerPdf));
        }
        return items;
    }

    String prose(int chars) {
        return paragraphs(chars, "", "\n\n");
    }

    private String paragraphs(int chars, String open, String close) {
        StringBuilder sb = new StringBuilder(chars + 1000);
        while (sb.length() < chars) {
            sb.append(open);
            int sentences = 3 + random.nextInt(5);
            for (int s = 0; s < sentences; s++) {
                sb.append(sentence()).append(' ');
            }
            sb.append(close);
        }
        return sb.toString();
    }

    private String sentence() {
        StringBuilder sb = new StringBuilder();
        int n = 8 + random.nextInt(14);
        for (int w = 0; w < n; w++) {
            String word = WORDS[random.nextInt(WORDS.length)];
            sb.append(w == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word);
            sb.append(w == n - 1 ? "." : " ");
        }
        return sb.toString();
    }

    private String markdown(int chars) {
        StringBuilder sb = new StringBuilder();
        int section = 0;
        while (sb.length() < chars) {
            sb.append("# Chapter ").append(++section).append("\n\n").append(paragraphs(3000, "", "\n\n"));
            sb.append("## Details\n\n").append(paragraphs(2000, "", "\n\n"));
            sb.append("| key | value |\n| --- | --- |\n");
            for (int r = 0; r < 8; r++) {
                sb.append("| ").append(WORDS[random.nextInt(WORDS.length)]).append(" | ").append(random.nextInt(1000))
                        .append(" |\n");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private void writeDocx(Path p, int chars) throws IOException {
        try (XWPFDocument doc = new XWPFDocument(); OutputStream out = Files.newOutputStream(p)) {
            int written = 0;
            while (written < chars) {
                String para = paragraphs(600, "", "");
                doc.createParagraph().createRun().setText(para);
                written += para.length();
            }
            doc.write(out);
        }
    }

    private void writePdf(Path p, int pages) throws IOException {
        PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
        try (PDDocument doc = new PDDocument()) {
            for (int i = 0; i < pages; i++) {
                PDPage page = new PDPage();
                doc.addPage(page);
                try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                    cs.beginText();
                    cs.setFont(font, 10);
                    cs.setLeading(13);
                    cs.newLineAtOffset(50, 740);
                    for (int line = 0; line < 50; line++) {
                        String text = sentence();
                        cs.showText(text.length() > 95 ? text.substring(0, 95) : text);
                        cs.newLine();
                    }
                    cs.endText();
                }
            }
            doc.save(p.toFile());
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
