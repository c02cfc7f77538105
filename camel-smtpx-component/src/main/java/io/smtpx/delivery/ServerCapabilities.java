package io.smtpx.delivery;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** What the server announced in its EHLO reply (RFC 5321 section 4.1.1.1). */
final class ServerCapabilities {

    static final ServerCapabilities NONE = new ServerCapabilities(List.of());

    private boolean startTls;
    private boolean pipelining;
    private boolean eightBitMime;
    private boolean smtpUtf8;
    private boolean dsn;
    private boolean sizeExtension;
    private long maxSize;
    private ServerLimits limits = ServerLimits.NONE;
    private final Set<AuthMechanism> auth = EnumSet.noneOf(AuthMechanism.class);

    ServerCapabilities(List<String> ehloLines) {
        // the first line is the greeting domain; each further line is a keyword and its parameters
        for (int i = 1; i < ehloLines.size(); i++) {
            String line = ehloLines.get(i).trim();
            String[] words = line.split("[ =]+");
            String keyword = words[0].toUpperCase(Locale.ROOT);
            switch (keyword) {
                case "STARTTLS" -> startTls = true;
                case "PIPELINING" -> pipelining = true;
                case "8BITMIME" -> eightBitMime = true;
                case "SMTPUTF8" -> smtpUtf8 = true;
                case "DSN" -> dsn = true;
                case "SIZE" -> {
                    sizeExtension = true;
                    maxSize = words.length > 1 ? parseSize(words[1]) : 0;
                }
                case "AUTH" -> {
                    for (int w = 1; w < words.length; w++) {
                        addMechanism(words[w]);
                    }
                }
                case "LIMITS" -> limits = ServerLimits.parse(line.substring(words[0].length()));
                default -> {
                    // extensions we do not use
                }
            }
        }
    }

    private void addMechanism(String name) {
        try {
            auth.add(AuthMechanism.valueOf(name.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException unknown) {
            // CRAM-MD5, GSSAPI, ...: not spoken here
        }
    }

    private static long parseSize(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    boolean startTls() {
        return startTls;
    }

    boolean pipelining() {
        return pipelining;
    }

    boolean eightBitMime() {
        return eightBitMime;
    }

    boolean smtpUtf8() {
        return smtpUtf8;
    }

    boolean dsn() {
        return dsn;
    }

    /** True when the server takes the SIZE parameter (RFC 1870). */
    boolean sizeExtension() {
        return sizeExtension;
    }

    /** The announced SIZE limit in bytes, or 0 when none was announced (or it is unlimited). */
    long maxSize() {
        return maxSize;
    }

    /** What the server announced with LIMITS (RFC 9422), or {@link ServerLimits#NONE}. */
    ServerLimits limits() {
        return limits;
    }

    Set<AuthMechanism> authMechanisms() {
        return auth;
    }
}
