package org.lxcauto.config;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Refuses configuration that someone other than root could have written or replaced, as sshd's
 * StrictModes does: the agent runs as root and runs containers and commands from these files
 * (docs/configuration.md, file safety).
 *
 * <p>A file is safe when it and every directory from it up to {@code /} are owned by root and
 * writable by no one else. For a symlink, the link (its owner; a link has no mode of its own) and
 * the link's directories are checked, and so are its target and the target's directories. The
 * one relaxation: a directory <em>above</em> the file's own may be world-writable if it has the
 * sticky bit and is root's ({@code /tmp}), because then no one else can rename or remove the
 * root-owned entry in it that leads to the file. The file's own directory gets no such relaxation:
 * a directory that is listed ({@code /etc/lxc/auto}) must not let anyone add to it. And a
 * directory may be writable by its group when that group is root's (gid 0): LXC makes every
 * container directory {@code 0770 root:root}, and only root is in that group on a Debian system.
 * Files get no such relaxation, as with sshd.
 *
 * <p>Owner and mode come from the JDK's own stat ({@code unix:uid}, {@code unix:mode}), not from
 * jnr-posix: loading jnr-posix and its native stubs cost about 0.45 s of every command's start
 * (bench/findings.md). One instance serves one configuration load, on as many threads as it
 * reads with, and remembers each directory's verdict and real path, so ten thousand entries in one
 * directory cost one walk up to {@code /}, and ten thousand container directories one stat each.
 */
public final class FileSafety {

    private static final int S_IFMT = 0170000;
    private static final int S_IFLNK = 0120000;
    private static final int S_IFDIR = 0040000;
    private static final int S_ISVTX = 01000;
    private static final int GROUP_OR_OTHER_WRITE = 0022;
    private static final int OTHER_WRITE = 0002;

    private final int agentUid = currentUid();
    /** A user whose files count as root's here ({@link #trusting}), or -1 for none. */
    private final int trustedUid;
    /** That user's primary group, which like root's group may write to a directory; -1 for none. */
    private final int trustedGid;
    /** Directory (real path) to why it is unsafe as an ancestor; empty when it is safe. */
    private final Map<Path, Optional<String>> ancestors = new ConcurrentHashMap<>();
    /** Directory (real path) to why it is unsafe as a file's own directory; empty when it is safe. */
    private final Map<Path, Optional<String>> ownDirectories = new ConcurrentHashMap<>();
    /** Directory (absolute, as named) to its real path. */
    private final Map<Path, Path> realDirectories = new ConcurrentHashMap<>();

    /** Root's configuration: files and directories owned by root (or the agent's own user). */
    public FileSafety() {
        this(-1, -1);
    }

    private FileSafety(int trustedUid, int trustedGid) {
        this.trustedUid = trustedUid;
        this.trustedGid = trustedGid;
    }

    /**
     * The checks for a per-user container's files ({@code user = NAME}): owned by that user or by
     * root, and writable by no one else. The user runs those containers anyway; what must not
     * happen is that a third user changes what runs as them. As root's group for root's
     * containers, the user's primary group may write to a directory: LXC makes a user's container
     * directory {@code 0770} with that group, which under Debian's user private groups holds the
     * user alone.
     */
    public static FileSafety trusting(int uid, int gid) {
        return new FileSafety(uid, gid);
    }

    /**
     * Checks {@code file} as the path the configuration names it by.
     *
     * @return true when the file may be used; otherwise a problem was recorded against {@code file}
     */
    public boolean check(Path file, String container, Problems problems) {
        Verdict verdict = judge(file);
        Optional<String> refusal = verdict.refusal();
        refusal.ifPresent(why -> problems.add(Problem.error(file, 0, container, why)));
        if (refusal.isEmpty() && (verdict.mode() & 0400) == 0) {
            problems.add(Problem.warning(file, 0, container, "mode 000-like: not readable even by its owner, but root"
                    + " reads it anyway and it is used; 'chmod 0644 " + file + "', or rename it to something not ending"
                    + " in .conf if it is meant to be off"));
        }
        return refusal.isEmpty();
    }

    /** The host user and group an unprivileged container's root is mapped to (its {@code lxc.idmap}). */
    public record MappedRoot(int uid, int gid) {
        /** Whether a container directory with this owner, group and mode is as LXC makes it for that root. */
        boolean owns(int dirUid, int dirGid, int dirMode) {
            return dirUid == uid && (dirGid == gid || dirGid == 0) && (dirMode & OTHER_WRITE) == 0;
        }
    }

