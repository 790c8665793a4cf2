package dev.lore.index;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.cjk.CJKBigramFilter;
import org.apache.lucene.analysis.cjk.CJKWidthCharFilter;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * The one tokenization of keyword search, shared by both index adapters: Unicode word breaking,
 * full-width folding, Chinese/Japanese/Korean text as overlapping bigrams (no dictionary needed,
 * works for any CJK text), and English possessives, lower-casing, stop words and Porter stemming
 * (what Lucene's EnglishAnalyzer does; measured 0.683 nDCG@10 on SciFact).
 */
public final class TextAnalysis {
    public static final Analyzer ANALYZER = new Analyzer() {
        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            Tokenizer source = new StandardTokenizer();
            TokenStream stream = new CJKBigramFilter(source);
            stream = new EnglishPossessiveFilter(stream);
            stream = new LowerCaseFilter(stream);
            stream = new StopFilter(stream, EnglishAnalyzer.ENGLISH_STOP_WORDS_SET);
            stream = new PorterStemFilter(stream);
            return new TokenStreamComponents(source, stream);
        }

        @Override
        protected Reader initReader(String fieldName, Reader reader) {
            return new CJKWidthCharFilter(reader);
        }
    };

    private TextAnalysis() {
    }

    /** Each distinct term of the text with how often it occurs, in first-seen order. */
    public static Map<String, Integer> termFrequencies(String text) {
        Map<String, Integer> out = new LinkedHashMap<>();
        try (TokenStream ts = ANALYZER.tokenStream("text", text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.merge(term.toString(), 1, Integer::sum);
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
