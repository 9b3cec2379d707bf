package org.lxcauto.lifecycle;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.lxcauto.config.Configuration;
import org.lxcauto.config.ContainerEntry;
import org.lxcauto.container.ContainerRef;
import org.lxcauto.container.ContainerRuntime;

/** What runs now, under every lxcpath the configuration uses. */
public final class RunningContainers {

    private RunningContainers() {
    }

    /**
     * Running containers keyed by the name the configuration uses: an ephemeral copy is reported
     * under its entry's name, with the reference of the copy that actually runs.
     */
    public static Map<String, ContainerRef> find(ContainerRuntime runtime, Configuration config)
            throws InterruptedException {
        Set<Path> lxcpaths = new LinkedHashSet<>();
        lxcpaths.add(config.agent().lxcpath());
        config.entries().forEach(e -> lxcpaths.add(e.lxcpath()));
        Map<ContainerRef, String> entryByRuntimeRef = new HashMap<>();
        for (ContainerEntry entry : config.entries()) {
            entryByRuntimeRef.put(Runtimes.running(entry), entry.name());
        }
        Map<String, ContainerRef> running = new TreeMap<>();
        for (Path lxcpath : lxcpaths) {
            for (String name : runtime.running(lxcpath)) {
                ContainerRef ref = new ContainerRef(lxcpath, name);
                running.putIfAbsent(entryByRuntimeRef.getOrDefault(ref, name), ref);
            }
        }
        return running;
    }
}