    /**
     * Checks a container's LXC config as {@link #check}, with one allowance: LXC gives an
     * unprivileged container's directory ({@code 0770}) to the user and group the container's root
     * is mapped to, so that directory may belong to {@code mappedRoot} (asked only then). Those ids
     * are the container's root's, whose processes are confined to the container; the config file
     * itself and every directory above must still be root's.
     */
    public boolean checkContainerConfig(Path config, String container, Supplier<Optional<MappedRoot>> mappedRoot,
            Problems problems) {
        try {
            Path absolute = config.toAbsolutePath();
            Stat file = Stat.of(absolute, LinkOption.NOFOLLOW_LINKS);
            Path dir = realParent(absolute);
            if (file.type() != S_IFLNK && dir != null) {
                Stat dirStat = Stat.of(dir, LinkOption.NOFOLLOW_LINKS);
                if (dirStat.uid() != 0 && dirStat.uid() != agentUid && dirStat.uid() != trustedUid) {
                    Optional<MappedRoot> root = mappedRoot.get();
                    if (root.isPresent() && root.get().owns(dirStat.uid(), dirStat.gid(), dirStat.mode())) {
                        Optional<String> refusal = owner(file, "it", absolute).or(() -> writable(file, "it", absolute));
                        if (refusal.isEmpty()) {
                            refusal = ancestor(dir.getParent());
                        }
                        refusal.ifPresent(why -> problems.add(Problem.error(config, 0, container, why)));
                        return refusal.isEmpty();
                    }
                }
            }
        } catch (IOException e) {
            // check() below stats again and says what is wrong
        }
        return check(config, container, problems);
    }

    /**
     * Checks a directory whose files are all configuration ({@code /etc/lxc/auto}): it may let no
     * one but root add to it, and the directories above it are checked as for a file.
     *
     * @return true when its files may be used; otherwise a problem was recorded against {@code dir}
     */
    public boolean checkDirectory(Path dir, Problems problems) {
        Optional<String> refusal;
        try {
            refusal = directory(dir.toAbsolutePath().toRealPath());
        } catch (IOException e) {
            refusal = Optional.of("cannot read: " + IniReader.describe(e) + "; check the path and its permissions");
        }
        refusal.ifPresent(why -> problems.add(Problem.error(dir, 0, null, why + "; no file in it is used until then")));
        return refusal.isEmpty();
    }

    /** Why {@code file} is unsafe, or empty when it is safe. */
    Optional<String> refusal(Path file) {
        return judge(file).refusal();
    }

    /**
     * Why the file is refused, if it is, and the mode of what it leads to (the file, or a
     * symlink's target), so that no second stat is needed for the mode-000 warning.
     */
    private record Verdict(Optional<String> refusal, int mode) {
        static Verdict refused(String why) {
            return new Verdict(Optional.of(why), 0400);
        }
    }

    private Verdict judge(Path file) {
        try {
            Path absolute = file.toAbsolutePath();
            Stat link = Stat.of(absolute, LinkOption.NOFOLLOW_LINKS);
            if (link.type() == S_IFLNK) {
                Optional<String> linkRefusal = owner(link, "the symlink itself", absolute);
                if (linkRefusal.isEmpty()) {
                    linkRefusal = directory(realParent(absolute));
                }
                if (linkRefusal.isPresent()) {
                    return new Verdict(linkRefusal, 0400);
                }
                Path target = absolute.toRealPath();
                Stat stat = Stat.of(target, LinkOption.NOFOLLOW_LINKS);
                return new Verdict(fileAndDirectories(target, stat, "its target " + target), stat.mode());
            }
            return new Verdict(fileAndDirectories(absolute, link, "it"), link.mode());
        } catch (NoSuchFileException e) {
            return Verdict.refused("cannot read: " + (e.getFile() == null || e.getFile().equals(file.toString())
                    ? "no such file" : e.getFile() + " does not exist") + "; create it or fix the path");
        } catch (FileSystemException e) {
            return Verdict.refused("cannot read: " + describe(e) + "; fix the path (a symlink loop?) or its permissions");
        } catch (IOException e) {
            return Verdict.refused("cannot read: " + IniReader.describe(e) + "; check that it is readable by root");
        }
    }

    private Optional<String> fileAndDirectories(Path real, Stat stat, String what) throws IOException {
        Optional<String> own = owner(stat, what, real).or(() -> writable(stat, what, real));
        return own.isPresent() ? own : directory(realParent(real));
    }

    /** The file's own directory: owned by root and writable by no one else, sticky or not. */
    private Optional<String> directory(Path dir) throws IOException {
        if (dir == null) {
            return Optional.empty();
        }
        Optional<String> known = ownDirectories.get(dir);
        if (known != null) {
            return known;
        }
        Optional<String> verdict = judgeDirectory(dir);
        ownDirectories.put(dir, verdict);
        return verdict;
    }

    private Optional<String> judgeDirectory(Path dir) throws IOException {
        Stat stat = Stat.of(dir, LinkOption.NOFOLLOW_LINKS);
        Optional<String> own = owner(stat, "directory " + dir, dir).or(() -> writable(stat, "directory " + dir, dir));
        return own.isPresent() ? own : ancestor(dir.getParent());
    }

