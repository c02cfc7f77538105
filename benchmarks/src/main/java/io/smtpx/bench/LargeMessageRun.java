package io.smtpx.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;

import jakarta.activation.DataHandler;
import jakarta.activation.FileDataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.attachment.AttachmentMessage;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Memory with large messages: {@code concurrency} threads each send {@code messages} messages carrying one
 * {@code sizeMb} MB file attachment (from disk, as a route moving files would attach it) through smtpx or camel-mail,
 * and the most heap found in use after a garbage collection (what was live, not garbage yet to collect) is printed.
 * Run with a small heap ({@code -Xmx}): a client that copied the message (50 MB of binary is 68 MB of base64) for
 * every send in flight would run out of it.
 *
 * <p>Arguments: {@code client=smtpx|camel-mail port=N [concurrency=4] [messages=2] [sizeMb=50]}.
 */
public final class LargeMessageRun {

    private LargeMessageRun() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Args a = Args.parse(args);
        String client = a.get("client", "smtpx");
        int port = a.getInt("port", -1);
        int concurrency = a.getInt("concurrency", 4);
        int messages = a.getInt("messages", 2);
        int sizeMb = a.getInt("sizeMb", 50);
        Path attachment = attachment(sizeMb);

        CamelContext context = new DefaultCamelContext();
        context.getRegistry().bind("benchMailProps", new java.util.Properties());
        context.start();
        Endpoint endpoint = context.getEndpoint(ClientRun.uri(client, false, ClientRun.Peer.plain("127.0.0.1"), port));
        ProducerTemplate template = context.createProducerTemplate();

        System.gc();
        long baseline = heapInUse();
        AtomicLong liveAfterGc = watchLiveHeap();
        AtomicLong sent = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < messages; i++) {
                    Exchange done = template.send(endpoint, exchange -> {
                        exchange.getMessage().setHeader("From", ClientRun.FROM);
                        exchange.getMessage().setHeader("To", ClientRun.TO);
                        exchange.getMessage().setHeader("Subject", "large");
                        exchange.getMessage().setBody("The file is attached.\n");
                        exchange.getMessage(AttachmentMessage.class).addAttachment("data.bin",
                                new DataHandler(new FileDataSource(attachment.toFile())));
                    });
                    if (done.getException() == null) {
                        sent.incrementAndGet();
                    } else {
                        firstError.compareAndSet(null, String.valueOf(done.getException()));
                    }
                }
            }, "large-sender-" + t);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long peak = liveAfterGc.get();
        template.stop();
        context.stop();
        Files.deleteIfExists(attachment);
        System.out.printf(Locale.ROOT,
                "large client=%s conc=%d size_mb=%d sent=%d failed=%d seconds=%.1f max_heap_mb=%d baseline_heap_mb=%d"
                        + " max_live_after_gc_mb=%d in_flight_mb=%d%n",
                client, concurrency, sizeMb, sent.get(), (long) concurrency * messages - sent.get(), seconds,
                Runtime.getRuntime().maxMemory() >> 20, baseline >> 20, peak >> 20, (long) concurrency * sizeMb);
        if (firstError.get() != null) {
            System.out.println("# first failure: " + firstError.get());
        }
        System.exit(sent.get() == (long) concurrency * messages ? 0 : 1);
    }

    /** Random bytes: incompressible, and binary, so that both clients must base64-encode them. */
    private static Path attachment(int sizeMb) throws IOException {
        Path file = Files.createTempFile("smtpx-large", ".bin");
        file.toFile().deleteOnExit();
        Random random = new Random(42);
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < sizeMb; i++) {
                random.nextBytes(chunk);
                out.write(chunk);
            }
        }
        return file;
    }

    private static long heapInUse() {
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                used += pool.getUsage().getUsed();
            }
        }
        return used;
    }

    /** The most heap in use right after any collection from now on. */
    private static AtomicLong watchLiveHeap() {
        AtomicLong max = new AtomicLong();
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) collector).addNotificationListener((notification, handback) -> {
                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                    GcInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData())
                            .getGcInfo();
                    long used = info.getMemoryUsageAfterGc().values().stream().mapToLong(MemoryUsage::getUsed).sum();
                    max.accumulateAndGet(used, Math::max);
                }
            }, null, null);
        }
        return max;
    }
}
