package io.smtpx.reply;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The corpus of real replies in reply-corpus.tsv: where each came from, at which stage, and what it means. */
record ReplyCorpus(String source, SmtpStage stage, String raw, ReplyClass expectedClass, Reason expectedReason,
        int line) {

    static final String RESOURCE = "/io/smtpx/reply/reply-corpus.tsv";

    static List<ReplyCorpus> load() {
        List<ReplyCorpus> rows = new ArrayList<>();
        try (InputStream in = ReplyCorpus.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Missing " + RESOURCE);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] columns = line.split("\t", -1);
                if (columns.length != 5) {
                    throw new IllegalStateException(RESOURCE + ":" + number + ": expected 5 tab-separated columns, got "
                            + columns.length);
                }
                rows.add(new ReplyCorpus(columns[0], SmtpStage.valueOf(columns[1]), unescape(columns[2]),
                        ReplyClass.valueOf(columns[3]), Reason.valueOf(columns[4]), number));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    /** \n, \r and \\ as in the file. */
    static String unescape(String escaped) {
        StringBuilder sb = new StringBuilder(escaped.length());
        for (int i = 0; i < escaped.length(); i++) {
            char c = escaped.charAt(i);
            if (c == '\\' && i + 1 < escaped.length()) {
                char next = escaped.charAt(++i);
                sb.append(switch (next) {
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    default -> next;
                });
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "line " + line + " " + stage + " " + raw.replace("\r", "").replace('\n', '|');
    }
}
