package dev.lore.deploy;

import java.nio.file.Path;

/** A component did not come up; the message names it and carries the end of its log. */
final class StartupException extends Exception {

    StartupException(String component, String reason, Path log) {
        super(component + " failed to start: " + reason
                + (log == null ? "" : "\n--- last " + Logs.TAIL_LINES + " lines of " + log + " ---\n"
                        + Logs.tail(log, Logs.TAIL_LINES)));
    }

    StartupException(String component, String reason, Path log, Throwable cause) {
        this(component, reason, log);
        initCause(cause);
    }
}
