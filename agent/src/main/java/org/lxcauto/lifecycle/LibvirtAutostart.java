package org.lxcauto.lifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.lxcauto.config.Configuration;
import org.lxcauto.config.ContainerEntry;
import org.lxcauto.config.Target;
import org.lxcauto.container.ContainerRuntime;

/**
 * The domains libvirt starts by itself at boot, under the connections the {@code [domain]} entries
 * use: those no entry names are left to libvirt; those an entry names are started by both, in no
 * particular order by libvirt, which the administrator should switch off.
 *
 * @param leftToLibvirt by URI, the autostart domains no entry names
 * @param alsoByLibvirt entries whose domain libvirt autostarts too
 */
public record LibvirtAutostart(Map<String, List<String>> leftToLibvirt, List<ContainerEntry> alsoByLibvirt) {

    /** Asks libvirt only when there are domain entries: hosts without libvirt pay nothing. */
    public static LibvirtAutostart find(ContainerRuntime runtime, Configuration config) throws InterruptedException {
        Set<String> uris = new TreeSet<>();
        config.entries().forEach(e -> uri(e).ifPresent(uris::add));
        Map<String, List<String>> left = new TreeMap<>();
        List<ContainerEntry> also = new ArrayList<>();
        for (String uri : uris) {
            Set<String> autostarted = runtime.autostartedByLibvirt(uri);
            List<String> unnamed = new ArrayList<>();
            for (String domain : new TreeSet<>(autostarted)) {
                config.entries().stream().filter(e -> uri(e).equals(Optional.of(uri)) && e.name().equals(domain))
                        .findFirst().ifPresentOrElse(also::add, () -> unnamed.add(domain));
            }
            if (!unnamed.isEmpty()) {
                left.put(uri, List.copyOf(unnamed));
            }
        }
        return new LibvirtAutostart(Map.copyOf(left), List.copyOf(also));
    }

    /** The advice for an entry whose domain libvirt autostarts as well. */
    public static String advice(ContainerEntry entry) {
        return "libvirt autostarts '" + entry.name() + "' too, ignoring the order; run 'virsh -c "
                + uri(entry).orElseThrow() + " autostart --disable " + entry.name()
                + "' so that only lxc-auto starts it";
    }

    /** The connection of a domain entry; none for an LXC container. */
    private static Optional<String> uri(ContainerEntry entry) {
        return entry.target() instanceof Target.Domain domain ? Optional.of(domain.uri()) : Optional.empty();
    }
}
