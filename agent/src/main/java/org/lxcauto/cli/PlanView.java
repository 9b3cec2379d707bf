package org.lxcauto.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.lxcauto.config.AgentConfig;
import org.lxcauto.config.Configuration;
import org.lxcauto.config.ContainerEntry;
import org.lxcauto.config.InterfaceDeclaration;
import org.lxcauto.config.RestartPolicy;
import org.lxcauto.config.Target;
import org.lxcauto.lifecycle.LibvirtAutostart;
import org.lxcauto.need.Need;
import org.lxcauto.plan.Exclusion;
import org.lxcauto.plan.Plan;
import org.lxcauto.plan.Step;
import org.lxcauto.system.Json;

/** Renders a plan for people ({@link #text}) and programs ({@link #json}). */
final class PlanView {

    private PlanView() {
    }

    static String text(Plan plan, Configuration config, LibvirtAutostart libvirt) {
        return text(plan, config, libvirt, true);
    }

    /** @param systemd whether this host runs systemd: a {@code unit:} need says it cannot hold when not */
    static String text(Plan plan, Configuration config, LibvirtAutostart libvirt, boolean systemd) {
        StringBuilder out = new StringBuilder();
        boolean start = plan.direction() == Plan.Direction.START;
        List<List<Step>> waves = plan.waves();
        out.append(start ? "Start" : "Stop").append(" plan: ").append(plan.steps().size()).append(" container(s) in ")
                .append(waves.size()).append(" wave(s), at most ").append(config.agent().maxParallel()).append(" at once\n");
        for (int w = 0; w < waves.size(); w++) {
            out.append("wave ").append(w).append(":\n");
            for (Step step : waves.get(w)) {
                out.append("  ").append(step.name());
                if (step.entry() != null && step.entry().target() instanceof Target.Domain domain) {
                    out.append("  domain ").append(domain.uri());
                }
                if (!step.requires().isEmpty()) {
                    out.append("  after ").append(String.join(" ", step.requires()));
                }
                if (!step.orderedAfter().isEmpty()) {
                    out.append(start ? "  wants " : "  after stopping ").append(String.join(" ", step.orderedAfter()));
                }
                if (!step.bridges().isEmpty()) {
                    out.append("  bridges ").append(String.join(" ", step.bridges()));
                }
                ContainerEntry e = step.entry();
                if (e != null) {
                    out.append(start ? "  ready " + e.ready() + " within " + e.startTimeout().toSeconds() + "s"
                            : "  stop-timeout " + e.stopTimeout().toSeconds() + "s");
                    if (start && !e.needs().isEmpty()) {
                        out.append("  needs ").append(e.needs().stream().map(Need::toString).collect(Collectors.joining(" ")));
                    }
                    if (start && !e.startDelay().isZero()) {
                        out.append("  delay ").append(e.startDelay().toSeconds()).append("s");
                    }
                    if (user(e) != null) {
                        out.append("  user ").append(user(e));
                    }
                    if (ephemeral(e)) {
                        out.append("  ephemeral");
                        if (!keep(e).isEmpty()) {
                            out.append(" keep ").append(String.join(" ", keep(e)));
                        }
                    }
                    if (start && e.onBoot().isPresent()) {
                        out.append("  on-boot ").append(onBoot(e.onBoot().get()));
                    }
                    if (start && restartPolicy(e) != RestartPolicy.NO) {
                        out.append("  restart ").append(restartPolicy(e).name().toLowerCase().replace('_', '-'));
                        if (Boolean.FALSE.equals(restartDependents(e))) {
                            out.append(" (dependents left running)");
                        }
                    }
                    if (!start && haltSignal(e) != null) {
                        out.append("  halt ").append(haltSignal(e));
                    }
                    if (!start && stopExec(e) != null) {
                        out.append("  stop-exec ").append(String.join(" ", stopExec(e)));
                    }
                }
                out.append("\n      ").append(step.why()).append('\n');
                if (start && e != null && !systemd) {
                    e.needs().stream().filter(n -> n instanceof Need.Unit).forEach(n -> out.append("      error: ")
                            .append(CheckCommand.noSystemd(n)).append(" (").append(e.file()).append(':')
                            .append(e.lineOf("needs")).append(")\n"));
                }
            }
        }
        if (start) {
            List<InterfaceJson> interfaces = interfaces(plan, config);
            if (!interfaces.isEmpty()) {
                out.append("interfaces (brought up before the containers that use them):\n");
                for (InterfaceJson i : interfaces) {
                    out.append("  ").append(i.name()).append("  ").append(i.declaredIn() == null
                            ? "not declared: waited for up to " + config.agent().bridgeTimeout().toSeconds() + "s"
                            : "manager " + i.manager() + ", " + i.declaredIn());
                    if (!i.neededBy().isEmpty()) {
                        out.append("  needed by ").append(String.join(" ", i.neededBy()));
                    }
                    out.append('\n');
                }
            }
        }
        if (!plan.excluded().isEmpty()) {
            out.append(start ? "Not started:\n" : "Not stopped:\n");
            for (Exclusion e : plan.excluded()) {
                out.append("  ").append(e.name()).append(": ").append(e.reason()).append('\n');
            }
        }
        if (!libvirt.leftToLibvirt().isEmpty()) {
            out.append("Left to libvirt (its own autostart flag; no entry names them):\n");
            libvirt.leftToLibvirt().forEach((uri, names) ->
                    out.append("  ").append(uri).append(": ").append(String.join(" ", names)).append('\n'));
        }
        for (ContainerEntry e : libvirt.alsoByLibvirt()) {
            out.append("warning: ").append(e.origin()).append(": ").append(LibvirtAutostart.advice(e)).append('\n');
        }
        return out.toString();
    }

