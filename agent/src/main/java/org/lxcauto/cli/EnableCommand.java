package org.lxcauto.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.lxcauto.config.Configuration;
import org.lxcauto.config.Names;
import org.lxcauto.lifecycle.ExitCodes;
import org.lxcauto.system.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code lxc-auto enable NAME}: write {@code AUTO_DIR/NAME.conf} atomically. */
@Command(name = "enable", description = "Autostart a container: write AUTO_DIR/NAME.conf atomically.")
final class EnableCommand implements Callable<Integer> {

    @ParentCommand
    LxcAuto root;

    @Parameters(paramLabel = "NAME", description = "The container.")
    String name;

    @Option(names = "--after", arity = "1..*", paramLabel = "X", description = "Hard dependencies.")
    List<String> after = List.of();

    @Option(names = "--wants", arity = "1..*", paramLabel = "X", description = "Soft dependencies.")
    List<String> wants = List.of();

    @Override
    public Integer call() throws IOException {
        List<String> names = new java.util.ArrayList<>(List.of(name));
        names.addAll(after);
        names.addAll(wants);
        for (String n : names) {
            if (!Names.isValidContainer(n)) {
                System.err.println("lxc-auto: invalid container name '" + n + "': " + Names.CONTAINER_RULE);
                return ExitCodes.USAGE;
            }
        }
        Path file = root.global.autoDir.resolve(name + ".conf");
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            System.err.println("lxc-auto: '" + name + "' is already enabled by " + file + "; edit that file, or"
                    + " 'lxc-auto disable " + name + "' first");
            return ExitCodes.FAILURE;
        }
        Configuration config = root.global.load();
        if (config.entries().stream().anyMatch(e -> e.name().equals(name))) {
            System.err.println("lxc-auto: '" + name + "' already autostarts (lxc.start.auto = 1 or another entry);"
                    + " see 'lxc-auto plan'");
            return ExitCodes.FAILURE;
        }
        Path container = config.agent().lxcpath().resolve(name).resolve("config");
        if (!Files.isRegularFile(container)) {
            System.err.println("lxc-auto: container '" + name + "' not found: " + container + " does not exist");
            return ExitCodes.FAILURE;
        }
        StringBuilder text = new StringBuilder("# Written by 'lxc-auto enable'; keys in /usr/share/doc/lxc-auto/docs/configuration.md.\n[container]\n");
        if (!after.isEmpty()) {
            text.append("after = ").append(String.join(" ", after)).append('\n');
        }
        if (!wants.isEmpty()) {
            text.append("wants = ").append(String.join(" ", wants)).append('\n');
        }
        AtomicFiles.write(file, text.toString());
        System.out.println("enabled '" + name + "': " + file);
        return ExitCodes.OK;
    }
}
