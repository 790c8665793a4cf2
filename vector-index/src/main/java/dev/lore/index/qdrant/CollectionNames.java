package dev.lore.index.qdrant;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Qdrant collection names for model ids. Reversible, so {@code collections()} can list the model ids
 * from Qdrant alone, with no registry to keep in step: letters, digits, {@code -} and {@code .} stay
 * as they are, and every other byte of the UTF-8 id becomes {@code _} and two hex digits
 * ({@code baai/bge-small-en-v1.5} → {@code lore_baai_2fbge-small-en-v1.5}).
 */
record CollectionNames(String prefix) {
    private static final HexFormat HEX = HexFormat.of();

    String qdrantName(String model) {
        StringBuilder name = new StringBuilder(prefix);
        for (byte b : model.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (plain(c)) {
                name.append(c);
            } else {
                name.append('_').append(HEX.toHexDigits(b));
            }
        }
        return name.toString();
    }

    /** The model id of one of this prefix's collections; empty for any other collection. */
    Optional<String> model(String qdrantName) {
        if (!qdrantName.startsWith(prefix) || qdrantName.length() == prefix.length()) {
            return Optional.empty();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = prefix.length(); i < qdrantName.length(); i++) {
            char c = qdrantName.charAt(i);
            if (plain(c)) {
                bytes.write(c);
            } else if (c == '_' && i + 2 < qdrantName.length() && isHex(qdrantName, i + 1)) {
                bytes.write(HEX.fromHexDigits(qdrantName, i + 1, i + 3));
                i += 2;
            } else {
                return Optional.empty();
            }
        }
        // Only the one name qdrantName gives maps back: no upper-case or needless escapes, no broken UTF-8.
        String model = bytes.toString(StandardCharsets.UTF_8);
        return qdrantName(model).equals(qdrantName) ? Optional.of(model) : Optional.empty();
    }

    private static boolean plain(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.';
    }

    private static boolean isHex(String s, int at) {
        return HexFormat.isHexDigit(s.charAt(at)) && HexFormat.isHexDigit(s.charAt(at + 1));
    }
}
