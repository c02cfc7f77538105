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
import java.util.HashMap;
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
 * Text patterns are case-insensitive (for ASCII, as SMTP replies are; add {@code (?u)} for more) and are searched
 * for in the reply's lines joined by single spaces, so a phrase wrapped over two continuation lines still matches
 * (see {@link ExaminedText} for how much of a reply is examined). Lines starting with {@code #} are comments.
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

    /**
     * Parses a rules file; {@code source} names it in error messages. Every mistake (a line that is neither a rule
     * header nor {@code key = value}, an unknown key, a key given twice, a rule without a reason, an unknown stage,
     * class or reason, a bad code or status pattern, a bad regular expression, two rules with one name) is an
     * {@link IllegalArgumentException} whose message starts with {@code source:line}.
     */
    public static ClassificationRules parse(Reader reader, String source) throws IOException {
        List<ClassificationRule> parsed = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        BufferedReader lines = new BufferedReader(reader);
        String name = null;
        Map<String, Field> fields = new LinkedHashMap<>();
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
                if (name.isEmpty()) {
                    throw new IllegalArgumentException(source + ":" + lineNumber + ": a rule needs a name: [rule-name]");
                }
                Integer earlier = names.putIfAbsent(name, lineNumber);
                if (earlier != null) {
                    throw new IllegalArgumentException(source + ":" + lineNumber + ": rule [" + name
                            + "] is already defined at line " + earlier);
                }
                fields = new LinkedHashMap<>();
                ruleLine = lineNumber;
                continue;
            }
            int eq = trimmed.indexOf('=');
            if (eq <= 0 || name == null) {
                throw new IllegalArgumentException(source + ":" + lineNumber + ": expected "
                        + (name == null ? "[rule-name] before the first key" : "[rule-name] or key = value")
                        + ", got: " + trimmed);
            }
            String key = trimmed.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(source + ":" + lineNumber + " [" + name + "]: unknown key '" + key
                        + "'; known keys: " + String.join(", ", KEYS));
            }
            Field earlier = fields.put(key, new Field(trimmed.substring(eq + 1).strip(), lineNumber));
            if (earlier != null) {
                throw new IllegalArgumentException(source + ":" + lineNumber + " [" + name + "]: '" + key
                        + "' is already given at line " + earlier.line());
            }
        }
        if (name != null) {
            parsed.add(toRule(name, fields, source, ruleLine));
        }
        return new ClassificationRules(parsed);
    }

    private static final List<String> KEYS = List.of("stage", "code", "status", "text", "class", "reason", "hint");

    /** A value and the line it was on, for error messages. */
    private record Field(String value, int line) {
    }

    private static ClassificationRule toRule(String name, Map<String, Field> fields, String source, int ruleLine) {
        Field stageField = fields.get("stage");
        Set<SmtpStage> stages = EnumSet.noneOf(SmtpStage.class);
        for (String stage : list(stageField)) {
            stages.add(enumValue(SmtpStage.class, stage, "stage", name, stageField, source));
        }
        Field codeField = fields.get("code");
        List<String> codes = list(codeField);
        for (String code : codes) {
            check(() -> EnhancedStatusCodes.CodePattern.compile(code), name, codeField, source);
        }
        Field statusField = fields.get("status");
        List<String> statuses = list(statusField);
        for (String status : statuses) {
            check(() -> EnhancedStatusCodes.StatusPattern.compile(status), name, statusField, source);
        }
        Field textField = fields.get("text");
        Pattern pattern = null;
        if (textField != null) {
            if (textField.value().isEmpty()) {
                throw error(source, textField.line(), name, "empty text pattern");
            }
            try {
                pattern = Pattern.compile(textField.value(), Pattern.CASE_INSENSITIVE);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException(source + ":" + textField.line() + " [" + name
                        + "]: bad text pattern: " + e.getDescription() + " near index " + e.getIndex(), e);
            }
        }
        Field classField = fields.get("class");
        ReplyClass replyClass = classField == null
                ? null : enumValue(ReplyClass.class, classField.value(), "class", name, classField, source);
        Field reasonField = fields.get("reason");
        if (reasonField == null || reasonField.value().isEmpty()) {
            throw error(source, reasonField == null ? ruleLine : reasonField.line(), name,
                    "no reason; give reason = one of " + Arrays.toString(Reason.values()));
        }
        Reason reason = enumValue(Reason.class, reasonField.value(), "reason", name, reasonField, source);
        Field hintField = fields.get("hint");
        String hint = hintField == null || hintField.value().isEmpty() ? null : hintField.value();
        try {
            return new ClassificationRule(name, stages, codes, statuses, pattern, replyClass, reason, hint);
        } catch (IllegalArgumentException e) {
            throw error(source, ruleLine, name, e.getMessage());
        }
    }

    private static <E extends Enum<E>> E enumValue(
            Class<E> type, String value, String key, String rule, Field field, String source) {
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(value.strip())) {
                return constant;
            }
        }
        throw error(source, field.line(), rule, "unknown " + key + " '" + value + "'; one of "
                + Arrays.toString(type.getEnumConstants()));
    }

    private static void check(Runnable compile, String rule, Field field, String source) {
        try {
            compile.run();
        } catch (IllegalArgumentException e) {
            throw error(source, field.line(), rule, e.getMessage());
        }
    }

    private static IllegalArgumentException error(String source, int line, String rule, String message) {
        return new IllegalArgumentException(source + ":" + line + " [" + rule + "]: " + message);
    }

    private static List<String> list(Field field) {
        if (field == null || field.value().isBlank()) {
            return List.of();
        }
        return Arrays.stream(field.value().split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
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
