package org.lxcauto.system;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Proxy;

/**
 * {@link Signals} through the JVM's own signal handling.
 *
 * <p>The JVM's own mechanism ({@code sun.misc.Signal}, in the jdk.unsupported module) runs
 * handlers on an ordinary Java thread, never in signal context, which is what a handler that takes
 * locks or allocates needs; jnr-posix's {@code signal()} would call back into the JVM from signal
 * context. It is reached reflectively because javac flags every direct use as proprietary API, and
 * the build treats warnings as errors. Handlers should only hand the event to the daemon's loop.
 */
public final class JvmSignals implements Signals {

    @Override
    public void on(String name, Runnable handler) {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
            Object instance = signal.getConstructor(String.class).newInstance(name);
            Object proxy = Proxy.newProxyInstance(JvmSignals.class.getClassLoader(), new Class<?>[] {handlerType},
                    (self, method, args) -> {
                        if (method.getName().equals("handle")) {
                            handler.run();
                            return null;
                        }
                        return method.getName().equals("hashCode") ? System.identityHashCode(self)
                                : method.getName().equals("equals") ? self == args[0] : "signal handler for SIG" + name;
                    });
            MethodHandle handle = MethodHandles.publicLookup().findStatic(signal, "handle",
                    MethodType.methodType(handlerType, signal, handlerType));
            handle.invoke(instance, proxy);
        } catch (Throwable e) {
            throw new IllegalStateException("Failed to install a handler for SIG" + name + ": " + e, e);
        }
    }
}
