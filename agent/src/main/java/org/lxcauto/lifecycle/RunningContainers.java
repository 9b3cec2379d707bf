package org.lxcauto.lifecycle;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.lxcauto.config.Configuration;
import org.lxcauto.config.ContainerEntry;
import org.lxcauto.config.Target;
import org.lxcauto.container.ContainerRef;
import org.lxcauto.container.ContainerRuntime;
import org.lxcauto.container.ContainerState;

/** What runs now: containers under every lxcpath the configuration uses, and the domains it names. */
public final class RunningContainers {

    private RunningContainers() {
    }

    /**
     * Running containers keyed by the name the configuration uses: an ephemeral copy is reported
     * under its entry's name, with the reference of the copy that actually runs.
     */
    public static Map<String, ContainerRef> find(ContainerRuntime runtime, Configuration config)
            throws InterruptedException {
        // Keyed as LXC lists them (lxcpath and name); the value keeps the entry's user, who acts on it.
        Map<ContainerRef, ContainerEntry> entryByRuntimeRef = new HashMap<>();
        for (ContainerEntry entry : config.entries()) {
            ContainerRef ref = Runtimes.running(entry);
            entryByRuntimeRef.put(ref instanceof ContainerRef.Lxc lxc ? lxc.asRoot() : ref, entry);
        }
        Map<String, ContainerRef> running = new TreeMap<>();
        for (Path lxcpath : config.lxcpaths()) {
            for (String name : runtime.running(lxcpath)) {
                ContainerRef listed = new ContainerRef.Lxc(lxcpath, name);
                ContainerEntry entry = entryByRuntimeRef.get(listed);
                running.putIfAbsent(entry == null ? name : entry.name(), entry == null ? listed : Runtimes.running(entry));
            }
        }
        // Only the domains an entry names: libvirt's other domains are libvirt's (and libvirt-guests') business.
        for (ContainerEntry entry : config.entries()) {
            if (entry.target() instanceof Target.Domain
                    && runtime.state(Runtimes.running(entry)) == ContainerState.RUNNING) {
                running.putIfAbsent(entry.name(), Runtimes.running(entry));
            }
        }
        return running;
    }
}
