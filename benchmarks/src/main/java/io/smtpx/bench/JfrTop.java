package io.smtpx.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a client spends its CPU and its allocations, from a JFR recording of the measured phase
 * ({@code ClientRun ... jfr=file}): execution samples by top frame and by the nearest frame in a chosen package
 * prefix, and allocation samples (weighted by bytes) by allocation site and by class.
 *
 * <p>Arguments: {@code file.jfr [prefix=io.smtpx.] [top=20]}.
 */
public final class JfrTop {

    private JfrTop() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        Args a = Args.parse(java.util.Arrays.copyOfRange(args, 1, args.length));
        String prefix = a.get("prefix", "io.smtpx.");
        int top = a.getInt("top", 20);
        Map<String, Long> cpuTop = new HashMap<>();
        Map<String, Long> cpuOwn = new HashMap<>();
        Map<String, Long> cpuThread = new HashMap<>();
        Map<String, Long> cpuInclusive = new HashMap<>();
        Map<String, Long> allocInclusive = new HashMap<>();
        Map<String, Long> allocSite = new HashMap<>();
        Map<String, Long> allocOwn = new HashMap<>();
        Map<String, Long> allocClass = new HashMap<>();
        long samples = 0;
        long allocated = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            String type = event.getEventType().getName();
            if (type.equals("jdk.ExecutionSample")) {
                samples++;
                RecordedStackTrace stack = event.getStackTrace();
                String thread = event.getThread("sampledThread") == null ? "?"
                        : event.getThread("sampledThread").getJavaName();
                cpuThread.merge(thread == null ? "?" : thread.replaceAll("[0-9]+$", "N"), 1L, Long::sum);
                if (stack != null && !stack.getFrames().isEmpty()) {
                    cpuTop.merge(frame(stack.getFrames().get(0)), 1L, Long::sum);
                    cpuOwn.merge(nearest(stack.getFrames(), prefix), 1L, Long::sum);
                    inclusive(stack.getFrames(), 1L, cpuInclusive);
                }
            } else if (type.equals("jdk.ObjectAllocationSample")) {
                long weight = event.getLong("weight");
                allocated += weight;
                allocClass.merge(event.getClass("objectClass").getName(), weight, Long::sum);
                RecordedStackTrace stack = event.getStackTrace();
                if (stack != null && !stack.getFrames().isEmpty()) {
                    allocSite.merge(frame(stack.getFrames().get(0)), weight, Long::sum);
                    allocOwn.merge(nearest(stack.getFrames(), prefix), weight, Long::sum);
                    inclusive(stack.getFrames(), weight, allocInclusive);
                }
            }
        }
        print("CPU samples by thread", cpuThread, samples, top, false);
        print("CPU samples by top frame", cpuTop, samples, top, false);
        print("CPU samples by nearest " + prefix + "* frame (else the outermost frame)", cpuOwn, samples, top,
                false);
        print("CPU samples by method anywhere on the stack (inclusive)", cpuInclusive, samples, top, false);
        print("Allocation (sampled bytes) by class", allocClass, allocated, top, true);
        print("Allocation (sampled bytes) by allocation site", allocSite, allocated, top, true);
        print("Allocation (sampled bytes) by nearest " + prefix + "* frame", allocOwn, allocated, top, true);
        print("Allocation (sampled bytes) by method anywhere on the stack (inclusive)", allocInclusive, allocated,
                top, true);
    }

    /** Counts each method once per stack, so that a caller gets what its callees cost (recursion not doubled). */
    private static void inclusive(List<RecordedFrame> frames, long weight, Map<String, Long> counts) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (RecordedFrame frame : frames) {
            String name = frame(frame);
            // the harness and Camel's plumbing are on every stack: they would only crowd the list
            if (seen.add(name) && !name.startsWith("io.smtpx.bench.") && !name.startsWith("java.lang.Thread.")
                    && !name.startsWith("org.apache.camel.impl.") && !name.startsWith("org.apache.camel.support.")) {
                counts.merge(name, weight, Long::sum);
            }
        }
    }

    private static String frame(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static String nearest(List<RecordedFrame> frames, String prefix) {
        for (RecordedFrame frame : frames) {
            if (frame.getMethod().getType().getName().startsWith(prefix)) {
                return frame(frame);
            }
        }
        return "(no " + prefix + " frame) " + frame(frames.get(frames.size() - 1));
    }

    private static void print(String title, Map<String, Long> counts, long total, int top, boolean bytes) {
        System.out.println();
        System.out.printf("== %s (total %s)%n", title, bytes ? (total / 1024 / 1024) + " MB" : total);
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                .forEach(e -> System.out.printf("%6.1f%%  %s%n", 100.0 * e.getValue() / Math.max(1, total),
                        e.getKey()));
    }
}
