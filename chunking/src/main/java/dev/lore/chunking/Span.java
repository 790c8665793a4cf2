package dev.lore.chunking;

/** A half-open char range [start, end) of the document. */
record Span(int start, int end) {
}
