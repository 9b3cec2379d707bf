package org.lxcauto.config;

import java.util.Arrays;
import java.util.List;

/**
 * A command as configuration writes it ({@code ready = exec:...}, {@code stop-exec = ...}): words
 * separated by white space, handed to lxc-attach as an argument vector. There is no quoting and no
 * shell: what an administrator wrote is never parsed by a shell, so no value can smuggle a second
 * command in (docs/configuration.md).
 */
final class ArgumentVector {

    /** How such a value is described in messages. */
    static final String SYNTAX = "COMMAND ARGS... (run inside the container with lxc-attach, no shell)";

    private ArgumentVector() {
    }

    /**
     * The words of {@code text}.
     *
     * @throws IllegalArgumentException when there is no command
     */
    static List<String> parse(String text) {
        List<String> argv = Arrays.stream(text.strip().split("\\s+")).filter(s -> !s.isEmpty()).toList();
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("no command");
        }
        return argv;
    }
}
