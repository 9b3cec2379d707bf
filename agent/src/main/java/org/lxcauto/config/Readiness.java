package org.lxcauto.config;

import java.util.List;

/**
 * When a started container counts as ready, so that its dependents may start
 * (docs/boot-and-shutdown.md, readiness).
 */
public sealed interface Readiness {

    /** {@code running}: LXC reports the container RUNNING. */
    record Running() implements Readiness {
        @Override
        public String toString() {
            return "running";
        }
    }

    /** {@code ipv4}: the container has an IPv4 address. */
    record Ipv4() implements Readiness {
        @Override
        public String toString() {
            return "ipv4";
        }
    }

    /** {@code tcp:PORT}: a TCP connection to the container's IPv4 address and PORT succeeds. */
    record Tcp(int port) implements Readiness {
        @Override
        public String toString() {
            return "tcp:" + port;
        }
    }

    /** {@code exec:COMMAND ARGS...}: the command, run inside the container with lxc-attach, exits 0. */
    record Exec(List<String> argv) implements Readiness {
        @Override
        public String toString() {
            return "exec:" + String.join(" ", argv);
        }
    }

    /**
     * {@code exited}: a one-shot container, whose init runs a job and ends; it is ready once its
     * init exited with status 0, and failed when it exited with any other status.
     */
    record Exited() implements Readiness {
        @Override
        public String toString() {
            return "exited";
        }
    }

    String SYNTAX = "running | ipv4 | tcp:PORT | exec:COMMAND ARGS... | exited";

    /**
     * Parses a {@code ready =} value. Exec arguments are split on white space and passed to
     * lxc-attach as an argument vector; no shell ever sees them.
     *
     * @throws IllegalArgumentException with a message that says what is wrong
     */
    static Readiness parse(String text) {
        String value = text.strip();
        if (value.equals("running")) {
            return new Running();
        }
        if (value.equals("exited")) {
            return new Exited();
        }
        if (value.equals("ipv4")) {
            return new Ipv4();
        }
        if (value.startsWith("tcp:")) {
            String port = value.substring(4).strip();
            int number;
            try {
                number = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("port '" + port + "' is not a number");
            }
            if (number < 1 || number > 65535) {
                throw new IllegalArgumentException("port " + number + " is outside 1-65535");
            }
            return new Tcp(number);
        }
        if (value.startsWith("exec:")) {
            try {
                return new Exec(ArgumentVector.parse(value.substring(5)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("exec: needs a command");
            }
        }
        throw new IllegalArgumentException("unknown readiness check");
    }
}
