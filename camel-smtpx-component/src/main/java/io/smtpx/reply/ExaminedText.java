package io.smtpx.reply;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The part of a reply's text that rules' regular expressions look at, with a budget on how much work one search may
 * do.
 *
 * <p>Why the limits: a reply comes from a server we do not control, and rules may come from users. Java's regex
 * engine backtracks, so a pattern such as {@code exceeded.*(limit|quota)} costs time quadratic in the length of the
 * text, and a careless user pattern ({@code (a+)+b}) exponential. A real reply is small (RFC 5321 section 4.5.3.1.5
 * limits a reply line to 512 octets; the longest provider replies are well under 2 KB), so the classifier looks at
 * no more than the first {@value #MAX_LINES} lines, the first {@value #MAX_LINE_CHARS} characters of each and
 * {@value #MAX_TOTAL_CHARS} characters in all. On top of that each search gets a budget of character reads
 * proportional to that text; a search that exceeds it (or overflows the stack in a deeply nested pattern) counts as
 * "no match" instead of hanging or throwing. Nothing a server sends can make classification slow.
 *
 * <p>Lines are joined with a single space because providers wrap one sentence over several continuation lines
 * ("...an unusual rate of" / "unsolicited mail..."), and a rule must still find the phrase.
 */
final class ExaminedText implements CharSequence {

    static final int MAX_LINES = 50;
    static final int MAX_LINE_CHARS = 4096;
    static final int MAX_TOTAL_CHARS = 8 * 1024;
    /** Character reads allowed per search, per character of text (plus a constant for short texts). */
    private static final int BUDGET_PER_CHAR = 32;
    private static final int BUDGET_BASE = 10_000;

    private static final BudgetExceeded BUDGET_EXCEEDED = new BudgetExceeded();

    private final CharSequence text;
    private final int searchBudget;
    private int budget;

    private ExaminedText(CharSequence text) {
        this.text = text;
        this.searchBudget = BUDGET_BASE + BUDGET_PER_CHAR * text.length();
    }

    static ExaminedText of(List<String> lines) {
        if (lines == null || lines.isEmpty()) {
            return new ExaminedText("");
        }
        String first = lines.get(0);
        if (lines.size() == 1 && first.length() <= MAX_LINE_CHARS) {
            return new ExaminedText(first);
        }
        int count = Math.min(lines.size(), MAX_LINES);
        StringBuilder joined = new StringBuilder(Math.min(MAX_TOTAL_CHARS, 128 * count));
        for (int i = 0; i < count && joined.length() < MAX_TOTAL_CHARS; i++) {
            if (i > 0) {
                joined.append(' ');
            }
            String line = lines.get(i);
            int take = Math.min(Math.min(line.length(), MAX_LINE_CHARS), MAX_TOTAL_CHARS - joined.length());
            joined.append(line, 0, Math.max(take, 0));
        }
        return new ExaminedText(joined);
    }

    /** Whether {@code pattern} is found in the text within the search budget. Never throws. */
    boolean find(Pattern pattern) {
        budget = searchBudget;
        try {
            return pattern.matcher(this).find();
        } catch (BudgetExceeded | StackOverflowError e) {
            return false;
        }
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public char charAt(int index) {
        if (--budget < 0) {
            throw BUDGET_EXCEEDED;
        }
        return text.charAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return text.subSequence(start, end);
    }

    @Override
    public String toString() {
        return text.toString();
    }

    /** Thrown (one shared instance, no stack trace) when a search runs out of budget. */
    private static final class BudgetExceeded extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BudgetExceeded() {
            super("regular expression search budget exceeded", null, false, false);
        }
    }
}
