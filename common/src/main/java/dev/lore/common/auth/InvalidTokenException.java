package dev.lore.common.auth;

/** An internal token that is missing, malformed, badly signed, expired or for someone else. */
public class InvalidTokenException extends Exception {
    public InvalidTokenException(String message, Throwable cause) {
        super(message, cause);
    }
}
