package org.lxcauto.system;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether an optional program (such as ncftool) is installed, looked up on PATH as a shell would. */
public final class Programs {

    private Programs() {
    }

    public static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return true;
            }
        }
        return false;
    }
}