    /** A domain's connection URI for {@code plan --json}; null (written as such) for an LXC container. */
    private static String uri(ContainerEntry e) {
        return e.target() instanceof Target.Domain domain ? domain.uri() : null;
    }

    /** The user a per-user container runs as ({@code user}); null for root's containers and domains. */
    private static String user(ContainerEntry e) {
        return e.target() instanceof Target.Lxc container ? container.user().map(u -> u.name()).orElse(null) : null;
    }

    /** The kept directories of an ephemeral container, as the container sees them. */
    private static List<String> keep(ContainerEntry e) {
        return e.target() instanceof Target.Lxc container ? container.keep().stream().map(Object::toString).toList()
                : List.of();
    }

    /** Whether it runs as an overlay copy: only an LXC container can. */
    private static boolean ephemeral(ContainerEntry e) {
        return e.target() instanceof Target.Lxc container && container.ephemeral();
    }

    /** The signal a stop sends an LXC container (lxc.signal.halt, else SIGPWR); null for a domain. */
    private static String haltSignal(ContainerEntry e) {
        return e.target() instanceof Target.Lxc container && container.config() != null ? container.config().halt()
                : null;
    }

    private static RestartPolicy restartPolicy(ContainerEntry e) {
        return e.target() instanceof Target.Lxc container ? container.restart() : RestartPolicy.NO;
    }

    /** {@code restart-dependents}; null for a domain, which lxc-auto never restarts. */
    private static Boolean restartDependents(ContainerEntry e) {
        return e.target() instanceof Target.Lxc container ? container.restartDependents() : null;
    }

    private static String onBoot(AgentConfig.OnBoot onBoot) {
        return onBoot.name().toLowerCase();
    }

    /** The entry's stop-exec argv; null when it has none. */
    private static List<String> stopExec(ContainerEntry e) {
        return e.target() instanceof Target.Lxc container && !container.stopExec().isEmpty() ? container.stopExec()
                : null;
    }

