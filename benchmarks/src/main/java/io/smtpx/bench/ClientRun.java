package io.smtpx.bench;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * One measurement in a fresh JVM: one client ({@code smtpx} or {@code camel-mail}) sending 4 KB messages with
 * {@code concurrency} threads through a shared {@link ProducerTemplate}, a warm-up first, then a measured phase
 * bounded by a message count and a time limit. Prints (and appends to {@code out=}) one {@code result} line: messages
 * per second, client CPU per message (the whole JVM: sending threads, GC, JIT, anything the client starts) and bytes
 * allocated per message by the sending threads.
 *
 * <p>Arguments are {@code key=value}: {@code client=smtpx|smtpx-new-session|camel-mail scenario=plain|tls|postfix-tls port=N [host=127.0.0.1]
 * [concurrency=1] [messages=5000] [seconds=15] [warmup=500] [warmupMinSeconds=3] [warmupSeconds=30] [round=1]
 * [out=file] [jfr=file] [user=, from=, to=, trustStore=: for postfix-tls]}, the password in BENCH_PASSWORD.
 * Extra smtpx endpoint options come from the system property {@code smtpx.options} (e.g.
 * {@code -Dsmtpx.options=maxSessionsPerDestination=16}), so the same harness runs against an smtpx build with or
 * without a session pool.
 */
public final class ClientRun {

    static final String FROM = "bench@example.com";
    static final String TO = "sink@example.org";
    static final String HELO = "bench.example";
    static final String USER = "bench";
    static final String PASSWORD = "bench-secret";
    /** 4 KB of text: 64 lines of 63 characters and a line break. */
    static final String BODY = body();

    private ClientRun() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Args a = Args.parse(args);
        String client = a.get("client", null);
        String scenario = a.get("scenario", "plain");
        int port = a.getInt("port", -1);
        int concurrency = a.getInt("concurrency", 1);
        int messages = a.getInt("messages", 5000);
        long seconds = a.getInt("seconds", 15);
        int warmup = a.getInt("warmup", 500);
        long warmupSeconds = a.getInt("warmupSeconds", 30);
        long warmupMinSeconds = Math.min(warmupSeconds, a.getInt("warmupMinSeconds", 3));
        String round = a.get("round", "1");
        if (client == null || port <= 0) {
            throw new IllegalArgumentException("client=smtpx|camel-mail and port=N are required");
        }
        // "tls": the bench's own server; "postfix-tls": a real Postfix, whose account, addresses and certificate
        // come from the arguments (the password from the environment, so that it is not on a command line)
        boolean tls = scenario.endsWith("tls");
        if (tls) {
            trust(a.get("trustStore", null));
        }
        String host = a.get("host", tls ? "localhost" : "127.0.0.1");
        Peer peer = new Peer(host, a.get("user", USER), System.getenv().getOrDefault("BENCH_PASSWORD", PASSWORD),
                a.get("from", FROM), a.get("to", TO));

        CamelContext context = new DefaultCamelContext();
        Properties mailProps = new Properties();
        mailProps.setProperty("mail.smtp.localhost", HELO);
        mailProps.setProperty("mail.smtp.connectiontimeout", "30000");
        mailProps.setProperty("mail.smtp.timeout", "60000");
        if (tls) {
            mailProps.setProperty("mail.smtp.starttls.enable", "true");
            mailProps.setProperty("mail.smtp.starttls.required", "true");
            mailProps.setProperty("mail.smtp.ssl.checkserveridentity", "true");
            mailProps.setProperty("mail.smtp.auth", "true");
            mailProps.setProperty("mail.smtp.auth.mechanisms", "PLAIN");
        }
        context.getRegistry().bind("benchMailProps", mailProps);
        context.start();
        String uri = uri(client, tls, peer, port);
        Endpoint endpoint;
        try {
            endpoint = context.getEndpoint(uri);
        } catch (ResolveEndpointFailedException e) {
            // typically -Dsmtpx.options naming an option this smtpx build does not have (yet)
            System.out.println("# cannot create the endpoint: " + redact(e.getMessage()));
            System.exit(2);
            return;
        }
        ProducerTemplate template = context.createProducerTemplate();
        String where = client.startsWith("smtpx")
                ? io.smtpx.camel.SmtpxComponent.class.getProtectionDomain().getCodeSource().getLocation().toString()
                : "camel-mail";
        System.out.printf("# %s %s c=%d: %s (%s)%n", scenario, client, concurrency, redact(uri), where);

