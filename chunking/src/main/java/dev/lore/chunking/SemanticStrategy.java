package dev.lore.chunking;

import java.util.ArrayList;
import java.util.List;

/**
 * Groups consecutive sentences while each is similar in meaning to the one before (cosine
 * similarity at least the threshold); a group larger than the size is packed from its sentences
 * again. No overlap: a chunk boundary here is a change of topic.
 */
final class SemanticStrategy implements TextStrategy {
    /** Sentences per embedding call; the model batches and parallelizes inside a call. */
    static final int BATCH = 64;

    private final SentenceEmbedder embedder;
    private final double threshold;

    SemanticStrategy(SentenceEmbedder embedder, double threshold) {
        this.embedder = embedder;
        this.threshold = threshold;
    }

    @Override
    public List<Span> split(Doc doc, int from, int to, int size, int overlap) {
        List<Span> sentences = sentences(doc, from, to);
        List<float[]> vectors = embed(doc, sentences);
        TextStrategy sentenceChunks = new SentenceStrategy();
        List<Span> chunks = new ArrayList<>();
        int groupStart = 0;
        for (int i = 1; i <= sentences.size(); i++) {
            if (i == sentences.size() || cosine(vectors.get(i - 1), vectors.get(i)) < threshold) {
                Span group = new Span(sentences.get(groupStart).start(), sentences.get(i - 1).end());
                chunks.addAll(sentenceChunks.split(doc, group.start(), group.end(), size, 0));
                groupStart = i;
            }
        }
        return chunks;
    }

    private static List<Span> sentences(Doc doc, int from, int to) {
        List<Span> sentences = new ArrayList<>();
        int start = from;
        for (int cut : Separator.SENTENCE.cuts(doc.text, from, to)) {
            sentences.add(new Span(start, cut));
            start = cut;
        }
        sentences.add(new Span(start, to));
        // Only a leading run of whitespace can be blank: cuts are at non-whitespace chars.
        sentences.removeIf(s -> doc.isBlank(s.start(), s.end()));
        return sentences;
    }

    private List<float[]> embed(Doc doc, List<Span> sentences) {
        List<float[]> vectors = new ArrayList<>(sentences.size());
        for (int i = 0; i < sentences.size(); i += BATCH) {
            List<String> batch = sentences.subList(i, Math.min(sentences.size(), i + BATCH)).stream()
                    .map(s -> doc.text.substring(s.start(), s.end()).strip())
                    .toList();
            List<float[]> embedded = embedder.embed(batch);
            if (embedded.size() != batch.size()) {
                throw new IllegalStateException("Embedder returned " + embedded.size() + " vectors for "
                        + batch.size() + " sentences");
            }
            vectors.addAll(embedded);
        }
        return vectors;
    }

    /** Cosine similarity; vectors should be unit-length already, but normalizing is cheap insurance. */
    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }
}
