package dev.lore.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * {@code <data>/internal-token.secret}: the HS256 secret every service of this stack signs and
 * verifies internal tokens with. Generated once per data dir (32 random bytes, base64url), readable
 * by the owner only, and handed to each service as {@value #ENV}.
 */
final class InternalTokenSecret {

    static final String FILE = "internal-token.secret";
    static final String ENV = "LORE_INTERNAL_TOKEN_SECRET";
    /** 32 bytes in unpadded base64url. */
    static final int LENGTH = 43;

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final SecureRandom RANDOM = new SecureRandom();

    private InternalTokenSecret() {
    }

    /** The data dir's secret, created on first use; the caller holds the data dir lock. */
    static String loadOrCreate(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE);
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        if (Files.exists(file)) {
            String secret = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (secret.length() < LENGTH) {
                throw new IOException(file + " does not hold a usable secret (at least " + LENGTH
                        + " characters); delete it and a new one is generated");
            }
            if (posix && !Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
                Files.setPosixFilePermissions(file, OWNER_ONLY);
            }
            return secret;
        }
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Files.createDirectories(dataDir);
        // Written under another name with its final mode, then renamed: never readable by others, never half written.
        Path tmp = posix
                ? Files.createTempFile(dataDir, FILE, ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                : Files.createTempFile(dataDir, FILE, ".tmp");
        try {
            Files.writeString(tmp, secret + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return secret;
    }
}
