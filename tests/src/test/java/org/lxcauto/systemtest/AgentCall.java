package org.lxcauto.systemtest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One call of an org.lxcauto.Agent1 method with {@code dbus-send}, as root or as the unprivileged
 * user nobody, so that the tests see exactly what any D-Bus client sees: the reply's value, or the
 * error's D-Bus name and message, and how long the answer took.
 *
 * @param error the D-Bus error name, or null for a method return
 * @param message the error's message, or null
 * @param value the returned value as dbus-send prints it ({@code int32 0}, or the string's text)
 * @param millis from the call to the answer
 */
record AgentCall(String error, String message, String value, long millis, String output) {

    /** dbus-send's own reply timeout, longer than anything these tests wait for. */
    private static final int REPLY_TIMEOUT_MS = 120_000;

    /** Calls {@code member} with {@code args} (dbus-send's "string:..." form) as root. */
    static AgentCall asRoot(String bus, String member, String... args) {
        return call(List.of(), bus, member, args);
    }

    /** The same as nobody (uid and gid 65534, no supplementary groups). */
    static AgentCall asNobody(String bus, String member, String... args) {
        return call(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"), bus, member, args);
    }

    private static AgentCall call(List<String> prefix, String bus, String member, String... args) {
        List<String> argv = new ArrayList<>(prefix);
        argv.addAll(List.of("dbus-send", "--bus=" + bus, "--print-reply=literal", "--reply-timeout=" + REPLY_TIMEOUT_MS,
                "--dest=org.lxcauto.Agent1", "/org/lxcauto/Agent1", "org.lxcauto.Agent1." + member));
        argv.addAll(List.of(args));
        long started = System.nanoTime();
        Commands.Result result = Commands.run(argv, Map.of(), REPLY_TIMEOUT_MS / 1000 + 10);
        long millis = (System.nanoTime() - started) / 1_000_000;
        String output = result.all();
        if (result.exitCode() == 0) {
            return new AgentCall(null, null, result.stdout().strip(), millis, output);
        }
        // "Error org.lxcauto.Agent1.Error.InvalidName: invalid container name ...", on stderr.
        String stderr = result.stderr().strip();
        if (!stderr.startsWith("Error ") || !stderr.contains(": ")) {
            throw new AssertionError("dbus-send failed without a D-Bus error: " + output);
        }
        int colon = stderr.indexOf(": ");
        return new AgentCall(stderr.substring("Error ".length(), colon), stderr.substring(colon + 2), null, millis, output);
    }

    /** Fails unless the call was answered with a method return; its value. */
    String returned() {
        if (error != null) {
            throw new AssertionError("expected a reply, got " + error + ": " + message);
        }
        return value;
    }
}