        String jfr = a.get("jfr", null);
        // JFR instruments classes when a recording first enables its events, which throws away compiled code: one
        // recording over the warm-up too keeps that out of the measured phase
        Recording instrumented = jfr == null ? null : new Recording(Configuration.getConfiguration("profile"));
        if (instrumented != null) {
            instrumented.start();
        }
        if (client.equals("smtpx")) {
            warmUpSessionSetUp(context, template, uri, peer, a.getInt("setupWarmup", 400));
        }
        Phase warm = warmUp(template, endpoint, peer, concurrency, warmup, warmupMinSeconds, warmupSeconds);
        if (warm.failed > 0 && warm.sent == 0) {
            System.out.println("# warm-up failed: " + warm.firstError);
        }
        Recording recording = null;
        if (jfr != null) {
            recording = new Recording(Configuration.getConfiguration("profile"));
            recording.start();
        }
        Phase measured = Phase.run(template, endpoint, peer, concurrency, messages, 0, seconds * 1000);
        if (recording != null) {
            recording.stop();
            recording.dump(Path.of(jfr));
            recording.close();
            instrumented.close();
        }
        template.stop();
        context.stop();

        if (measured.sent == 0) {
            // nothing to measure: say why, and leave the result out of the comparison
            System.out.println("# cannot measure " + client + " c=" + concurrency + ": nothing was sent; "
                    + (measured.firstError != null ? measured.firstError : warm.firstError));
            System.exit(4);
        }
        String line = String.format(Locale.ROOT,
                "result scenario=%s client=%s conc=%d round=%s sent=%d failed=%d seconds=%.3f rate=%.1f"
                        + " cpu_us=%.1f thread_cpu_us=%.1f alloc_kb=%.2f",
                scenario, client, concurrency, round, measured.sent, measured.failed, measured.nanos / 1e9,
                measured.rate(), measured.perMessage(measured.processCpuNanos) / 1e3,
                measured.perMessage(measured.threadCpuNanos) / 1e3,
                measured.perMessage(measured.allocatedBytes) / 1024.0);
        System.out.println(line);
        if (measured.failed > 0) {
            System.out.println("# " + measured.failed + " failed, first: " + measured.firstError);
        }
        String out = a.get("out", null);
        if (out != null) {
            Files.writeString(Path.of(out), line + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        System.exit(measured.stuck ? 3 : 0);
    }

    /**
     * Sends until the JIT has settled (it compiled for less than 5% of the last second), first with one thread for at
     * least {@code minSeconds} and {@code messages}, then with all of them for at least two seconds; or until
     * {@code maxSeconds}. On two cores the C2 compiler still takes half a core several seconds into a run of either
     * client, and with 16 busy threads it is starved: hot loops of either client were seen still interpreted after 20
     * seconds in some runs and not in others (c16 rates from 1,600 to 8,500 msg/s for one build). A long-running
     * service gets past this; one thread first gets the benchmark there.
     */
    static Phase warmUp(ProducerTemplate template, Endpoint endpoint, Peer peer, int concurrency, int messages,
                        long minSeconds, long maxSeconds) throws InterruptedException {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        long start = System.nanoTime();
        long deadline = start + maxSeconds * 1_000_000_000L;
        long sent = 0;
        Phase last = null;
        boolean settled = false;
        for (int threads : concurrency == 1 ? new int[] {1} : new int[] {1, concurrency}) {
            long phaseStart = System.nanoTime();
            long minNanos = threads == 1 ? minSeconds * 1_000_000_000L : 2_000_000_000L;
            long phaseSent = 0;
            do {
                long compiling = jit.getTotalCompilationTime();
                long sliceStart = System.nanoTime();
                last = Phase.run(template, endpoint, peer, threads, Integer.MAX_VALUE, 0, 1000);
                phaseSent += last.sent;
                long sliceMillis = (System.nanoTime() - sliceStart) / 1_000_000L;
                settled = jit.getTotalCompilationTime() - compiling < sliceMillis / 20;
            } while (!last.stuck && last.sent > 0 && System.nanoTime() < deadline
                     && (phaseSent < messages || System.nanoTime() - phaseStart < minNanos || !settled));
            sent += phaseSent;
        }
        System.out.printf(Locale.ROOT, "# warm-up: %d messages in %.1f s, JIT %s%n", sent,
                (System.nanoTime() - start) / 1e9, settled ? "settled" : "still compiling");
        return last;
    }

    /**
     * Sets up {@code sessions} sessions (a new one per message, through an endpoint of its own that is removed
     * afterwards), so that the session set-up path (connect, EHLO, the TLS handshake, AUTH) is compiled before the
     * measured phase, as it is in a long-running service. camel-mail sets up a session for every message, so its
     * warm-up does this anyway; smtpx, which renews a session every 100 messages, otherwise kept the C2 compiler busy
     * with the handshake code through the measured phase (about 14% of a core at concurrency 1 against Postfix with
     * STARTTLS, half of its process's CPU, on a machine whose two cores the server shares).
     */
    static void warmUpSessionSetUp(CamelContext context, ProducerTemplate template, String uri, Peer peer,
                                   int sessions) throws Exception {
        if (sessions <= 0) {
            return;
        }
        Endpoint setUp = context.getEndpoint(uri + "&maxMessagesPerSession=1");
        long start = System.nanoTime();
        Phase phase = Phase.run(template, setUp, peer, 1, sessions, 0, 20_000);
        context.removeEndpoint(setUp);
        System.out.printf(Locale.ROOT, "# session set-up warm-up: %d sessions in %.1f s%n", phase.sent,
                (System.nanoTime() - start) / 1e9);
    }

    /** Who the client talks to and as whom. */
    record Peer(String host, String user, String password, String from, String to) {
        static Peer plain(String host) {
            return new Peer(host, USER, PASSWORD, FROM, TO);
        }
    }

    static String uri(String client, boolean tls, Peer peer, int port) {
        String host = peer.host();
        switch (client) {
            case "smtpx": {
                StringBuilder uri = new StringBuilder("smtpx:relay?host=").append(host).append("&port=").append(port)
                        .append("&heloName=").append(HELO);
                if (tls) {
                    uri.append("&security=STARTTLS&authMechanisms=PLAIN&username=").append(peer.user())
                            .append("&password=RAW(").append(peer.password()).append(')');
                } else {
                    uri.append("&security=NONE");
                }
                String extra = System.getProperty("smtpx.options", "").trim();
                if (!extra.isEmpty()) {
                    uri.append('&').append(extra.startsWith("&") || extra.startsWith("?") ? extra.substring(1) : extra);
                }
                return uri.toString();
            }
            case "smtpx-new-session":
                // what a session costs to set up: camel-mail's way, one connection per message
                return uri("smtpx", tls, peer, port) + "&maxMessagesPerSession=1";
            case "camel-mail": {
                // camel-mail 4.22 ignores the From, To and Subject headers unless told to use them
                StringBuilder uri = new StringBuilder("smtp://").append(host).append(':').append(port)
                        .append("?additionalJavaMailProperties=#benchMailProps")
                        .append("&useHeaderRecipients=true&useHeaderFrom=true&useHeaderSubject=true");
                if (tls) {
                    uri.append("&username=").append(peer.user()).append("&password=RAW(").append(peer.password())
                            .append(')');
                }
                return uri.toString();
            }
            default:
                throw new IllegalArgumentException("unknown client " + client);
        }
    }

    private static String redact(String uri) {
        return uri.replaceAll("password=RAW\\([^)]*\\)", "password=xxx");
    }

    /**
     * Both clients verify the server's certificate against the JVM's trust store: make that the given PKCS12 file
     * (password changeit), or the bench's own.
     */
    private static void trust(String trustStore) throws IOException {
        Path trust;
        if (trustStore != null) {
            trust = Path.of(trustStore);
        } else {
            trust = Files.createTempFile("smtpx-bench-trust", ".p12");
            trust.toFile().deleteOnExit();
            try (InputStream in = ClientRun.class.getResourceAsStream("/tls/truststore.p12")) {
                Files.copy(in, trust, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        System.setProperty("javax.net.ssl.trustStore", trust.toString());
        System.setProperty("javax.net.ssl.trustStorePassword", "changeit");
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
    }

    private static String body() {
        StringBuilder body = new StringBuilder(4096);
        String alphabet = "The quick brown fox jumps over the lazy dog 0123456789 ABCDEFGHIJ";
        for (int i = 0; i < 64; i++) {
            body.append(alphabet, 0, 63).append('\n');
        }
        return body.toString();
    }

    /** One phase (warm-up or measured): threads send until the count is used up or the time is over. */
    static final class Phase {
        long sent;
        long failed;
        long nanos;
        long processCpuNanos;
        long threadCpuNanos;
        long allocatedBytes;
        boolean stuck;
        String firstError;

        double rate() {
            return nanos == 0 ? 0 : sent / (nanos / 1e9);
        }

        double perMessage(long total) {
            return sent == 0 ? Double.NaN : (double) total / sent;
        }

        /** Sends until {@code messages} are sent and {@code minMillis} are over, or {@code maxMillis} are over. */
        static Phase run(ProducerTemplate template, Endpoint endpoint, Peer peer, int threads, int messages,
                         long minMillis, long maxMillis) throws InterruptedException {
            com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            AtomicInteger remaining = new AtomicInteger(messages);
            AtomicLong sent = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            AtomicLong threadCpu = new AtomicLong();
            AtomicLong allocated = new AtomicLong();
            AtomicReference<String> firstError = new AtomicReference<>();
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch go = new CountDownLatch(1);
            long[] deadline = new long[2]; // written by the main thread before "go"
            AtomicBoolean broken = new AtomicBoolean();
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread worker = new Thread(() -> {
                    long id = Thread.currentThread().getId();
                    ready.countDown();
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    long cpu0 = mx.getThreadCpuTime(id);
                    long alloc0 = mx.getThreadAllocatedBytes(id);
                    while (true) {
                        long now = System.nanoTime();
                        if (now >= deadline[0] || broken.get()
                                || remaining.getAndDecrement() <= 0 && now >= deadline[1]) {
                            break;
                        }
                        // a fresh exchange per message, created and completed by the template
                        Exchange done;
                        try {
                            done = template.send(endpoint, exchange -> {
                                Message message = exchange.getMessage();
                                message.setHeader("From", peer.from());
                                message.setHeader("To", peer.to());
                                message.setHeader("Subject", "bench " + id);
                                message.setBody(BODY);
                            });
                        } catch (Throwable e) {
                            // e.g. NoClassDefFoundError when the smtpx jar needs a library this class path lacks:
                            // stop the whole phase rather than report a run that sent nothing as a measurement
                            failed.incrementAndGet();
                            firstError.compareAndSet(null, e.toString());
                            broken.set(true);
                            break;
                        }
                        if (done.getException() == null) {
                            sent.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                            firstError.compareAndSet(null, done.getException().toString());
                        }
                    }
                    threadCpu.addAndGet(mx.getThreadCpuTime(id) - cpu0);
                    allocated.addAndGet(mx.getThreadAllocatedBytes(id) - alloc0);
                }, "bench-sender-" + t);
                worker.setDaemon(true);
                workers.add(worker);
                worker.start();
            }
            ready.await();
            long cpuStart = os.getProcessCpuTime();
            long start = System.nanoTime();
            deadline[0] = start + maxMillis * 1_000_000L;
            deadline[1] = start + minMillis * 1_000_000L;
            go.countDown();
            Phase phase = new Phase();
            for (Thread worker : workers) {
                // a send that never returns (a hung session) must not hang the whole comparison
                long left = Math.max(1, (deadline[0] - System.nanoTime()) / 1_000_000L + 30_000);
                worker.join(left);
                if (worker.isAlive()) {
                    phase.stuck = true;
                }
            }
            phase.nanos = System.nanoTime() - start;
            phase.processCpuNanos = os.getProcessCpuTime() - cpuStart;
            phase.sent = sent.get();
            phase.failed = failed.get();
            phase.threadCpuNanos = threadCpu.get();
            phase.allocatedBytes = allocated.get();
            phase.firstError = phase.stuck ? "a sender thread did not finish" : firstError.get();
            return phase;
        }
    }
}
