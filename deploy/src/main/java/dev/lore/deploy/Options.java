package dev.lore.deploy;

import java.nio.file.Path;

/** Arguments of {@code ./lore up}; {@code --build} never gets here because ./lore handles it. */
record Options(Path dataDir, int port) {

    static final Path DEFAULT_DATA_DIR = Path.of(".lore");
    static final int DEFAULT_PORT = 8080;

    static Options parse(String... args) {
        Path dataDir = DEFAULT_DATA_DIR;
        int port = DEFAULT_PORT;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String value;
            if (arg.contains("=")) {
                value = arg.substring(arg.indexOf('=') + 1);
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                value = args[++i];
            } else {
                value = null;
            }
            switch (name) {
                case "--data-dir" -> dataDir = Path.of(required(name, value));
                case "--port" -> port = port(required(name, value));
                default -> throw new UsageException("Unknown option '" + arg + "'.");
            }
        }
        return new Options(dataDir, port);
    }

    private static String required(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new UsageException(name + " needs a value.");
        }
        return value;
    }

    private static int port(String value) {
        // Services listen on port + offset, so the whole range has to fit below 65536.
        int max = 65535 - ServiceRegistry.maxPortOffset();
        try {
            int port = Integer.parseInt(value);
            if (port >= 1 && port <= max) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--port needs a number from 1 to " + max + ", got '" + value + "'.");
    }

    /** A mistake on the command line: the message says what is wrong, nothing else. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
