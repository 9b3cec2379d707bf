package org.lxcauto.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.AutoComplete;

/**
 * Writes the bash completion script, generated from the whole picocli model at package build time
 * ({@code debian/rules}); picocli's own generator would see only the top command, since the
 * subcommands are added to the command line, not declared on it.
 */
public final class Completion {

    private Completion() {
    }

    /** {@code Completion FILE}. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: Completion FILE");
            System.exit(64);
        }
        Files.writeString(Path.of(args[0]), AutoComplete.bash("lxc-auto", LxcAuto.commandLine()), StandardCharsets.UTF_8);
    }
}
