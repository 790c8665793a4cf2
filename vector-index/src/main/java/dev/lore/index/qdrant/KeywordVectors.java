package dev.lore.index.qdrant;

import com.google.common.hash.Hashing;
import dev.lore.index.TextAnalysis;
import io.qdrant.client.QueryFactory;
import io.qdrant.client.VectorFactory;
import io.qdrant.client.grpc.Points;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Keyword search as Qdrant sparse vectors, so that Qdrant computes BM25 itself: a chunk's value for
 * a term is BM25's saturated term frequency, the collection's IDF modifier multiplies in the
 * inverse document frequency at query time, and each distinct query term weighs 1.
 *
 * <p>Qdrant does not know chunk lengths, so length normalisation uses a fixed average of
 * {@value #AVERAGE_LENGTH} tokens (about one chunk) instead of the collection's. A term's sparse
 * index is the 32-bit murmur3 hash (seed 0) of its UTF-8 bytes with the sign bit cleared: a
 * published algorithm, so stored vectors stay valid across JVMs and releases, and better spread
 * over short terms than {@code String.hashCode}. Two terms that collide share one index, which at
 * worst lets one stand in for the other.
 */
final class KeywordVectors {
    static final double K1 = 1.2;
    static final double B = 0.75;
    static final int AVERAGE_LENGTH = 256;

    private KeywordVectors() {
    }

    /** The chunk's terms by sparse index; empty when the text holds no indexable term. */
    static SortedMap<Integer, Float> document(String content) {
        Map<String, Integer> frequencies = TextAnalysis.termFrequencies(content);
        int length = frequencies.values().stream().mapToInt(Integer::intValue).sum();
        SortedMap<Integer, Integer> byIndex = new TreeMap<>();
        frequencies.forEach((term, tf) -> byIndex.merge(index(term), tf, Integer::sum));
        SortedMap<Integer, Float> weights = new TreeMap<>();
        byIndex.forEach((index, tf) -> weights.put(index, (float) weight(tf, length)));
        return weights;
    }

    /** The query's distinct terms by sparse index, each 1; empty when it holds only stop words. */
    static SortedMap<Integer, Float> query(String text) {
        SortedMap<Integer, Float> weights = new TreeMap<>();
        TextAnalysis.termFrequencies(text).keySet().forEach(term -> weights.put(index(term), 1f));
        return weights;
    }

    static int index(String term) {
        return Hashing.murmur3_32_fixed().hashString(term, StandardCharsets.UTF_8).asInt() & 0x7fffffff;
    }

    /** BM25's term-frequency factor: grows with {@code tf} but saturates below {@code k1 + 1}. */
    static double weight(int tf, int length) {
        return tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / (double) AVERAGE_LENGTH));
    }

    /**
     * Maps Qdrant's raw BM25 score into [0, 1) the same way for every query. Qdrant does not expose
     * document frequencies, so the bound the Lucene adapter divides by (the query's total idf)
     * cannot be computed here; {@code s / (s + 1)} keeps the raw order and needs no statistics.
     */
    static double normalise(double rawScore) {
        return rawScore / (rawScore + 1);
    }

    static Points.Vector vector(SortedMap<Integer, Float> weights) {
        return VectorFactory.vector(new ArrayList<>(weights.values()), new ArrayList<>(weights.keySet()));
    }

    static Points.Query nearest(SortedMap<Integer, Float> weights) {
        return QueryFactory.nearest(new ArrayList<>(weights.values()), new ArrayList<>(weights.keySet()));
    }
}
