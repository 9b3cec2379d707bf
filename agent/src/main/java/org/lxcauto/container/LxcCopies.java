package org.lxcauto.container;

import static org.lxcauto.container.LxcRuntime.lxcpath;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lxcauto.system.CommandResult;
import org.lxcauto.system.CommandRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ephemeral copies of {@link LxcRuntime}: the {@code lxc-copy -e} command with the kept
 * directories bound in, and the removal of a copy a power loss left behind. Apart from LxcRuntime
 * so that starting and stopping stay readable there.
 */
final class LxcCopies {

    private static final Logger LOG = LoggerFactory.getLogger(LxcCopies.class);
    private static final Duration QUICK = Duration.ofSeconds(30);

    /** LXC's view of a container, as {@link LxcRuntime#state} gives it. */
    @FunctionalInterface
    interface States {
        ContainerState of(ContainerRef container) throws InterruptedException;
    }

    private final CommandRunner runner;
    private final KeptDirectories kept;
    private final States states;

    LxcCopies(CommandRunner runner, KeptDirectories kept, States states) {
        this.runner = runner;
        this.kept = kept;
        this.states = states;
    }

    /**
     * {@code lxc-copy -e}, with one {@code -m bind=HOST:DIR} per kept directory, made first where
     * missing (KeptDirectories). LXC marks those mounts optional: a missing host directory would
     * silently leave the copy writing into its overlay, hence no start without every one of them.
     */
    List<String> copyCommand(ContainerRef base, ContainerRef copy, List<Path> keep)
            throws ContainerException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("lxc-copy", "-P", lxcpath(base), "-n", base.name(), "-N",
                copy.name(), "-e"));
        for (String bind : kept.prepare(base.name(), keep, whyNot -> rootfs(base, whyNot))) {
            argv.addAll(List.of("-m", bind));
        }
        return argv;
    }

    /** The base's rootfs as a host directory: {@code lxc.rootfs.path} of a directory-backed container. */
    private Optional<Path> rootfs(ContainerRef base, StringBuilder whyNot) throws InterruptedException {
        CommandResult result = runner.run(List.of("lxc-info", "-P", lxcpath(base), "-n", base.name(), "-c",
                "lxc.rootfs.path"), QUICK);
        String value = result.stdout().strip().replaceFirst("^lxc\\.rootfs\\.path\\s*=\\s*", "");
        if (!result.succeeded() || value.isEmpty()) {
            whyNot.append("lxc-info cannot tell the rootfs of '").append(base.name()).append("': ")
                    .append(result.lastErrorLine());
            return Optional.empty();
        }
        Path dir = Path.of(value.startsWith("dir:") ? value.substring("dir:".length()) : value);
        if (!value.startsWith("/") && !value.startsWith("dir:/") || !Files.isDirectory(dir)) {
            whyNot.append("the rootfs of '").append(base.name()).append("' is '").append(value)
                    .append("', not a directory lxc-auto can copy from");
            return Optional.empty();
        }
        return Optional.of(dir);
    }

    /**
     * Removes an ephemeral copy left stopped by a power loss. lxc-destroy exits 0 and leaves a
     * container whose config says {@code lxc.ephemeral = 1} in place (LXC leaves such a container to
     * the monitor that ran it, gone with the power), so the flag is taken out of the copy's config
     * first. A container of that name that is no ephemeral copy is someone's data: refused.
     */
    void destroyLeftover(ContainerRef copy) throws ContainerException, InterruptedException {
        String destroy = "'lxc-destroy -P " + lxcpath(copy) + " -n " + copy.name() + "'";
        CommandResult flag = runner.run(List.of("lxc-info", "-P", lxcpath(copy), "-n", copy.name(), "-c",
                "lxc.ephemeral"), QUICK);
        if (!flag.stdout().strip().matches("lxc\\.ephemeral\\s*=\\s*1")) {
            if (states.of(copy) == ContainerState.MISSING) {
                return; // LXC's monitor was destroying it, and is done
            }
            throw new ContainerException("'" + copy.name() + "' exists, stopped, and is not an ephemeral copy"
                    + " (lxc.ephemeral is not 1), so lxc-auto will not destroy it; rename or destroy it (" + destroy
                    + ")");
        }
        Path config = Path.of(lxcpath(copy), copy.name(), "config");
        try {
            List<String> lines = new ArrayList<>(Files.readAllLines(config, StandardCharsets.ISO_8859_1));
            lines.removeIf(line -> line.strip().matches("lxc\\.ephemeral\\s*=.*"));
            Files.write(config, lines, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            if (states.of(copy) == ContainerState.MISSING) {
                return; // LXC's monitor was destroying it after all
            }
            throw new ContainerException("cannot remove the leftover copy '" + copy.name() + "': " + config
                    + " is gone but LXC still lists it; remove it with " + destroy);
        } catch (IOException e) {
            throw new ContainerException("cannot remove the leftover copy '" + copy.name() + "': cannot rewrite "
                    + config + ": " + KeptDirectories.reason(e) + "; remove it with " + destroy
                    + " after deleting its lxc.ephemeral line");
        }
        CommandResult destroyed = runner.run(List.of("lxc-destroy", "-P", lxcpath(copy), "-n", copy.name()), QUICK);
        if (!destroyed.succeeded() || states.of(copy) != ContainerState.MISSING) {
            throw new ContainerException("cannot remove the leftover copy '" + copy.name() + "': lxc-destroy"
                    + (destroyed.succeeded() ? " left it in place" : " failed: " + destroyed.lastErrorLine())
                    + "; remove it with " + destroy);
        }
        LOG.info("{}: removed the copy left stopped by an earlier run (a power loss?)", copy.name());
    }
}
