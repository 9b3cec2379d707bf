package org.lxcauto.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Reads many configuration files on a few threads, the results in the order of the files.
 *
 * <p>Reading a file is a stat or two, an open, a read and a parse, each short; with thousands of
 * files ({@code plan} of 10,000 entries reads 20,000) the CPUs can share them. The work given must
 * record what it finds only in its result (its own {@link Problems}, never the loader's), so that
 * the loader applies the results one by one in file order and the report does not depend on which
 * thread was faster. A handful of files is read on the calling thread: starting threads would cost
 * more than it saves.
 */
final class ParallelReads {

    /** Below this many files, one thread. */
    static final int THRESHOLD = 64;
    /** More threads than this only contend for the same directories. */
    private static final int MAX_THREADS = 4;

    private ParallelReads() {
    }

    /** {@code work} applied to every item, in item order. */
    static <T, R> List<R> map(List<T> items, Function<T, R> work) {
        int threads = Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors());
        if (items.size() < THRESHOLD || threads < 2) {
            List<R> results = new ArrayList<>(items.size());
            items.forEach(item -> results.add(work.apply(item)));
            return results;
        }
        Object[] results = new Object[items.size()];
        AtomicInteger next = new AtomicInteger();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Runnable reader = () -> {
            for (int i = next.getAndIncrement(); i < results.length && failure.get() == null; i = next.getAndIncrement()) {
                try {
                    results[i] = work.apply(items.get(i));
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                }
            }
        };
        Thread[] helpers = new Thread[threads - 1];
        for (int t = 0; t < helpers.length; t++) {
            helpers[t] = new Thread(reader, "config-read-" + (t + 1));
            helpers[t].setDaemon(true);
            helpers[t].start();
        }
        reader.run(); // the calling thread reads too
        boolean interrupted = false;
        for (Thread helper : helpers) {
            while (true) {
                try {
                    helper.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the helpers end on their own, within the files left
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        @SuppressWarnings("unchecked")
        List<R> list = (List<R>) Arrays.asList(results);
        return list;
    }
}
