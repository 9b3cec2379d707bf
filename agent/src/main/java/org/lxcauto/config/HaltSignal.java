package org.lxcauto.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A container's {@code lxc.signal.halt}, as LXC reads it, for {@code plan} and {@code status} to say
 * which signal a stop sends. lxc-auto never sends it itself: {@code lxc-stop} does, reading the
 * container's config (docs/boot-and-shutdown.md); this only has to agree with LXC.
 *
 * <p>Distribution configs set the key in a shared file the container's config includes ({@code
 * lxc.include = /usr/share/lxc/config/archlinux.common.conf} sets SIGRTMIN+4), so included files
 * are followed for this key, in place, as LXC reads them: a later line overrides an earlier one.
 */
final class HaltSignal {

    /** LXC's halt signal when {@code lxc.signal.halt} is not set. */
    static final String DEFAULT = "SIGPWR";
    /** How deep includes are followed; LXC's shipped configs go two deep. */
    private static final int MAX_DEPTH = 4;
    /** The names LXC accepts after "SIG" (its signal table), besides SIGRTMIN+N and SIGRTMAX-N. */
    private static final Set<String> NAMES = Set.of("HUP", "INT", "QUIT", "ILL", "ABRT", "FPE", "KILL", "SEGV", "PIPE",
            "ALRM", "TERM", "USR1", "USR2", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "TRAP", "IOT", "EMT", "BUS",
            "SYS", "STKFLT", "URG", "IO", "POLL", "CLD", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "INFO", "LOST", "PWR",
            "UNUSED");

    private HaltSignal() {
    }

    /**
     * The value as LXC would take it, written the usual way ({@code SIGRTMIN+3}, {@code SIGUSR1},
     * a number as given), or empty when LXC would refuse it: a number, or "SIG" and a name of its
     * table or {@code RTMIN+N} / {@code RTMAX-N}, case ignored.
     */
    static Optional<String> normalise(String value) {
        String v = value.strip();
        if (v.matches("\\d{1,3}")) {
            return Optional.of(v);
        }
        String upper = v.toUpperCase(Locale.ROOT);
        if (!upper.startsWith("SIG")) {
            return Optional.empty();
        }
        String name = upper.substring(3);
        boolean realtime = name.matches("RT(MIN\\+|MAX-)\\d{1,2}") && Integer.parseInt(name.substring(6)) <= 30;
        return realtime || NAMES.contains(name) ? Optional.of(upper) : Optional.empty();
    }

    /**
     * The last {@code lxc.signal.halt} that {@code file}, an included config, and what it includes
     * in turn set, normalised; empty when none does. An empty value clears the key, as in LXC, and
     * is returned as "". Unreadable or absent includes are skipped: lxc-start reports them itself.
     */
    static Optional<String> inInclude(Path file, int depth) {
        if (depth > MAX_DEPTH || !file.isAbsolute()) {
            return Optional.empty();
        }
        if (Files.isDirectory(file)) {
            // LXC includes the *.conf files of a directory; sorted, so that the answer is stable.
            Optional<String> last = Optional.empty();
            try (Stream<Path> entries = Files.list(file)) {
                for (Path conf : entries.filter(p -> p.getFileName().toString().endsWith(".conf")).sorted().toList()) {
                    Optional<String> set = inInclude(conf, depth + 1);
                    if (set.isPresent()) {
                        last = set;
                    }
                }
            } catch (IOException e) {
                return last;
            }
            return last;
        }
        List<String> lines;
        try {
            lines = ConfigFiles.text(file, StandardCharsets.ISO_8859_1).lines().toList();
        } catch (ConfigFiles.Unreadable e) {
            return Optional.empty();
        }
        Optional<String> last = Optional.empty();
        for (String raw : lines) {
            String line = raw.strip();
            int eq = line.indexOf('=');
            if (line.startsWith("#") || eq < 0) {
                continue;
            }
            String key = line.substring(0, eq).strip();
            String value = LxcConfigReader.unquote(line.substring(eq + 1).strip());
            if (key.equals("lxc.signal.halt")) {
                last = Optional.of(value.isEmpty() ? "" : normalise(value).orElse(""));
            } else if (key.equals("lxc.include")) {
                Optional<String> included = inInclude(Path.of(value), depth + 1);
                if (included.isPresent()) {
                    last = included;
                }
            }
        }
        return last;
    }
}
