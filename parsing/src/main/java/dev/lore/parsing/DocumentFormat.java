package dev.lore.parsing;

/** The formats Lore indexes, and how each one is turned into Markdown. */
enum DocumentFormat {
    PDF("PDF", Route.TIKA),
    DOCX("DOCX", Route.TIKA),
    DOC("DOC", Route.TIKA),
    PPTX("PPTX", Route.TIKA),
    XLSX("XLSX", Route.TIKA),
    HTML("HTML", Route.TIKA),
    MARKDOWN("Markdown", Route.MARKDOWN),
    TXT("TXT", Route.TEXT),
    CSV("CSV", Route.CSV),
    JSON("JSON", Route.JSON),
    RTF("RTF", Route.TIKA),
    ODT("ODT", Route.TIKA),
    EPUB("EPUB", Route.TIKA),
    EML("EML", Route.EMAIL),
    /** An encrypted Office file: Tika can only tell it is password-protected, which parse() reports. */
    PROTECTED_OFFICE("Office", Route.TIKA);

    enum Route {
        TIKA, EMAIL, MARKDOWN, TEXT, CSV, JSON;

        /** Read as text by Lore itself, not by a Tika parser. */
        boolean readsText() {
            return this == MARKDOWN || this == TEXT || this == CSV || this == JSON;
        }
    }

    final String label;
    final Route route;

    DocumentFormat(String label, Route route) {
        this.label = label;
        this.route = route;
    }

    /** PDF pages and PPTX slides become pages. */
    boolean paginated() {
        return this == PDF || this == PPTX;
    }

    /** In HTML-based formats a line break in the source is just whitespace; elsewhere it separates lines. */
    boolean newlinesAreWhitespace() {
        return this == HTML || this == EPUB;
    }

    /** Shown to users in the list of supported formats. */
    boolean listed() {
        return this != PROTECTED_OFFICE;
    }
}