    /** A directory further up: as {@link #directory}, but root's sticky directories pass. */
    private Optional<String> ancestor(Path dir) throws IOException {
        if (dir == null) {
            return Optional.empty();
        }
        Optional<String> known = ancestors.get(dir);
        if (known != null) {
            return known;
        }
        Stat stat = Stat.of(dir, LinkOption.NOFOLLOW_LINKS);
        Optional<String> verdict = owner(stat, "directory " + dir, dir);
        if (verdict.isEmpty() && (stat.mode() & S_ISVTX) == 0) {
            verdict = writable(stat, "directory " + dir, dir);
        }
        if (verdict.isEmpty()) {
            verdict = ancestor(dir.getParent());
        }
        ancestors.put(dir, verdict);
        return verdict;
    }

    private Optional<String> owner(Stat stat, String what, Path path) {
        if (stat.uid() == 0 || stat.uid() == agentUid || stat.uid() == trustedUid) {
            return Optional.empty();
        }
        if (trustedUid >= 0) {
            return Optional.of("refused: " + subject(what) + "owned by uid " + stat.uid() + ", neither root nor the"
                    + " container's user (uid " + trustedUid + "), so that user could change what runs as them; fix:"
                    + " chown " + trustedUid + " " + path);
        }
        return Optional.of("refused: " + subject(what) + "owned by uid " + stat.uid() + ", not root, so that user"
                + " could change what root runs; fix: chown root: " + path);
    }

    private Optional<String> writable(Stat stat, String what, Path path) {
        boolean rootGroupDirectory = stat.type() == S_IFDIR && (stat.gid() == 0 || stat.gid() == trustedGid);
        if ((stat.mode() & (rootGroupDirectory ? OTHER_WRITE : GROUP_OR_OTHER_WRITE)) == 0) {
            return Optional.empty();
        }
        return Optional.of("refused: " + subject(what) + "writable by group or others (mode " + permissions(stat.mode())
                + "); fix: chmod go-w " + path);
    }

    /** "" for the file itself (the problem is located at it), else "directory /x is ". */
    private static String subject(String what) {
        return what.equals("it") ? "" : what + " is ";
    }

    /** The real path of {@code path}'s directory: symlinked directories are judged by what they lead to. */
    private Path realParent(Path path) throws IOException {
        Path parent = path.getParent();
        return parent == null ? null : real(parent);
    }

    /**
     * The real path of directory {@code dir} (absolute): its parent's real path and its own name,
     * unless it is a symlink (or a {@code .}/{@code ..} step), which {@link Path#toRealPath} resolves.
     * The JDK resolves a path one component at a time with a readlink and a stat each: for 10,000
     * container directories under one lxcpath that was 90,000 of each.
     */
    private Path real(Path dir) throws IOException {
        Path known = realDirectories.get(dir);
        if (known != null) {
            return known;
        }
        Path parent = dir.getParent();
        String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
        Path real;
        if (parent == null || name.equals(".") || name.equals("..")
                || Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isSymbolicLink()) {
            real = dir.toRealPath();
        } else {
            real = real(parent).resolve(name);
        }
        realDirectories.put(dir, real);
        return real;
    }

    /** {@code rwxr-xr-x}, as ls shows it, with the sticky bit as {@code t}. */
    static String permissions(int mode) {
        StringBuilder text = new StringBuilder(9);
        String letters = "rwxrwxrwx";
        for (int bit = 0; bit < 9; bit++) {
            text.append((mode & (0400 >> bit)) != 0 ? letters.charAt(bit) : '-');
        }
        if ((mode & S_ISVTX) != 0) {
            text.setCharAt(8, (mode & 01) != 0 ? 't' : 'T');
        }
        return text.toString();
    }

    private static String describe(FileSystemException e) {
        String reason = e.getReason() == null ? e.getClass().getSimpleName() : e.getReason();
        return e.getFile() == null ? reason : e.getFile() + ": " + reason;
    }

    /**
     * The uid the agent runs as. Root in production; a non-root developer running the unit tests
     * owns the files they create, and those are as trustworthy as the agent itself.
     */
    private static int currentUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException e) {
            return 0;
        }
    }

    /** The fields of stat(2) that decide: owner, group and mode (type and permission bits). */
    private record Stat(int uid, int gid, int mode) {
        static Stat of(Path path, LinkOption... options) throws IOException {
            Map<String, Object> attributes = Files.readAttributes(path, "unix:uid,gid,mode", options);
            return new Stat((Integer) attributes.get("uid"), (Integer) attributes.get("gid"), (Integer) attributes.get("mode"));
        }

        int type() {
            return mode & S_IFMT;
        }
    }
}
