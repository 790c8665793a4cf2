package dev.lore.common.event;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Base64;

/**
 * The {@code chunk.input_ids} field of a {@code chunk.upserted} event: the ids the embedding model
 * reads for the chunk, as unsigned LEB128 varints in base64: two or three bytes per id of a BERT
 * vocabulary, about half the length of a JSON array of numbers, and a single string to parse.
 */
public final class InputIds {
    private InputIds() {
    }

    public static String encode(int[] ids) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(ids.length * 2 + 2);
        for (int id : ids) {
            if (id < 0) {
                throw new IllegalArgumentException("token id " + id + " is negative");
            }
            int v = id;
            while (v >= 0x80) {
                out.write(v & 0x7f | 0x80);
                v >>>= 7;
            }
            out.write(v);
        }
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }

    /** @throws IllegalArgumentException where {@code text} is not such an encoding */
    public static int[] decode(String text) {
        byte[] bytes = Base64.getDecoder().decode(text);
        int[] ids = new int[bytes.length];
        int n = 0;
        int i = 0;
        while (i < bytes.length) {
            long v = 0;
            for (int shift = 0; ; shift += 7) {
                if (i == bytes.length || shift > 28) {
                    throw new IllegalArgumentException("input_ids: a token id is cut off or too large");
                }
                int b = bytes[i++];
                v |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    break;
                }
            }
            if (v > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("input_ids: a token id is too large");
            }
            ids[n++] = (int) v;
        }
        return Arrays.copyOf(ids, n);
    }
}
