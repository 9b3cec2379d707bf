package org.lxcauto.system;

import java.util.HashMap;
import java.util.Map;

/** {@link Signals} a test raises by hand, on its own thread (or a clock task's). */
public final class FakeSignals implements Signals {

    private final Map<String, Runnable> handlers = new HashMap<>();

    @Override
    public synchronized void on(String name, Runnable handler) {
        handlers.put(name, handler);
    }

    /** Signal {@code name} arrives; fails the test if nobody installed a handler for it. */
    public void raise(String name) {
        Runnable handler;
        synchronized (this) {
            handler = handlers.get(name);
        }
        if (handler == null) {
            throw new AssertionError("SIG" + name + " raised, but no handler is installed; handlers: " + handlers.keySet());
        }
        handler.run();
    }
}
