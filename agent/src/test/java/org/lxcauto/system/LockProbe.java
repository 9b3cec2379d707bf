package org.lxcauto.system;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * A second process for {@link FcntlAgentLockTest}, since POSIX locks only exclude other processes:
 * {@code try LOCK KIND} tries the lock once and prints what it found; {@code hold LOCK KIND} takes
 * it, prints {@code held} and stays until killed; {@code hold-silent LOCK} locks the file without
 * writing a holder line, as a holder does in the moment between the two.
 */
public final class LockProbe {

    private LockProbe() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Path file = Path.of(args[1]);
        switch (args[0]) {
            case "try" -> {
                System.out.println(describe(new FcntlAgentLock(file).tryLock(args[2])));
                return;
            }
            case "hold" -> System.out.println(describe(new FcntlAgentLock(file).tryLock(args[2])));
            case "hold-silent" -> {
                FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                System.out.println(channel.tryLock() != null ? "held" : "busy");
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    /** {@code held}, {@code busy PID KIND}, {@code busy unnamed} or {@code unavailable CAUSE}. */
    static String describe(AgentLock.Attempt attempt) {
        if (attempt instanceof AgentLock.Held) {
            return "held";
        }
        if (attempt instanceof AgentLock.Busy busy) {
            Optional<LockHolder> holder = busy.holder();
            return holder.map(h -> "busy " + h.pid() + " " + h.kind()).orElse("busy unnamed");
        }
        return "unavailable " + ((AgentLock.Unavailable) attempt).cause();
    }
}
