package dev.lore.parsing;

import java.util.Collections;
import java.util.List;

/**
 * The Markdown text of one parsed file.
 *
 * @param markdown   the document as Markdown (headings, lists and tables kept)
 * @param mediaType  the media type the file was parsed as, without parameters
 * @param title      the document title, or null when the file has none
 * @param pageStarts ascending Markdown offsets where each page (PDF) or slide (PPTX) starts; empty for other formats
 */
public record ParsedDocument(String markdown, String mediaType, String title, List<Integer> pageStarts) {

    /**
     * NULs are no text and PostgreSQL refuses them, wherever a format lets one through (a text file
     * past its first bytes, a title or header from metadata): in the Markdown each becomes a space,
     * which keeps the page offsets, and a title drops them.
     */
    public ParsedDocument {
        markdown = markdown.replace('\0', ' ');
        title = title == null ? null : title.replace("\0", "");
        pageStarts = pageStarts == null ? List.of() : List.copyOf(pageStarts);
    }

    public int pageCount() {
        return pageStarts.size();
    }

    /** The 1-based page containing the Markdown character offset, or null when the document has no pages. */
    public Integer pageAt(int offset) {
        if (pageStarts.isEmpty()) {
            return null;
        }
        // Last page starting at or before the offset; empty pages share their successor's start and lose to it.
        int index = Collections.binarySearch(pageStarts, offset);
        if (index >= 0) {
            while (index + 1 < pageStarts.size() && pageStarts.get(index + 1) == offset) {
                index++;
            }
            return index + 1;
        }
        int insertion = -index - 1;
        return Math.max(insertion, 1);
    }
}
