package io.smtpx.reply;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * An ordered list of {@link ClassificationRule}s, read from a plain-text rules file; the first rule that matches a
 * reply decides its reason. The format, one block per rule:
 *
 * <pre>
 * [mailbox-full-on-rcpt]          # the rule's name
 * stage  = RCPT                   # stages, comma separated (default: any)
 * code   = 552, 452               # basic codes; x for any digit: 55x, 5xx
 * status = 5.2.2, x.2.2, 5.7.*    # enhanced codes; x or * for any part
 * text   = (?i)mailbox.*full      # a regular expression found in a line of the reply
 * class  = TRANSIENT              # overrides the class the code gives (optional)
 * reason = MAILBOX_FULL
 * hint   = The recipient's mailbox is full; retry later or reach them another way.
 * </pre>
 *
 * Text patterns are case-insensitive. Lines starting with {@code #} are comments.
 */
public final class ClassificationRules {

    /** The rules that ship with the component. */
    public static final String DEFAULT_RESOURCE = "/io/smtpx/reply/classification-rules.conf";

    private final List<ClassificationRule> rules;

    private ClassificationRules(List<ClassificationRule> rules) {
        this.rules = List.copyOf(rules);
    }

    public static ClassificationRules of(List<ClassificationRule> rules) {
        return new ClassificationRules(rules);
    }

    /** The rules that ship with the component. */
    public static ClassificationRules defaults() {
        try (InputStream in = ClassificationRules.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Missing " + DEFAULT_RESOURCE + " on the classpath");
            }
            return parse(new InputStreamReader(in, StandardCharsets.UTF_8), DEFAULT_RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ClassificationRules load(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(reader, file.toString());
        }
    }

    /** Parses a rules file; {@code source} names it in error messages. */
    public static ClassificationRules parse(Reader reader, String source) throws IOException {
        List<ClassificationRule> parsed = new ArrayList<>();
        BufferedReader lines = new BufferedReader(reader);
        String name = null;
        Map<String, String> fields = new LinkedHashMap<>();
        int lineNumber = 0;
        int ruleLine = 0;
        String line;
        while ((line = lines.readLine()) != null) {
            lineNumber++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            if (trimmed.startsWith("[") && trimmed.endsWith("]")) {
                if (name != null) {
                    parsed.add(toRule(name, fields, source, ruleLine));
                }
                name = trimmed.substring(1, trimmed.length() - 1).strip();
                fields = new LinkedHashMap<>();
                ruleLine = lineNumber;
                continue;
            }
            int eq = trimmed.indexOf('=');
            if (eq <= 0 || name == null) {
                throw new IllegalArgumentException(
                        source + ":" + lineNumber + ": expected [rule-name] or key = value, got: " + trimmed);
            }
            fields.put(trimmed.substring(0, eq).strip().toLowerCase(Locale.ROOT), trimmed.substring(eq + 1).strip());
        }
        if (name != null) {
            parsed.add(toRule(name, fields, source, ruleLine));
        }
        return new ClassificationRules(parsed);
    }

    private static ClassificationRule toRule(String name, Map<String, String> fields, String source, int line) {
        String where = source + ":" + line + " [" + name + "]: ";
        try {
            Set<SmtpStage> stages = EnumSet.noneOf(SmtpStage.class);
            for (String stage : list(fields.remove("stage"))) {
                stages.add(SmtpStage.valueOf(stage.toUpperCase(Locale.ROOT)));
            }
            List<String> codes = list(fields.remove("code"));
            List<String> statuses = list(fields.remove("status"));
            String text = fields.remove("text");
            Pattern pattern = text == null ? null : Pattern.compile(text, Pattern.CASE_INSENSITIVE);
            String cls = fields.remove("class");
            ReplyClass replyClass = cls == null ? null : ReplyClass.valueOf(cls.toUpperCase(Locale.ROOT));
            String reason = fields.remove("reason");
            if (reason == null) {
                throw new IllegalArgumentException("no reason");
            }
            String hint = fields.remove("hint");
            if (!fields.isEmpty()) {
                throw new IllegalArgumentException("unknown keys " + fields.keySet());
            }
            return new ClassificationRule(name, stages, codes, statuses, pattern, replyClass,
                    Reason.valueOf(reason.toUpperCase(Locale.ROOT)), hint);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(where + "bad text pattern: " + e.getDescription(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + e.getMessage(), e);
        }
    }

    private static List<String> list(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * These rules placed in front of {@code base}: a rule here with the name of one in {@code base} replaces it where
     * it stands; the others are tried first.
     */
    public ClassificationRules overriding(ClassificationRules base) {
        Map<String, ClassificationRule> byName = new LinkedHashMap<>();
        for (ClassificationRule rule : rules) {
            byName.put(rule.name(), rule);
        }
        List<ClassificationRule> merged = new ArrayList<>();
        for (ClassificationRule rule : rules) {
            if (base.rules.stream().noneMatch(b -> b.name().equals(rule.name()))) {
                merged.add(rule);
            }
        }
        for (ClassificationRule rule : base.rules) {
            merged.add(byName.getOrDefault(rule.name(), rule));
        }
        return new ClassificationRules(merged);
    }

    public List<ClassificationRule> rules() {
        return rules;
    }
}
