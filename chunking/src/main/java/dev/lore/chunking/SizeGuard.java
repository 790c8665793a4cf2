package dev.lore.chunking;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Counts every final chunk exactly and splits any that is over the size: a span tokenized on its
 * own can differ from the sum of its pieces (e.g. when a piece was cut inside a word).
 */
final class SizeGuard {
    /** Below this many chunks, counting in parallel costs more than it saves. */
    private static final int PARALLEL_FROM = 32;

    record Measured(Draft draft, int tokens) {
    }

    private final TokenCounter counter;
    private final String text;
    private final int size;
    private final int wholeTextCount;

    /** @param wholeTextCount the exact token count of text if known, else -1 */
    SizeGuard(TokenCounter counter, String text, int size, int wholeTextCount) {
        this.counter = counter;
        this.text = text;
        this.size = size;
        this.wholeTextCount = wholeTextCount;
    }

    List<Measured> enforce(List<Draft> drafts) {
        Stream<Draft> stream = drafts.size() >= PARALLEL_FROM ? drafts.parallelStream() : drafts.stream();
        List<Measured> measured = stream.map(this::measure).toList();
        List<Measured> out = new ArrayList<>(measured.size());
        for (Measured m : measured) {
            fit(m, out);
        }
        return out;
    }

    private Measured measure(Draft draft) {
        // A chunk that is the whole text (most short documents) was counted when it was indexed.
        if (wholeTextCount >= 0 && draft.content().length() == text.length() && draft.isVerbatim(text)) {
            return new Measured(draft, wholeTextCount);
        }
        return new Measured(draft, counter.countTokens(draft.content()));
    }

    private void fit(Measured m, List<Measured> out) {
        if (m.tokens() <= size) {
            out.add(m);
            return;
        }
        Draft draft = m.draft();
        String content = draft.content();
        int cut = cutPoint(content);
        if (cut <= 0 || cut >= content.length()) {
            out.add(m); // a single grapheme: nothing left to cut
            return;
        }
        for (Draft part : List.of(part(draft, 0, cut), part(draft, cut, content.length()))) {
            if (part != null) {
                fit(measure(part), out);
            }
        }
    }

    /**
     * Where to cut an oversized content: after its first size tokens, moved back to the last
     * whitespace in the final quarter before that, else to a grapheme boundary.
     */
    private int cutPoint(String content) {
        int[] ends = counter.tokenEnds(content);
        int cut = ends.length > size ? Math.min(content.length(), ends[size - 1]) : content.length() / 2;
        for (int i = Math.min(cut, content.length() - 1); i > cut * 3 / 4; i--) {
            if (Character.isWhitespace(content.charAt(i - 1))) {
                return i;
            }
        }
        Graphemes graphemes = new Graphemes(content);
        int safe = graphemes.floor(cut);
        if (safe <= 0) {
            safe = graphemes.ceil(Math.max(1, cut));
        }
        // A cut at either end would not shrink anything: halve instead.
        return safe > 0 && safe < content.length() ? safe : Math.max(1, graphemes.floor(content.length() / 2));
    }

    /** Content [from, to) of the draft; offsets stay exact when the content is the document's own text. */
    private Draft part(Draft draft, int from, int to) {
        if (draft.isVerbatim(text)) {
            return Draft.of(text, draft.start() + from, draft.start() + to, draft.title(), draft.type());
        }
        Draft part = Draft.of(draft.content(), from, to, draft.title(), draft.type());
        return part == null ? null : new Draft(draft.start(), draft.end(), part.content(), draft.title(), draft.type());
    }
}
