package dev.lore.parsing;

import java.util.Locale;

/** A file could not be turned into text. The message is meant for end users. */
public class ParseFailure extends Exception {

    public ParseFailure(String message, Throwable cause) {
        super(message, cause);
    }

    static ParseFailure interrupted(Throwable cause) {
        return new ParseFailure("Parsing was interrupted", cause);
    }

    static ParseFailure tooLarge(int maxChars, Throwable cause) {
        return new ParseFailure(String.format(Locale.ROOT,
                "The document is too large to index (more than %,d characters of text)", maxChars), cause);
    }

    static ParseFailure noText() {
        return new ParseFailure("No text could be extracted from the file", null);
    }

    static ParseFailure passwordProtected(Throwable cause) {
        return new ParseFailure("The file is password-protected; upload it without a password", cause);
    }

    static ParseFailure corrupt(String formatLabel, Throwable cause) {
        return new ParseFailure("The file is corrupt or not a valid " + formatLabel + " file", cause);
    }
}
