package org.lxcauto.systemtest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An upstart job file (init(5) of upstart 1.x) read into its stanzas, for checking a job on a
 * system that cannot run upstart. Comments and blank lines are dropped; a stanza whose
 * parentheses are still open continues on the next line, as in upstart; {@code script ... end
 * script} blocks (also {@code pre-start script} and the like) are kept as text.
 */
final class UpstartJob {

    /** Every stanza of upstart 1.x (1.13, the last release), by its first word. */
    static final Set<String> KEYWORDS = Set.of("apparmor", "author", "cgroup", "chdir", "chroot", "console",
            "description", "emits", "env", "exec", "expect", "export", "instance", "kill", "limit", "manual", "nice",
            "normal", "oom", "post-start", "post-stop", "pre-start", "pre-stop", "reload", "respawn", "script",
            "setgid", "setuid", "start", "stop", "task", "umask", "usage", "version");

    /** Stanzas whose second word is one of a few: "kill timeout", "start on", "expect fork"... */
    static final Map<String, Set<String>> SECOND_WORDS = Map.of("start", Set.of("on"), "stop", Set.of("on"),
            "kill", Set.of("timeout", "signal"), "normal", Set.of("exit"), "reload", Set.of("signal"),
            "oom", Set.of("score"), "expect", Set.of("fork", "daemon", "stop"),
            "console", Set.of("output", "owner", "log", "none"));

    /** Stanza text by its key: the first word, or the first two for "start on", "kill timeout" and the like. */
    final Map<String, List<String>> stanzas = new LinkedHashMap<>();
    /** Script blocks by their opening line: "script", "pre-start script"... */
    final Map<String, String> scripts = new LinkedHashMap<>();
    /** Stanzas upstart does not know (typos it would refuse the job for). */
    final List<String> unknown = new ArrayList<>();

    static UpstartJob parse(String text) {
        UpstartJob job = new UpstartJob();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = stripComment(lines.get(i));
            if (line.isEmpty()) {
                continue;
            }
            if (line.equals("script") || line.matches("(pre|post)-(start|stop) script")) {
                StringBuilder body = new StringBuilder();
                while (++i < lines.size() && !lines.get(i).strip().equals("end script")) {
                    body.append(lines.get(i)).append('\n');
                }
                job.scripts.put(line, body.toString());
                continue;
            }
            while (depth(line) > 0 && i + 1 < lines.size()) {
                line = line + " " + stripComment(lines.get(++i));
            }
            String[] words = line.split("\\s+", 3);
            if (!KEYWORDS.contains(words[0])) {
                job.unknown.add(words[0]);
            } else if (SECOND_WORDS.containsKey(words[0])
                    && (words.length < 2 || !SECOND_WORDS.get(words[0]).contains(words[1]))) {
                job.unknown.add(line);
            }
            boolean twoWordKey = words.length > 1 && Set.of("start", "stop", "kill", "respawn", "normal", "reload", "oom")
                    .contains(words[0]) && Set.of("on", "timeout", "signal", "limit", "exit", "score").contains(words[1]);
            String key = twoWordKey ? words[0] + " " + words[1] : words[0];
            String value = line.substring(Math.min(line.length(), key.length())).strip();
            job.stanzas.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return job;
    }

    /** The value of the one stanza {@code key}, or null when the job has none. */
    String one(String key) {
        List<String> values = stanzas.get(key);
        if (values == null) {
            return null;
        }
        if (values.size() != 1) {
            throw new AssertionError("stanza '" + key + "' given " + values.size() + " times: " + values);
        }
        return values.get(0);
    }

    private static String stripComment(String line) {
        int hash = line.indexOf('#');
        return (hash >= 0 ? line.substring(0, hash) : line).strip();
    }

    private static int depth(String line) {
        return (int) (line.chars().filter(c -> c == '(').count() - line.chars().filter(c -> c == ')').count());
    }
}
