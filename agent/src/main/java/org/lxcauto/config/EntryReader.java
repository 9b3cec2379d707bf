package org.lxcauto.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.lxcauto.need.Need;
import org.lxcauto.system.Accounts;

/**
 * Turns the {@code [container]} section of an lxc-auto entry, or the {@code [domain]} section that
 * names a libvirt domain instead, into a {@link ContainerEntry}.
 */
final class EntryReader {

    static final String RESTART_DEPENDENTS = "restart-dependents";
    static final String ON_BOOT = "on-boot";
    static final Set<String> KEYS = Set.of("name", "lxcpath", "after", "wants", "order", "start-delay", "ready",
            "start-timeout", "stop-timeout", "ephemeral", "restart", RESTART_DEPENDENTS, ON_BOOT, "stop-exec", KeepReader.KEY,
            UserReader.KEY, NeedsReader.KEY);
    /**
     * Keys not reported as unknown in a {@code [domain]}: a domain has a URI instead of an lxcpath,
     * neither overlay copies nor lxc-auto's restarts, and no command runs inside it, but those keys
     * get a message of their own.
     */
    private static final Set<String> KNOWN_IN_DOMAIN = Set.of("name", "uri", "after", "wants", "order", "start-delay",
            "ready", "start-timeout", "stop-timeout", "lxcpath", "ephemeral", "restart", RESTART_DEPENDENTS, ON_BOOT, "stop-exec",
            KeepReader.KEY, UserReader.KEY, NeedsReader.KEY);
    /** The connection a {@code [domain]} without {@code uri} is under: libvirt's system QEMU driver. */
    static final String DEFAULT_URI = "qemu:///system";

    private EntryReader() {
    }

    /** The entry, or null when an error makes it unusable (the error is already recorded). */
    static Draft read(IniDocument document, String defaultName, AgentConfig agent, Accounts accounts,
            Problems problems) {
        Path file = document.file();
        IniDocument.Section section = null;
        boolean misshapen = false;
        for (IniDocument.Section s : document.sections()) {
            if (!s.name().equals("container") && !s.name().equals("domain")) {
                misshapen = true;
                problems.add(Problem.error(file, s.line(), defaultName, "unknown section [" + s.name()
                        + "]; an autostart entry has a single [container] (or [domain]) section"));
            } else if (section != null) {
                misshapen = true;
                String again = s.name().equals(section.name()) ? "[" + s.name() + "] appears again (first on line "
                        + section.line() + ")" : "[" + s.name() + "] after [" + section.name() + "] on line " + section.line();
                problems.add(Problem.error(file, s.line(), defaultName, again
                        + "; one entry file describes one container or domain"));
            } else {
                section = s;
            }
        }
        if (section == null) {
            problems.add(Problem.error(file, 1, defaultName, "no [container] section; start the file with"
                    + " '[container]' (or '[domain]' for a libvirt domain, or make it a symlink to the container's"
                    + " config)"));
            return Draft.failed(defaultName);
        }
        boolean domain = section.name().equals("domain");
        String name = section.first("name").map(IniDocument.Option::value).orElse(defaultName);
        if (!Names.isValidContainer(name)) {
            int line = section.first("name").map(IniDocument.Option::line).orElse(section.line());
            // Filed under the file's name: the invalid one cannot identify anything.
            problems.add(Problem.error(file, line, defaultName, "invalid container name '" + name + "': "
                    + Names.CONTAINER_RULE));
            return Draft.failed(defaultName);
        }
        SectionReader r = new SectionReader(file, section, name, problems);
        if (domain) {
            rejectContainerKeys(r, section);
        }
        r.rejectUnknownKeys(domain ? KNOWN_IN_DOMAIN : KEYS);
        r.rejectRepeats(Set.of("name", "lxcpath", "uri", "order", "start-delay", "ready", "start-timeout", "stop-timeout",
                "ephemeral", "restart", RESTART_DEPENDENTS, ON_BOOT, "stop-exec", UserReader.KEY));
        List<String> after = dependencies(r, section, "after", name);
        List<String> wants = dependencies(r, section, "wants", name);
        // Each kind's own keys are read where they always were, so problems keep their order.
        Path lxcpath = domain ? null
                : r.parsed("lxcpath", agent.lxcpath(), AgentConfigLoader::absolutePath, "an absolute directory path");
        String uri = domain ? r.parsed("uri", DEFAULT_URI, EntryReader::libvirtUri, "a libvirt URI such as"
                + " qemu:///system or lxc:///system") : null;
        int order = r.integer("order", 0, Integer.MIN_VALUE, Integer.MAX_VALUE);
        Duration delay = r.seconds("start-delay", Duration.ZERO);
        Readiness ready = readiness(r, section);
        if (domain && ready instanceof Readiness.Exec) {
            r.error(section.first("ready").map(IniDocument.Option::line).orElse(section.line()), "ready = exec: runs"
                    + " a command inside an LXC container and cannot reach into a libvirt domain; use running, ipv4"
                    + " or tcp:PORT");
        }
        if (domain && ready instanceof Readiness.Exited) {
            r.error(section.first("ready").map(IniDocument.Option::line).orElse(section.line()), "ready = exited"
                    + " reads the exit status of an LXC container's init from LXC's log, and libvirt reports none"
                    + " for a domain; use running, ipv4 or tcp:PORT");
        }
        Duration startTimeout = r.positiveSeconds("start-timeout", agent.startTimeout());
        // Gates are waited for by the agent before any start, so a domain and a user's container have them too.
        List<Need> needs = NeedsReader.read(r);
        Duration stopTimeout = r.seconds("stop-timeout", agent.stopTimeout());
        boolean ephemeral = !domain && r.bool("ephemeral", false);
        RestartPolicy restart = domain ? RestartPolicy.NO : r.choice("restart", RestartPolicy.NO, RestartPolicy.class);
        if (ready instanceof Readiness.Exited && restart != RestartPolicy.NO) {
            r.error(section.first("restart").map(IniDocument.Option::line).orElse(section.line()), "restart = "
                    + restart.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + " cannot go with ready"
                    + " = exited: a one-shot container ends by design and is never restarted; remove restart");
        }
        boolean restartDependents = domain || r.bool(RESTART_DEPENDENTS, true);
        if (!domain && restart == RestartPolicy.NO && r.option(RESTART_DEPENDENTS).isPresent()) {
            r.warning(r.option(RESTART_DEPENDENTS).get().line(), "restart-dependents changes nothing here: the"
                    + " daemon restarts a container only with restart = on-failure or always; remove it or set restart");
        }
        Optional<AgentConfig.OnBoot> onBoot = r.option(ON_BOOT).isEmpty() ? Optional.empty()
                : Optional.of(r.choice(ON_BOOT, agent.onBoot(), AgentConfig.OnBoot.class));
        List<String> stopExec = domain ? List.of()
                : r.parsed("stop-exec", List.of(), ArgumentVector::parse, ArgumentVector.SYNTAX);
        List<Path> keep = domain ? List.of() : KeepReader.read(r, ephemeral);
        Optional<Accounts.Account> user = domain ? Optional.empty() : UserReader.read(r, ephemeral, accounts);
        if (user.isPresent() && ready instanceof Readiness.Exited) {
            r.error(section.first("ready").map(IniDocument.Option::line).orElse(section.line()), "ready = exited"
                    + " cannot go with user =: the job's exit status is read from LXC's log of the start, which a"
                    + " user's lxc-start does not write; run the job in a root container, or remove ready = exited");
        }
        if (user.isPresent() && r.option("lxcpath").isEmpty()) {
            lxcpath = UserReader.defaultLxcpath(user.get());
        }
        if (r.failed() || misshapen) {
            return Draft.failed(name);
        }
        Map<String, Integer> keyLines = new HashMap<>();
        section.options().forEach(o -> keyLines.putIfAbsent(o.key(), o.line()));
        // A container's LXC config is read by the loader, once its name proves unique.
        Target target = domain ? new Target.Domain(uri)
                : new Target.Lxc(lxcpath, null, ephemeral, restart, stopExec, keep, user, restartDependents);
        return new Draft(name, ContainerEntry.builder(name, ContainerEntry.Source.ENTRY, file, section.line())
                .target(target).after(after).wants(wants).order(order).startDelay(delay).ready(ready)
                .startTimeout(startTimeout).stopTimeout(stopTimeout).needs(needs).keyLines(keyLines).onBoot(onBoot)
                .build());
    }

