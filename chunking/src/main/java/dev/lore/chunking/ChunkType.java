package dev.lore.chunking;

import java.util.Locale;

/** What a chunk holds: running text, or (part of) a Markdown table. */
public enum ChunkType {
    TEXT,
    TABLE;

    /** The lower-case name stored with the chunk, e.g. {@code "table"}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
