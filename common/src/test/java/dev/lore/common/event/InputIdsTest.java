package dev.lore.common.event;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InputIdsTest {

    @Test
    void roundTripsEveryVarintLength() {
        int[] ids = {0, 1, 101, 127, 128, 16_383, 16_384, 30_521, 250_001, 2_097_152, Integer.MAX_VALUE, 102};
        assertArrayEquals(ids, InputIds.decode(InputIds.encode(ids)));
        assertArrayEquals(new int[0], InputIds.decode(InputIds.encode(new int[0])));
    }

    @Test
    void roundTripsARealisticChunk() {
        Random random = new Random(7);
        int[] ids = random.ints(510, 0, 30_522).toArray();
        String encoded = InputIds.encode(ids);
        assertArrayEquals(ids, InputIds.decode(encoded));
        String json = java.util.Arrays.toString(ids).replace(" ", "");
        assertTrue(encoded.length() < json.length() * 2 / 3, encoded.length() + " characters against " + json.length());
    }

    @Test
    void refusesWhatIsNoEncoding() {
        assertThrows(IllegalArgumentException.class, () -> InputIds.encode(new int[] {-1}));
        assertThrows(IllegalArgumentException.class, () -> InputIds.decode("not base64!"));
        String cut = Base64.getEncoder().encodeToString(new byte[] {(byte) 0x81});
        assertThrows(IllegalArgumentException.class, () -> InputIds.decode(cut));
        String tooLong = Base64.getEncoder().encodeToString(new byte[] {-1, -1, -1, -1, -1, 1});
        assertThrows(IllegalArgumentException.class, () -> InputIds.decode(tooLong));
        String overInt = Base64.getEncoder().encodeToString(new byte[] {-1, -1, -1, -1, 0x0f});
        assertThrows(IllegalArgumentException.class, () -> InputIds.decode(overInt));
    }
}
