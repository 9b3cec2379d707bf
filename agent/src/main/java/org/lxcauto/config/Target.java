package org.lxcauto.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.lxcauto.system.Accounts;

/**
 * What an entry starts and stops: an LXC container or a libvirt domain, each with only what applies
 * to it (docs/domains.md, what lxc-auto leaves to libvirt).
 *
 * <p>A sealed type rather than a pair of nullable fields, so that the compiler, not a null check,
 * says which kind an entry is: code that acts on one kind only matches it ({@code entry.target()
 * instanceof Target.Lxc lxc}) and then has its fields, and code that must handle both cannot be
 * handed a third.
 */
public sealed interface Target permits Target.Lxc, Target.Domain {

    /**
     * {@code ifLxc} or {@code ifDomain}, whichever fits, applied to this target: for code that
     * handles both kinds, a case analysis the compiler holds complete, as Java 17 has no pattern
     * {@code switch}.
     */
    <R> R match(Function<Lxc, R> ifLxc, Function<Domain, R> ifDomain);

    /**
     * An LXC container.
     *
     * @param lxcpath the directory holding it
     * @param config what its LXC config says (links, halt signal, {@code lxc.start.*}); null only
     *     inside {@link ConfigurationLoader}, between reading the entry and reading the container's
     *     config, which is read only for a name that proves unique and usable
     * @param ephemeral run a temporary overlay copy ({@code lxc-copy -e}) instead of the container
     * @param restart restart policy while the daemon runs
     * @param stopExec {@code stop-exec}: the argv run inside the container before its halt signal,
     *     empty for none
     * @param keep directories of an ephemeral container kept across its runs ({@code keep}),
     *     absolute and normalised as the container sees them; empty for most
     * @param user {@code user = NAME}: the account whose container this is, which every lxc-* command
     *     for it runs as (a per-user unprivileged container); empty for root's containers
     * @param restartDependents {@code restart-dependents}: when the restart policy restarts it, its
     *     running hard dependents are stopped first and started again once it is ready
     */
    record Lxc(Path lxcpath, LxcConfig config, boolean ephemeral, RestartPolicy restart, List<String> stopExec,
            List<Path> keep, Optional<Accounts.Account> user, boolean restartDependents)
            implements Target {

        public Lxc {
            Objects.requireNonNull(lxcpath, "lxcpath");
            Objects.requireNonNull(restart, "restart");
            Objects.requireNonNull(user, "user");
            stopExec = List.copyOf(stopExec);
            keep = List.copyOf(keep);
        }

        /**
         * A container without a {@code stop-exec} that keeps nothing across runs, as every source
         * but an lxc-auto entry gives.
         */
        public Lxc(Path lxcpath, LxcConfig config, boolean ephemeral, RestartPolicy restart) {
            this(lxcpath, config, ephemeral, restart, List.of(), List.of(), Optional.empty(), true);
        }

        @Override
        public <R> R match(Function<Lxc, R> ifLxc, Function<Domain, R> ifDomain) {
            return ifLxc.apply(this);
        }

        /** The same container with what its LXC config says. */
        public Lxc withConfig(LxcConfig read) {
            return new Lxc(lxcpath, Objects.requireNonNull(read, "config"), ephemeral, restart, stopExec, keep, user,
                    restartDependents);
        }
    }

    /**
     * A libvirt domain ({@code [domain]}): libvirt holds its definition, its network devices and
     * its crash policy, so the URI of the connection it lives under is all lxc-auto keeps.
     *
     * @param uri the libvirt connection URI ({@code qemu:///system}, {@code lxc:///system})
     */
    record Domain(String uri) implements Target {

        public Domain {
            Objects.requireNonNull(uri, "uri");
        }

        @Override
        public <R> R match(Function<Lxc, R> ifLxc, Function<Domain, R> ifDomain) {
            return ifDomain.apply(this);
        }
    }
}