    /** The container-only keys, each with why it does not apply to a domain and what to do instead. */
    private static void rejectContainerKeys(SectionReader r, IniDocument.Section section) {
        Map<String, String> why = Map.of(
                "lxcpath", "a domain lives under a libvirt connection: use uri = (qemu:///system, lxc:///system)",
                "ephemeral", "libvirt has no overlay copies of a domain; remove it",
                KeepReader.KEY, "it keeps directories of an ephemeral LXC container, and a domain is never one;"
                        + " remove it",
                "restart", "lxc-auto restarts LXC containers only; for a domain use libvirt's <on_crash> and"
                        + " <on_poweroff> in its XML",
                RESTART_DEPENDENTS, "it applies when lxc-auto restarts a container, and lxc-auto restarts LXC"
                        + " containers only; remove it",
                UserReader.KEY, "lxc-auto runs LXC containers as a user, and a domain runs under its libvirt"
                        + " connection (uri =); remove it",
                "stop-exec", "no command can be run inside a libvirt domain; make the guest's own shutdown, which"
                        + " libvirt's Shutdown starts, run it (for a systemd guest: ExecStop= in the service's unit)");
        for (IniDocument.Option option : section.options()) {
            if (why.containsKey(option.key())) {
                r.error(option.line(), "'" + option.key() + "' is not for a [domain]: " + why.get(option.key()));
            }
        }
    }

    /** A libvirt connection URI: driver, "://", optional host, a path (qemu:///system). */
    static String libvirtUri(String text) {
        if (!text.matches("[a-z][a-z0-9+]*://[^\\s]*/[^\\s]*")) {
            throw new IllegalArgumentException("not a libvirt URI");
        }
        return text;
    }

    private static List<String> dependencies(SectionReader r, IniDocument.Section section, String key, String self) {
        List<String> names = r.list(key);
        int line = section.first(key).map(IniDocument.Option::line).orElse(section.line());
        for (String dep : names) {
            if (!Names.isValidContainer(dep)) {
                r.error(line, "invalid container name '" + dep + "' in " + key + ": " + Names.CONTAINER_RULE);
            } else if (dep.equals(self)) {
                r.error(line, "'" + self + "' lists itself in " + key + "; remove it");
            }
        }
        return List.copyOf(new java.util.LinkedHashSet<>(names));
    }

    private static Readiness readiness(SectionReader r, IniDocument.Section section) {
        return section.first("ready").map(option -> {
            try {
                return Readiness.parse(option.value());
            } catch (IllegalArgumentException e) {
                r.error(option.line(), "invalid ready '" + option.value() + "': " + e.getMessage()
                        + "; expected " + Readiness.SYNTAX);
                return (Readiness) new Readiness.Running();
            }
        }).orElse(new Readiness.Running());
    }

    /** A read attempt: the name it claims, and the entry unless it was unusable. */
    record Draft(String name, ContainerEntry entry) {
        static Draft failed(String name) {
            return new Draft(name, null);
        }
    }
}