    /** The {@code plan --json} document; its fields are documented in docs/formats.md and kept stable. */
    record PlanJson(String direction, int maxParallel, List<InterfaceJson> interfaces, List<StepJson> steps,
            List<ExclusionJson> excluded, java.util.Map<String, List<String>> leftToLibvirt) {
    }

    /** An exclusion, its file a plain path as in the steps. */
    record ExclusionJson(String name, String reason, boolean failure, String file, int line) {
        static ExclusionJson of(Exclusion e) {
            return new ExclusionJson(e.name(), e.reason(), e.failure(), e.file() == null ? null : e.file().toString(),
                    e.line());
        }
    }

    /**
     * An interface step: declared ones are brought up by lxc-auto, the others only waited for.
     *
     * @param manager the configured manager (auto, kernel, networkmanager, netcf), null if undeclared
     * @param declaredIn FILE:LINE of the declaration, null if undeclared
     * @param neededBy the planned containers attached to it
     */
    record InterfaceJson(String name, String manager, String declaredIn, boolean onBoot, List<String> neededBy) {
    }

    /** Declared interfaces, then undeclared ones that planned containers attach to. */
    static List<InterfaceJson> interfaces(Plan plan, Configuration config) {
        java.util.Map<String, List<String>> users = new java.util.TreeMap<>();
        for (Step s : plan.steps()) {
            s.bridges().forEach(b -> users.computeIfAbsent(b, k -> new ArrayList<>()).add(s.name()));
        }
        List<InterfaceJson> result = new ArrayList<>();
        for (InterfaceDeclaration d : config.interfaces()) {
            result.add(new InterfaceJson(d.name(), d.manager().name().toLowerCase(), d.origin(), d.onBoot(),
                    users.getOrDefault(d.name(), List.of())));
        }
        users.forEach((name, needers) -> {
            if (config.declared(name).isEmpty()) {
                result.add(new InterfaceJson(name, null, null, false, needers));
            }
        });
        return result;
    }

    record StepJson(String name, String uri, int wave, List<String> requires, List<String> orderedAfter, List<String> bridges,
            Integer order, Integer group, String ready, Long startTimeout, Long stopTimeout, Long startDelay,
            Boolean ephemeral, String source, String file, Integer line, String why, String onBoot,
            Boolean restartDependents, String haltSignal, List<String> stopExec, List<String> keep, String user,
            List<String> needs) {
    }

    static String json(Plan plan, Configuration config, LibvirtAutostart libvirt) {
        List<StepJson> steps = new ArrayList<>();
        for (Step s : plan.steps()) {
            ContainerEntry e = s.entry();
            steps.add(e == null
                    ? new StepJson(s.name(), null, s.wave(), s.requires(), s.orderedAfter(), s.bridges(), null, null, null, null,
                            null, null, null, null, null, null, s.why(), null, null, null, null, null, null, null)
                    : new StepJson(s.name(), uri(e), s.wave(), s.requires(), s.orderedAfter(), s.bridges(), e.order(),
                            e.groupRank(), e.ready().toString(), e.startTimeout().toSeconds(), e.stopTimeout().toSeconds(),
                            e.startDelay().toSeconds(), ephemeral(e), e.source().name().toLowerCase().replace('_', '-'),
                            e.file().toString(), e.line(), s.why(), onBoot(e.onBoot(config.agent())), restartDependents(e),
                            haltSignal(e), stopExec(e), e.target() instanceof Target.Lxc ? keep(e) : null, user(e),
                            e.needs().stream().map(Need::toString).toList()));
        }
        List<InterfaceJson> interfaces = plan.direction() == Plan.Direction.START ? interfaces(plan, config) : List.of();
        PlanJson document = new PlanJson(plan.direction().name().toLowerCase(), config.agent().maxParallel(), interfaces,
                steps, plan.excluded().stream().map(ExclusionJson::of).toList(), libvirt.leftToLibvirt());
        return Json.document(document);
    }
}
