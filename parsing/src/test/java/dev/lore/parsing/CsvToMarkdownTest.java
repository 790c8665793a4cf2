package dev.lore.parsing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CsvToMarkdownTest {

    @Test
    void quotedFieldsFollowRfc4180() {
        assertEquals("""
                | name | quote |
                | --- | --- |
                | a, b | say "hi" |
                | multi line | x\\|y |""",
                CsvToMarkdown.convert("name,quote\r\n\"a, b\",\"say \"\"hi\"\"\"\r\n\"multi\r\nline\",x|y\r\n"));
    }

    @Test
    void delimiterIsSniffed() {
        assertEquals("| a | b |\n| --- | --- |\n| 1,5 | 2 |", CsvToMarkdown.convert("a;b\n1,5;2\n"));
        assertEquals("| a | b |\n| --- | --- |\n| 1 | 2 |", CsvToMarkdown.convert("a\tb\n1\t2"));
    }

    @Test
    void raggedRowsAndBlankLinesAreHandled() {
        assertEquals("| a | b | |\n| --- | --- | --- |\n| 1 | | |\n| 1 | 2 | 3 |",
                CsvToMarkdown.convert("a,b\n\n1\n1,2,3\n"));
    }

    @Test
    void emptyCsvHasNoTable() {
        assertEquals("", CsvToMarkdown.convert("\n,,\n"));
    }

    @Test
    void largeCsvIsConvertedWhole() {
        StringBuilder csv = new StringBuilder("id,name,comment\n");
        for (int i = 0; i < 200_000; i++) {
            csv.append(i).append(",name ").append(i).append(",\"a, quoted \"\"comment\"\"\"\n");
        }
        String md = CsvToMarkdown.convert(csv);
        assertEquals(200_002, md.lines().count());
        assertEquals(true, md.contains("| 199999 | name 199999 | a, quoted \"comment\" |"), md.substring(md.length() - 200));
    }
}
