package dev.lore.chunking;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lore.chunking.MarkdownLayout.Region;
import java.util.List;
import org.junit.jupiter.api.Test;

class MarkdownLayoutTest {
    private static final String DOC = """
            Preface text.
            # Guide
            ## Install ##
            Steps:
            ```bash
            # not a heading
            | not | a table |
            |---|---|
            ```
            ### Linux
            Use apt.

            | OS | Command |
            |:---|---:|
            | Debian | apt |
            | Fedora | dnf |
            After the table.
            ## Usage
            Run it.
            """;

    private static String describe(Region r) {
        return r.type().id() + " [" + r.title() + "] " + DOC.substring(r.start(), r.end()).strip().lines().findFirst().orElse("");
    }

    @Test
    void headingAwareRegionsCarryHeadingPathsAndSkipFencedCode() {
        List<String> regions = MarkdownLayout.regions(DOC, true).stream().map(MarkdownLayoutTest::describe).toList();
        assertEquals(List.of(
                "text [null] Preface text.",
                // "# Guide" has no body of its own: it only appears in the paths below it.
                "text [Guide > Install] ## Install ##",
                "text [Guide > Install > Linux] ### Linux",
                "table [Guide > Install > Linux] | OS | Command |",
                "text [Guide > Install > Linux] After the table.",
                "text [Guide > Usage] ## Usage"), regions);
    }

    @Test
    void plainLayoutOnlySeparatesTables() {
        List<Region> regions = MarkdownLayout.regions(DOC, false);
        assertEquals(List.of("text [null] Preface text.", "table [null] | OS | Command |", "text [null] After the table."),
                regions.stream().map(MarkdownLayoutTest::describe).toList());
        Region table = regions.get(1);
        assertEquals("| OS | Command |\n|:---|---:|\n| Debian | apt |\n| Fedora | dnf |\n",
                DOC.substring(table.start(), table.end()));
    }

    @Test
    void pipesWithoutMatchingDelimiterRowAreText() {
        String md = "a | b\n---\nc | d\n|x|\n|-|-|\n";
        assertEquals(List.of(new Region(0, md.length(), null, ChunkType.TEXT)), MarkdownLayout.regions(md, false));
    }
}
