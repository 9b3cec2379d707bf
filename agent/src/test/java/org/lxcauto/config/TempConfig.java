package org.lxcauto.config;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A throw-away {@code /etc/lxc} and lxcpath under a JUnit {@code @TempDir}, so loader tests read
 * real files (symlinks, modes) without LXC or root. Container configs are plain text files with
 * {@code lxc.*} keys, which is all {@link LxcConfigReader} looks at.
 */
public final class TempConfig {

    /** Where a loaded configuration's metrics file is, unless the test's names one; its directory is not made. */
    public final Path metricsFile;
    /** {@code ETC/lxc-auto.conf}; not created until {@link #agent} is called. */
    public final Path configFile;
    /** {@code ETC/auto}, the autostart entries. */
    public final Path autoDir;
    /** The fake lxcpath. */
    public final Path lxcpath;

    public TempConfig(Path root) {
        configFile = root.resolve("etc/lxc-auto.conf");
        metricsFile = root.resolve("node-exporter/lxc-auto.prom");
        autoDir = root.resolve("etc/auto");
        lxcpath = root.resolve("lxc");
        try {
            Files.createDirectories(autoDir);
            Files.createDirectories(lxcpath);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the agent configuration file. */
    public TempConfig agent(String... lines) {
        write(configFile, lines);
        return this;
    }

    /** Writes {@code AUTO_DIR/fileName} as a regular file. */
    public Path entry(String fileName, String... lines) {
        return write(autoDir.resolve(fileName), lines);
    }

    /** Creates {@code LXCPATH/name/config} with the given lines. */
    public Path container(String name, String... lxcLines) {
        return write(lxcpath.resolve(name).resolve("config"), lxcLines);
    }

    /** Makes {@code AUTO_DIR/fileName} a symlink to {@code target} (which need not exist). */
    public Path symlink(String fileName, Path target) {
        Path link = autoDir.resolve(fileName);
        try {
            return Files.createSymbolicLink(link, target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads with {@code --lxcpath} pointing at the fake lxcpath. */
    public Configuration load() {
        return confined(ConfigurationLoader.load(configFile, autoDir, lxcpath));
    }

    /** As {@link #load()}, with {@code user = NAME} looked up in {@code accounts}. */
    public Configuration load(org.lxcauto.system.Accounts accounts) {
        return confined(ConfigurationLoader.load(configFile, autoDir, lxcpath, accounts));
    }

    /**
     * The default metrics file is node-exporter's directory on the host, which a daemon under
     * test must never write: unless the test names a file, it is moved under the temporary root,
     * where its directory does not exist.
     */
    private Configuration confined(Configuration config) {
        if (!AgentConfig.DEFAULT_METRICS_FILE.equals(config.agent().metricsFile())) {
            return config;
        }
        return new Configuration(config.agent().withMetricsFile(metricsFile), config.autoDir(), config.entries(),
                config.broken(), config.problems(), config.interfaces());
    }

    /** Writes {@code lines} (one per line) with mode 0644, creating parent directories. */
    public static Path write(Path file, String... lines) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** chmod(1) with an octal mode: the JDK cannot set the sticky bit. */
    public static void chmodOctal(Path file, String octal) {
        try {
            if (new ProcessBuilder("chmod", octal, file.toString()).inheritIO().start().waitFor() != 0) {
                fail("chmod " + octal + " " + file + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
    }

    public static void chmod(Path file, String mode) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The usable entry called {@code name}; fails listing every problem when there is none. */
    public static ContainerEntry entryNamed(Configuration config, String name) {
        return config.entries().stream().filter(e -> e.name().equals(name)).findFirst()
                .orElseGet(() -> fail("no entry '" + name + "'; entries " + names(config) + ", problems "
                        + config.problems()));
    }

    public static List<String> names(Configuration config) {
        return config.entries().stream().map(ContainerEntry::name).toList();
    }

    /** The first problem whose message contains {@code fragment}; fails listing every problem otherwise. */
    public static Problem problemContaining(Configuration config, String fragment) {
        return config.problems().stream().filter(p -> p.message().contains(fragment)).findFirst()
                .orElseGet(() -> fail("no problem containing '" + fragment + "' in " + config.problems()));
    }

    public static List<Problem> errors(Configuration config) {
        return config.problems().stream().filter(p -> p.severity() == Problem.Severity.ERROR).toList();
    }
}
