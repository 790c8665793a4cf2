package dev.lore.parsing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.StringReader;
import java.util.List;
import javax.xml.parsers.SAXParserFactory;
import org.junit.jupiter.api.Test;
import org.xml.sax.InputSource;

class MarkdownContentHandlerTest {

    @Test
    void headingsParagraphsAndWhitespace() throws Exception {
        assertEquals("# Title\n\nSome text here.\n\n### Sub", convert(
                "<h1>  Title </h1><p>Some\n   text\there.</p><h2> </h2><h3>Sub</h3>"));
    }

    @Test
    void emptyHeadingsAreDropped() throws Exception {
        MarkdownContentHandler handler = handler(false);
        feed(handler, "<h1></h1><h2>   </h2><p>Body</p>");
        assertEquals("Body", handler.markdown());
        assertNull(handler.firstHeading());
    }

    @Test
    void nestedListsAreIndentedByTheirParentMarker() throws Exception {
        assertEquals("""
                - one
                - two
                  1. first
                  2. second
                     - deep
                - three

                After.""", convert("""
                <ul><li>one</li><li>two<ol><li>first</li><li>second<ul><li>deep</li></ul></li></ol></li>
                <li><p>three</p></li></ul><p>After.</p>"""));
    }

    @Test
    void bulletParagraphsBecomeListItems() throws Exception {
        assertEquals("Intro\n\n- alpha\n- beta\n1. gamma\n\nOutro", convert(
                "<p>Intro</p><p>\u00B7 alpha</p><p>\u2022 beta</p><p>1. gamma</p><p>Outro</p>"));
    }

    @Test
    void tablesBecomePipeTables() throws Exception {
        assertEquals("""
                | Name | Notes |
                | --- | --- |
                | a\\|b | line one line two |
                | short | |""", convert("""
                <table><thead><tr><th>Name</th><th>Notes</th></tr></thead>
                <tbody><tr><td>a|b</td><td><p>line one</p><p>line
                two</p></td></tr><tr><td>short</td></tr><tr><td> </td></tr></tbody></table>"""));
    }

    @Test
    void nestedTablesAreFlattenedIntoTheCell() throws Exception {
        assertEquals("| outer | x y |\n| --- | --- |", convert(
                "<table><tr><td>outer</td><td><table><tr><td>x</td><td>y</td></tr></table></td></tr></table>"));
    }

    @Test
    void preformattedTextIsFenced() throws Exception {
        assertEquals("```\nint a;\n  int b;\n```\n\n````\n```\n````", convert(
                "<pre>\nint a;\n  int b;\n</pre><pre>```</pre>"));
    }

    @Test
    void headAndScriptAreIgnored() throws Exception {
        assertEquals("Visible", convert(
                "<head><title>Hidden</title><style>p{}</style></head><script>var x;</script><p>Visible</p>"));
    }

    @Test
    void lineBreaksAreKeptOutsideHtml() throws Exception {
        assertEquals("line one\nline two\n\nnew paragraph", convert(
                "<p>line one\nline two\n\n\n\nnew paragraph</p>", false, false));
        assertEquals("line one line two", convert("<p>line one\nline two</p>", false, true));
        assertEquals("one\ntwo", convert("<p>one<br/>two</p>", false, true));
    }

    @Test
    void pageDivsRecordPageStarts() throws Exception {
        MarkdownContentHandler handler = new MarkdownContentHandler(1000, true, false);
        feed(handler, "<div class=\"page\"><p>one</p></div><div class=\"page\"></div>"
                + "<div class=\"page\"><p>three</p><div class=\"page\"><p>nested</p></div></div>");
        String md = handler.markdown();
        assertEquals("one\n\nthree\n\nnested", md);
        assertEquals(List.of(0, 5, 5), handler.pageStarts());
    }

    @Test
    void pageDivsAreIgnoredWhenNotPaginated() throws Exception {
        MarkdownContentHandler handler = handler(false);
        feed(handler, "<div class=\"page\"><p>one</p></div>");
        handler.markdown();
        assertEquals(List.of(), handler.pageStarts());
    }

    @Test
    void embeddedEntryFileNamesAreNotHeadings() throws Exception {
        assertEquals("# Doc\n\nattached text", convert(
                "<h1>Doc</h1><div class=\"package-entry\"><h1>notes.txt</h1><p>attached text</p></div>"));
    }

    @Test
    void textLimitAborts() {
        MarkdownContentHandler handler = new MarkdownContentHandler(10, false, false);
        var abort = assertThrows(MarkdownContentHandler.Abort.class,
                () -> feed(handler, "<p>0123456789 and more</p>"));
        assertEquals("The document is too large to index (more than 10 characters of text)", abort.getMessage());
        assertEquals(abort.getMessage(), handler.failure().getMessage());
    }

    private static String convert(String body) throws Exception {
        return convert(body, false, true);
    }

    private static String convert(String body, boolean paginated, boolean newlinesAreWhitespace) throws Exception {
        MarkdownContentHandler handler = new MarkdownContentHandler(1000, paginated, newlinesAreWhitespace);
        feed(handler, body);
        return handler.markdown();
    }

    private static MarkdownContentHandler handler(boolean paginated) {
        return new MarkdownContentHandler(1000, paginated, true);
    }

    private static void feed(MarkdownContentHandler handler, String body) throws Exception {
        SAXParserFactory factory = SAXParserFactory.newInstance();
        factory.setNamespaceAware(true);
        String xhtml = "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body>" + body + "</body></html>";
        var reader = factory.newSAXParser().getXMLReader();
        reader.setContentHandler(handler);
        reader.parse(new InputSource(new StringReader(xhtml)));
    }
}
