package org.betweensessions.triage.screening;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.es.SpanishAnalyzer;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.miscellaneous.KeywordRepeatFilter;
import org.apache.lucene.analysis.pattern.PatternReplaceCharFilter;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.KeywordAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.tartarus.snowball.ext.EnglishStemmer;
import org.tartarus.snowball.ext.SpanishStemmer;

/**
 * Words of a message, with Apache Lucene: Unicode NFKC (JDK), apostrophes dropped inside words
 * ({@code can't} = {@code cant}, as texting writes it), letters repeated 3+ times shrunk to two, the
 * Unicode word-break tokenizer ({@link StandardTokenizer}), lower case, ASCII folding
 * ({@code corté} = {@code corte}) and the Snowball stemmer of the message language. Each word keeps
 * its folded surface form (for negation cues) and the clause it is in (clause punctuation, a line
 * break, {@code but}/{@code pero}), so that word pairs and negation never cross a clause.
 * Thread-safe: Lucene keeps one token-stream chain per thread.
 */
final class TextAnalysis {

    /** One word: folded surface form, stem, clause number, and whether it is a stop word of the language. */
    record Token(String surface, String stem, int clause, boolean stop) {}

    /** Lucene's stop-word lists (English: its 33 classic words; Spanish: the Snowball list), folded like the tokens. */
    private static final Set<String> ENGLISH_STOP = folded(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET);

    private static final Set<String> SPANISH_STOP = folded(SpanishAnalyzer.getDefaultStopSet());

    private static Set<String> folded(CharArraySet set) {
        Set<String> out = new HashSet<>();
        for (Object o : set) {
            String w = o instanceof char[] c ? new String(c) : String.valueOf(o);
            out.add(Normalizer.normalize(w, Normalizer.Form.NFD).replaceAll("\\p{M}", ""));
        }
        return Set.copyOf(out);
    }

    private static final Pattern APOSTROPHE = Pattern.compile("(?<=\\p{L})['\u2019\u2018`\u00b4](?=\\p{L})");
    private static final Pattern REPEATS = Pattern.compile("(\\p{L})\\1{2,}");
    private static final Pattern CLAUSE_BREAK = Pattern.compile("[.!?;:,\\n\\r\u2026()\\[\\]]|\\s[-\u2013\u2014]+\\s");

    private final Analyzer english = analyzer(true);
    private final Analyzer spanish = analyzer(false);
    private final WordSet clauseBreakers;

    TextAnalysis(WordSet clauseBreakers) {
        this.clauseBreakers = clauseBreakers;
    }

    private static Analyzer analyzer(boolean english) {
        return new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String field) {
                Tokenizer source = new StandardTokenizer();
                TokenStream t = new LowerCaseFilter(source);
                t = new ASCIIFoldingFilter(t);
                t = new KeywordRepeatFilter(t);
                t = new SnowballFilter(t, english ? new EnglishStemmer() : new SpanishStemmer());
                return new TokenStreamComponents(source, t);
            }

            @Override
            protected Reader initReader(String field, Reader reader) {
                return new PatternReplaceCharFilter(
                        REPEATS, "$1$1", new PatternReplaceCharFilter(APOSTROPHE, "", reader));
            }
        };
    }

    List<Token> tokens(String raw, String language) {
        String text = Normalizer.normalize(raw == null ? "" : raw, Normalizer.Form.NFKC);
        Analyzer analyzer = "es".equals(language) ? spanish : english;
        Set<String> stop = "es".equals(language) ? SPANISH_STOP : ENGLISH_STOP;
        List<Token> out = new ArrayList<>();
        try (TokenStream ts = analyzer.tokenStream("text", new StringReader(text))) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            KeywordAttribute keyword = ts.addAttribute(KeywordAttribute.class);
            OffsetAttribute offset = ts.addAttribute(OffsetAttribute.class);
            PositionIncrementAttribute increment = ts.addAttribute(PositionIncrementAttribute.class);
            ts.reset();
            int clause = 0;
            int previousEnd = 0;
            String surface = null;
            while (ts.incrementToken()) {
                if (keyword.isKeyword()) {
                    // KeywordRepeatFilter: first the unstemmed word, then (same position) its stem.
                    surface = term.toString();
                    int start = Math.min(Math.max(offset.startOffset(), previousEnd), text.length());
                    if (start > previousEnd
                            && CLAUSE_BREAK
                                    .matcher(text.substring(previousEnd, start))
                                    .find()) {
                        clause++;
                    }
                    if (clauseBreakers.contains(surface)) {
                        clause++;
                    }
                    previousEnd = Math.min(Math.max(offset.endOffset(), previousEnd), text.length());
                    out.add(new Token(surface, surface.replace(",", ""), clause, stop.contains(surface)));
                } else if (increment.getPositionIncrement() == 0 && surface != null && !out.isEmpty()) {
                    out.set(
                            out.size() - 1,
                            new Token(surface, term.toString().replace(",", ""), clause, stop.contains(surface)));
                }
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
