package org.lxcauto.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.lxcauto.config.Names;
import org.lxcauto.lifecycle.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code lxc-auto disable NAME}: remove {@code AUTO_DIR/NAME.conf} (entry or legacy symlink). */
@Command(name = "disable", description = "Stop autostarting a container: remove AUTO_DIR/NAME.conf."
        + " A running container keeps running.")
final class DisableCommand implements Callable<Integer> {

    @ParentCommand
    LxcAuto root;

    @Parameters(paramLabel = "NAME", description = "The container.")
    String name;

    @Override
    public Integer call() throws IOException {
        if (!Names.isValidContainer(name)) {
            System.err.println("lxc-auto: invalid container name '" + name + "': " + Names.CONTAINER_RULE);
            return ExitCodes.USAGE;
        }
        Path file = root.global.autoDir.resolve(name + ".conf");
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            System.err.println("lxc-auto: '" + name + "' has no entry " + file
                    + (root.global.load().entries().stream().anyMatch(e -> e.name().equals(name))
                            ? "; it autostarts through lxc.start.auto = 1 in its config: set it to 0 there" : ""));
            return ExitCodes.FAILURE;
        }
        Files.delete(file); // unlink(2) is atomic
        System.out.println("disabled '" + name + "': removed " + file);
        return ExitCodes.OK;
    }
}
