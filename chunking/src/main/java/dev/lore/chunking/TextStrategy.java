package dev.lore.chunking;

import java.util.List;

/** Cuts one run of text (no tables in it) into chunk spans of at most size tokens. */
interface TextStrategy {
    /** Spans in document order; they may overlap and may still need trimming. */
    List<Span> split(Doc doc, int from, int to, int size, int overlap);
}
