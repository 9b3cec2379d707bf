package org.lxcauto.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LazyNetworkManagerTest {

    private final AtomicInteger connects = new AtomicInteger();
    private final FakeNetworkManager real = new FakeNetworkManager(true);
    private final LazyNetworkManager lazy = new LazyNetworkManager(() -> {
        connects.incrementAndGet();
        return real;
    });

    @Test
    void assemblingAndClosingAHostNeverConnects() {
        lazy.close();
        assertEquals(0, connects.get(), "a boot that needs no network must not pay for the bus");
    }

    @Test
    void theFirstUseConnectsAndLaterOnesReuseTheSession() throws Exception {
        assertTrue(lazy.running());
        lazy.unmanage("vethA", Instant.EPOCH);
        lazy.backend();
        assertEquals(1, connects.get());
        assertEquals(List.of("vethA"), real.unmanaged());
    }

    @Test
    void containersSettlingSideBySideConnectOnce() throws InterruptedException {
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                    lazy.running();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            thread.start();
            threads.add(thread);
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(1, connects.get());
    }

    @Test
    void aSessionIsNotMadeAfterTheHostClosed() {
        lazy.close();
        assertThrows(IllegalStateException.class, lazy::running);
        assertEquals(0, connects.get());
    }

    @Test
    void anAbsentNetworkManagerIsAskedOnlyOnceToo() {
        LazyNetworkManager absent = new LazyNetworkManager(() -> {
            connects.incrementAndGet();
            return new AbsentNetworkManager("no bus");
        });
        assertFalse(absent.running());
        assertFalse(absent.running());
        assertEquals(1, connects.get());
    }
}
