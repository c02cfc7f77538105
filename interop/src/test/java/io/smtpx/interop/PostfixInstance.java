package io.smtpx.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * One private Postfix instance as the tests see it: its queue (to know when it has finished delivering) and the
 * maildirs its virtual delivery agent writes (to count and read what actually arrived).
 */
final class PostfixInstance {

    private static final List<String> QUEUES = List.of("maildrop", "incoming", "active", "deferred", "hold");

    private final String name;
    private final Path dir;

    PostfixInstance(String name, Path dir) {
        this.name = name;
        this.dir = dir;
    }

    /** The messages in the maildir of one address, oldest first, as text. */
    List<String> messages(String address) {
        String local = address.substring(0, address.indexOf('@'));
        String domain = address.substring(address.indexOf('@') + 1);
        Path maildir = dir.resolve("mail").resolve(domain).resolve(local);
        List<Path> files = new ArrayList<>();
        for (String sub : List.of("new", "cur")) {
            files.addAll(list(maildir.resolve(sub)));
        }
        files.sort(Comparator.comparing(Path::getFileName));
        List<String> texts = new ArrayList<>();
        for (Path file : files) {
            try {
                texts.add(Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return texts;
    }

    int count(String address) {
        return messages(address).size();
    }

    /** Files in the queue: messages Postfix accepted and has not finished with (delivered, bounced or dropped). */
    int queued() {
        int count = 0;
        for (String queue : QUEUES) {
            Path path = dir.resolve("queue").resolve(queue);
            if (Files.isDirectory(path)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    count += (int) walk.filter(Files::isRegularFile).count();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return count;
    }

    /** Waits until Postfix has finished with everything it accepted, so mailbox counts are final. */
    void awaitIdle() {
        await("postfix " + name + " queue empty").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> queued() == 0);
    }

    /** Waits until one mailbox holds at least this many messages, then until the queue is empty. */
    void awaitDelivered(String address, int count) {
        await(count + " message(s) in " + address + " on " + name).atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100)).until(() -> count(address) >= count);
        awaitIdle();
    }

    /** Empties every mailbox, after the queue: each test starts from nothing. */
    void clearMailboxes() {
        awaitIdle();
        Path mail = dir.resolve("mail");
        try (Stream<Path> walk = Files.walk(mail)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The instance's log (Postfix's maillog_file), for assertion messages. */
    String log() {
        try {
            return Files.readString(dir.resolve("postfix.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
