package dev.lore.chunking;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How text is cut into chunks. {@link #RECURSIVE} is the default. */
public enum ChunkStrategy {
    /** Paragraphs, then lines, sentences, words and tokens, merged greedily up to the size. */
    RECURSIVE,
    /** Windows of exactly the chunk size in tokens. */
    FIXED,
    /** Whole sentences packed up to the size. */
    SENTENCE,
    /** One or more chunks per heading section, titled with the heading path. */
    MARKDOWN,
    /** Sentences grouped while adjacent sentences stay similar in meaning. */
    SEMANTIC;

    /** The lower-case name used in requests and stored metadata, e.g. {@code "recursive"}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Case-insensitive inverse of {@link #id()}. */
    public static ChunkStrategy parse(String s) {
        if (s != null) {
            for (ChunkStrategy strategy : values()) {
                if (strategy.id().equalsIgnoreCase(s.strip())) {
                    return strategy;
                }
            }
        }
        throw new IllegalArgumentException("Unknown chunk strategy '" + s + "'; allowed: "
                + Arrays.stream(values()).map(ChunkStrategy::id).collect(Collectors.joining(", ")));
    }
}
