package dev.lore.chunking;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SentenceSplitterTest {

    static List<String> sentences(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int cut : SentenceSplitter.cuts(text, 0, text.length())) {
            out.add(text.substring(start, cut).strip());
            start = cut;
        }
        out.add(text.substring(start).strip());
        return out;
    }

    @Test
    void splitsEnglishButNotAbbreviationsInitialsOrDecimals() {
        assertEquals(List.of("Hello world.", "See e.g. the value 3.14 from Dr. Smith and J. Doe!", "Is it right?",
                        "Yes...", "It is."),
                sentences("Hello world. See e.g. the value 3.14 from Dr. Smith and J. Doe! Is it right? Yes... It is."));
    }

    @Test
    void keepsClosingQuotesAndLowerCaseContinuations() {
        assertEquals(List.of("He said \"Stop.\"", "Then (after a pause.) he left.", "It took approx. five minutes."),
                sentences("He said \"Stop.\" Then (after a pause.) he left. It took approx. five minutes."));
    }

    @Test
    void splitsChineseWithoutSpacesKeepingEllipsesAndClosers() {
        assertEquals(List.of("今天天气很好。", "我们去公园吧！", "你来吗？", "好的；", "他说：“你好。”", "然后走了……。", "真的吗？！……",
                        "我不信"),
                sentences("今天天气很好。我们去公园吧！你来吗？好的；他说：“你好。”然后走了……。真的吗？！……我不信"));
    }

    @Test
    void splitsMixedEnglishAndChinese() {
        assertEquals(List.of("Lore supports Chinese.", "它也支持中文。", "It works!", "好吗?", "当然"),
                sentences("Lore supports Chinese. 它也支持中文。It works! 好吗?当然"));
    }

    @Test
    void blankLinesAndMarkdownBlocksEndSentences() {
        assertEquals(List.of("Intro without a full stop", "- first item", "- second item", "# Heading", "wrapped line\ncontinues here."),
                sentences("Intro without a full stop\n\n- first item\n- second item\n# Heading\nwrapped line\ncontinues here."));
    }
}
