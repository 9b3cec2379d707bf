package org.lxcauto.system;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The agent lock as a POSIX record lock ({@code fcntl(F_SETLK)}, what {@link FileChannel#tryLock}
 * takes on Linux) on a lock file, {@code STATE_DIR/lock}. Such a lock belongs to the process: the
 * kernel drops it when the process ends, even by SIGKILL, so no stale lock outlives a crash; and
 * the children the agent forks ({@code lxc-start}, whose monitor stays behind) do not inherit it,
 * unlike a {@code flock} on an inherited descriptor. The file itself stays; its content, the
 * holder's {@code PID KIND} line, is emptied at release.
 *
 * <p>POSIX locks have one trap: closing <em>any</em> descriptor of the file releases every lock the
 * process holds on it. So this JVM never opens the file a second time while it holds the lock
 * (a second {@link #tryLock} answers from what it took), and a channel it cannot close without
 * releasing someone else's lock is kept open.
 */
public final class FcntlAgentLock implements AgentLock {

    /** The locks this JVM holds, by the lock file's identity (device and inode); also the monitor. */
    private static final Map<Object, Taken> HELD = new HashMap<>();
    /** Channels that closing would release another lock of this JVM through (see the class comment). */
    private static final List<FileChannel> KEPT_OPEN = new ArrayList<>();
    /** Longer than any holder line: a PID and a command with a container name. */
    private static final int LINE_MAX = 512;

    private final Path file;

    /** @param file the lock file, {@code STATE_DIR/lock}; its directory is created if missing */
    public FcntlAgentLock(Path file) {
        this.file = file.toAbsolutePath();
    }

    @Override
    public Path path() {
        return file;
    }

    @Override
    public Attempt tryLock(String kind) {
        synchronized (HELD) {
            try {
                Files.createDirectories(file.getParent());
                Optional<Object> known = identity();
                if (known.isPresent() && HELD.containsKey(known.get())) {
                    return new Busy(Optional.of(HELD.get(known.get()).holder));
                }
                FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
                return lock(channel, kind);
            } catch (IOException e) {
                return new Unavailable(cause(e));
            }
        }
    }

    private Attempt lock(FileChannel channel, String kind) throws IOException {
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            // Other code of this JVM locked the file through a channel of its own.
            KEPT_OPEN.add(channel);
            return new Busy(holder(channel));
        } catch (IOException e) {
            channel.close(); // no lock of ours on the file: closing releases nothing
            throw e;
        }
        if (lock == null) {
            Optional<LockHolder> holder = holder(channel);
            channel.close();
            return new Busy(holder);
        }
        LockHolder me = new LockHolder(ProcessHandle.current().pid(), kind);
        try {
            // Over whatever a killed holder left, then cut to length: a reader sees one whole line.
            channel.write(ByteBuffer.wrap(me.line().getBytes(StandardCharsets.UTF_8)), 0);
            channel.truncate(me.line().getBytes(StandardCharsets.UTF_8).length);
        } catch (IOException e) {
            // The lock is held all the same; a waiter only cannot say for whom.
        }
        Object identity = identity().orElseThrow(() -> new NoSuchFileException(file.toString()));
        Taken taken = new Taken(identity, channel, lock, me);
        HELD.put(identity, taken);
        return taken;
    }

    /** The file's device and inode, when it exists: the same file under any name. */
    private Optional<Object> identity() throws IOException {
        try {
            return Optional.ofNullable(Files.readAttributes(file, BasicFileAttributes.class).fileKey());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /**
     * The holder named in the file, if that process lives. A line naming a dead process is what a
     * killed holder left, read in the moment before the new holder overwrites it.
     */
    private static Optional<LockHolder> holder(FileChannel channel) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(LINE_MAX);
        channel.read(bytes, 0);
        String content = new String(bytes.array(), 0, bytes.position(), StandardCharsets.UTF_8);
        return LockHolder.parse(content)
                .filter(h -> ProcessHandle.of(h.pid()).map(ProcessHandle::isAlive).orElse(false));
    }

    /** Why the lock cannot be had, in the words of the system: {@code read-only file system}. */
    static String cause(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException missing) {
            return missing.getFile() + ": no such file or directory";
        }
        if (e instanceof FileAlreadyExistsException inTheWay) {
            return inTheWay.getFile() + " exists and is not a directory";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            String reason = fs.getReason();
            return reason.isEmpty() ? reason : Character.toLowerCase(reason.charAt(0)) + reason.substring(1);
        }
        return String.valueOf(e.getMessage());
    }

    /** A lock this JVM holds. */
    private static final class Taken implements Held {

        private final Object identity;
        private final FileChannel channel;
        private final FileLock lock;
        private final LockHolder holder;

        Taken(Object identity, FileChannel channel, FileLock lock, LockHolder holder) {
            this.identity = identity;
            this.channel = channel;
            this.lock = lock;
            this.holder = holder;
        }

        @Override
        public void close() {
            synchronized (HELD) {
                if (HELD.remove(identity) != this) {
                    return; // released already
                }
                try {
                    channel.truncate(0); // no holder line left behind to mislead a reader
                } catch (IOException e) {
                    // A stale line names a process that is gone, which readers discount.
                }
                try {
                    lock.release();
                    channel.close();
                } catch (IOException e) {
                    // The process ends soon after a release, and the kernel drops the lock then.
                }
            }
        }
    }
}
