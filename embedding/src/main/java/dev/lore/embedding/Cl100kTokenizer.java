package dev.lore.embedding;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;

/**
 * OpenAI's {@code cl100k_base} byte-pair encoding (jtokkit), the tokenizer of OpenAI's embedding
 * models, used to size chunks for a remote model whose own tokenizer Lore cannot load.
 */
final class Cl100kTokenizer implements TextTokenizer {
    private static final Encoding CL100K = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);

    private final int maxContentTokens;

    Cl100kTokenizer(int maxContentTokens) {
        this.maxContentTokens = maxContentTokens;
    }

    @Override
    public int maxContentTokens() {
        return maxContentTokens;
    }

    @Override
    public int countTokens(String text) {
        return text.isEmpty() ? 0 : CL100K.countTokensOrdinary(text);
    }

    /**
     * Tokens are byte sequences of the UTF-8 text; a token that ends inside a character's bytes
     * ends, in chars, where the previous whole character did.
     */
    @Override
    public int[] tokenEnds(String text) {
        if (text.isEmpty()) {
            return new int[0];
        }
        IntArrayList tokens = CL100K.encodeOrdinary(text);
        int[] ends = new int[tokens.size()];
        IntArrayList one = new IntArrayList(1);
        long bytes = 0;
        int chars = 0;
        long bytesAtChars = 0;
        for (int i = 0; i < ends.length; i++) {
            one.clear();
            one.add(tokens.get(i));
            bytes += CL100K.decodeBytes(one).length;
            while (chars < text.length()) {
                int cp = text.codePointAt(chars);
                int width = utf8Width(cp);
                if (bytesAtChars + width > bytes) {
                    break;
                }
                bytesAtChars += width;
                chars += Character.charCount(cp);
            }
            ends[i] = chars;
        }
        return ends;
    }

    private static int utf8Width(int codePoint) {
        return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
    }
}
