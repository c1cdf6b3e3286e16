package org.betweensessions.triage.screening;

/**
 * A message reduced once to the small alphabet the lexicon patterns are written against:
 * lower-case a-z, digits, single spaces and the clause punctuation {@code . , ! ? ; :}.
 * Accents are stripped (ñ becomes n) so "corté" and "corte" match alike, apostrophes are
 * dropped so "can't" and texting-style "cant" are the same word, letters repeated three or
 * more times shrink to two ("sooooo" becomes "soo"), and anything else (emoji, quotes,
 * dashes, slashes) becomes a space.
 */
final class NormalizedText {

    final String text;
    /** sentenceOf[i] = index of the sentence that character i belongs to; built on first use (rarely needed). */
    private int[] sentenceOf;

    private NormalizedText(String text) {
        this.text = text;
    }

    static NormalizedText of(String raw) {
        String s = raw == null ? "" : raw;
        char[] out = new char[s.length()];
        int len = 0;
        char prev = ' ';
        int run = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = fold(s.charAt(i));
            if (c == 0) {
                continue; // apostrophe: join the word halves
            }
            run = c == prev ? run + 1 : 1;
            if (c == ' ' && run > 1) {
                continue;
            }
            if (run > 2 && c >= 'a' && c <= 'z') {
                continue; // third and later repeats of a letter
            }
            out[len++] = c;
            prev = c;
        }
        if (len > 0 && out[len - 1] == ' ') {
            len--;
        }
        return new NormalizedText(new String(out, 0, len));
    }

    private int[] sentences() {
        if (sentenceOf == null) {
            int[] sentence = new int[text.length()];
            int current = 0;
            for (int i = 0; i < text.length(); i++) {
                sentence[i] = current;
                char c = text.charAt(i);
                if (c == '.' || c == '!' || c == '?' || c == ';') {
                    current++;
                }
            }
            sentenceOf = sentence;
        }
        return sentenceOf;
    }

    /** Maps one raw character to the matching alphabet; 0 means "drop". */
    private static char fold(char c) {
        if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
            return c;
        }
        if (c >= 'A' && c <= 'Z') {
            return (char) (c + 32);
        }
        switch (c) {
            case '\'', '\u2019', '\u2018', '`', '\u00B4':
                return 0;
            case '.', ',', '!', '?', ';', ':':
                return c;
            case '\n', '\r':
                return '.'; // a line break ends a thought in texting
            case '\u2026':
                return '.';
            default:
                break;
        }
        switch (Character.toLowerCase(c)) {
            case 'á', 'à', 'â', 'ä', 'ã', 'å':
                return 'a';
            case 'é', 'è', 'ê', 'ë':
                return 'e';
            case 'í', 'ì', 'î', 'ï':
                return 'i';
            case 'ó', 'ò', 'ô', 'ö', 'õ':
                return 'o';
            case 'ú', 'ù', 'û', 'ü':
                return 'u';
            case 'ñ':
                return 'n';
            case 'ç':
                return 'c';
            default:
                return ' ';
        }
    }

    int sentenceAt(int index) {
        int[] sentence = sentences();
        if (sentence.length == 0) {
            return 0;
        }
        return sentence[Math.min(Math.max(index, 0), sentence.length - 1)];
    }

    static boolean isWordChar(char c) {
        return c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
    }
}
