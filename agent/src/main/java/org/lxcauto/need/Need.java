package org.lxcauto.need;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Something outside the container graph that must hold before a container starts: a {@code needs =}
 * token of its entry (docs/configuration.md, needs). Each is waited for within the container's
 * start-timeout, before its start, by {@link NeedsGate}.
 *
 * <p>Parsed strictly ({@link NeedSyntax}): these values reach a mount table, a D-Bus call and a
 * name lookup, and a typo must be a configuration error the administrator reads at {@code check},
 * not a container that silently never starts.
 */
public sealed interface Need permits Need.Mount, Need.Unit, Need.Tcp {

    /** What {@code check} and the messages say a need looks like. */
    String SYNTAX = "mount:PATH, unit:NAME or tcp:HOST:PORT";

    /** The token as written in an entry, canonical ({@code unit:foo} reads back as {@code unit:foo.service}). */
    @Override
    String toString();

    /**
     * {@code mount:PATH}: {@code path} is a mount point, as the kernel's mount table says.
     *
     * @param path absolute and normalised
     */
    record Mount(Path path) implements Need {
        public Mount {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String toString() {
            return "mount:" + path;
        }
    }

    /**
     * {@code unit:NAME}: the host's systemd unit is active.
     *
     * @param name a full unit name with its type suffix ({@code openvswitch-switch.service})
     */
    record Unit(String name) implements Need {
        public Unit {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String toString() {
            return "unit:" + name;
        }
    }

    /**
     * {@code tcp:HOST:PORT}: a TCP connection to the endpoint is accepted.
     *
     * @param host a DNS name, an IPv4 address or an IPv6 address (without its brackets)
     * @param port 1 to 65535
     */
    record Tcp(String host, int port) implements Need {
        public Tcp {
            Objects.requireNonNull(host, "host");
        }

        @Override
        public String toString() {
            return "tcp:" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }
}
