package org.lxcauto.container;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.lxcauto.system.Accounts;
import org.lxcauto.system.CommandResult;
import org.lxcauto.system.Clock;
import org.lxcauto.system.CommandRunner;
import org.lxcauto.system.ProcessStarts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ContainerRuntime} on the real lxc-* command-line tools.
 *
 * <p>Every call passes {@code -P LXCPATH} so that tests and unusual hosts can use a private
 * lxcpath, and every argument is a separate argv element: no shell is involved.
 */
public final class LxcRuntime implements ContainerRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(LxcRuntime.class);
    private static final Duration QUICK = Duration.ofSeconds(30);
    /** What lxc-start prints (exiting 0) for a container that runs already. */
    private static final String ALREADY_RUNNING = "Container is already running";
    /** lxc-stop's exit status for a container that is not running. */
    private static final int NOT_RUNNING = 2;
    /** How long the first halt is given before it is sent again; each wait doubles, up to {@link #LONGEST_HALT_WAIT}. */
    static final Duration FIRST_HALT_WAIT = Duration.ofSeconds(1);
    static final Duration LONGEST_HALT_WAIT = Duration.ofSeconds(5);

    private final CommandRunner runner;
    private final Clock clock;
    private final Path logDir;
    private final LxcCopies copies;
    /** The logs of containers whose last start could not have one: they describe an earlier start. */
    private final Set<Path> unlogged = ConcurrentHashMap.newKeySet();

    /**
     * @param clock times the resends of the halt signal ({@link #stop})
     * @param logDir where each container's LXC log of its last start is kept ({@code
     *     /var/lib/lxc-auto/logs}): the first ERROR line says why a start failed, the last "ended"
     *     line why the container stopped
     */
    public LxcRuntime(CommandRunner runner, Clock clock, Path logDir) {
        this(runner, clock, logDir, logDir.resolveSibling("keep"));
    }

    /**
     * @param keepDir where the kept directories of ephemeral containers live ({@code
     *     /var/lib/lxc-auto/keep}), one directory per container
     */
    public LxcRuntime(CommandRunner runner, Clock clock, Path logDir, Path keepDir) {
        this.runner = runner;
        this.clock = clock;
        this.logDir = logDir;
        this.copies = new LxcCopies(runner, new KeptDirectories(runner, keepDir), this::state);
    }

    @Override
    public ContainerState state(ContainerRef c) throws InterruptedException {
        CommandResult result = runner.run(UserCommands.command(c, List.of("lxc-info", "-P", lxcpath(c), "-n", c.name(), "-s", "-H")), QUICK);
        return result.succeeded() ? ContainerState.parse(result.stdout()) : ContainerState.MISSING;
    }

    @Override
    public Set<String> running(Path lxcpath) throws InterruptedException {
        if (!Files.isDirectory(lxcpath)) {
            return Set.of();
        }
        CommandResult result = runner.run(List.of("lxc-ls", "-P", lxcpath.toString(), "--running", "-1"), QUICK);
        Set<String> names = new TreeSet<>();
        for (String line : result.stdout().split("\n")) {
            if (!line.isBlank()) {
                names.add(line.strip());
            }
        }
        return names;
    }

    @Override
    public StartOutcome start(ContainerRef c) throws ContainerException, InterruptedException {
        return launch(c, List.of("lxc-start", "-P", lxcpath(c), "-n", c.name(), "-d"));
    }

    /** {@code lxc-copy -e} with the kept directories bound in (LxcCopies). */
    @Override
    public StartOutcome startEphemeral(ContainerRef base, ContainerRef copy, List<Path> keep)
            throws ContainerException, InterruptedException {
        return launch(copy, copies.copyCommand(base, copy, keep));
    }

    @Override
    public void destroyLeftoverCopy(ContainerRef copy) throws ContainerException, InterruptedException {
        copies.destroyLeftover(copy);
    }

    /**
     * Runs a start command with an LXC log file of its own, because with {@code -d} LXC prints only
     * "The container failed to start"; the first ERROR line of the log holds the real cause (a
     * missing bridge, a bad rootfs path). lxc-start exits 0 for a container that runs already and
     * says so on stderr: that is how an adopted container is told from a started one without a
     * state query before every start.
     */
    private StartOutcome launch(ContainerRef c, List<String> argv) throws ContainerException, InterruptedException {
        Path log = log(c);
        Optional<Accounts.Account> user = c instanceof ContainerRef.Lxc lxc ? lxc.user() : Optional.empty();
        if (user.isPresent()) {
            startManager(c, user.get());
        }
        // A user's lxc-start cannot write root's state directory, and root does not read files a user controls.
        boolean logged = false;
        if (user.isEmpty()) {
            logged = prepareLog(c, log);
        } else {
            unlogged.add(log);
        }
        List<String> command = new ArrayList<>(argv);
        if (logged) {
            command.addAll(List.of("-o", log.toString(), "-l", "INFO"));
        }
        CommandResult result = runner.run(UserCommands.start(c, command), QUICK);
        if (!result.succeeded()) {
            Optional<String> error = logged ? firstError(log) : Optional.empty();
            // A user's lxc-start runs under the user's manager, which writes its output to the journal.
            String where = user.map(u -> " (its output is in the journal: journalctl _UID=" + u.uid() + ")").orElse("");
            throw new ContainerException(argv.get(0) + " failed: " + error.orElse(result.lastErrorLine()) + where);
        }
        return result.stderr().contains(ALREADY_RUNNING) ? StartOutcome.ALREADY_RUNNING : StartOutcome.STARTED;
    }

    private void startManager(ContainerRef c, Accounts.Account user) throws ContainerException, InterruptedException {
        CommandResult manager = runner.run(UserCommands.startManager(user), QUICK);
        if (!manager.succeeded()) {
            throw new ContainerException("the systemd user manager of '" + user.name() + "' (user@" + user.uid()
                    + ".service), which runs " + c.name() + ", cannot be started: " + manager.lastErrorLine()
                    + "; check 'systemctl status user@" + user.uid() + ".service' and 'loginctl enable-linger "
                    + user.name() + "'");
        }
    }

    /**
     * Whether this start can have its log: lxc-start refuses to start a container at all when it
     * cannot open the log file, and a read-only state directory must not keep containers down.
     * Without a log, the start goes on with a warning, and {@link #lastExit} does not read the
     * log left by an earlier start.
     */
    private boolean prepareLog(ContainerRef c, Path log) {
        try {
            Files.createDirectories(logDir);
            Files.deleteIfExists(log); // only this start's lines matter
            if (Files.isWritable(logDir)) { // false on a read-only file system, even for root
                unlogged.remove(log);
                return true;
            }
            LOG.warn("Cannot keep the LXC log of '{}' in {}: {} is not writable (a read-only file system?); starting it"
                    + " without one", c.name(), log, logDir);
        } catch (IOException e) {
            LOG.warn("Cannot keep the LXC log of '{}' in {}: {}; starting it without one", c.name(), log,
                    e instanceof FileSystemException fs && fs.getReason() != null
                            ? fs.getReason().toLowerCase(java.util.Locale.ROOT)
                            : e.getClass().getSimpleName().replace("Exception", "") + " (" + e.getMessage() + ")");
        }
        unlogged.add(log);
        return false;
    }

    private Path log(ContainerRef c) {
        return logDir.resolve(c.name() + ".log");
    }

    @Override
    public ContainerExit lastExit(ContainerRef c) {
        if (unlogged.contains(log(c))) {
            return ContainerExit.fromLogLine(null); // what is there is an earlier start's
        }
        String ended = null;
        try {
            for (String line : Files.readAllLines(log(c), StandardCharsets.ISO_8859_1)) {
                if (line.contains(" ended ") && line.contains("Child <")) {
                    ended = line;
                }
            }
        } catch (IOException e) {
            return ContainerExit.fromLogLine(null);
        }
        return ended == null ? new ContainerExit(ContainerExit.Cause.EXITED, "init exited with status 0")
                : ContainerExit.fromLogLine(ended);
    }

    /** "lxc-start c1 2026... ERROR network - src:fn:711 - No such file - Failed to attach ..." to its message. */
    private static Optional<String> firstError(Path log) {
        try {
            for (String line : Files.readAllLines(log, StandardCharsets.ISO_8859_1)) {
                int error = line.indexOf(" ERROR ");
                if (error >= 0) {
                    String[] parts = line.substring(error).split(" - ", 3);
                    return Optional.of(parts[parts.length - 1].strip());
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    @Override
    public Optional<String> ipv4(ContainerRef c) throws InterruptedException {
        CommandResult result = runner.run(UserCommands.command(c, List.of("lxc-info", "-P", lxcpath(c), "-n", c.name(), "-i", "-H")), QUICK);
        for (String line : result.stdout().split("\n")) {
            String address = line.strip();
            if (address.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
                return Optional.of(address);
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<Instant> runningSince(ContainerRef c) throws InterruptedException {
        CommandResult result = runner.run(UserCommands.command(c, List.of("lxc-info", "-P", lxcpath(c), "-n", c.name(), "-p", "-H")), QUICK);
        String pid = result.stdout().strip();
        return result.exitCode() == 0 && pid.matches("\\d{1,10}") ? ProcessStarts.of(Long.parseLong(pid)) : Optional.empty();
    }

    @Override
    public List<String> hostInterfaces(ContainerRef c) throws InterruptedException {
        CommandResult result = runner.run(UserCommands.command(c, List.of("lxc-info", "-P", lxcpath(c), "-n", c.name())), QUICK);
        List<String> devices = new ArrayList<>();
        for (String line : result.stdout().split("\n")) {
            if (line.startsWith("Link:")) {
                devices.add(line.substring("Link:".length()).strip());
            }
        }
        return devices;
    }

    @Override
    public CommandResult exec(ContainerRef c, List<String> argv, Duration timeout) throws InterruptedException {
        List<String> command = new ArrayList<>(List.of("lxc-attach", "-P", lxcpath(c), "-n", c.name(),
                "--clear-env", "--"));
        command.addAll(argv);
        return runner.run(UserCommands.attach(c, command), timeout);
    }

    /**
     * {@code lxc-stop --nokill -t N}, again and again while the container runs: each sends the
     * container's halt signal and waits, blocked on LXC's command socket at no CPU cost, exiting 0
     * once the container stopped, 1 if it still runs after N seconds, and 2 if it was not running —
     * which spares a state query before every stop. (lxc-stop alone would kill at its timeout and
     * still exit 0.) See {@link Halt} for why the halt is sent more than once.
     */
    @Override
    public StopOutcome stop(ContainerRef c, Duration timeout) throws ContainerException, InterruptedException {
        return beginStop(c, timeout).await();
    }

    /** The first {@code lxc-stop --nokill}: started here (it sends the halt at once), awaited later. */
    @Override
    public Stopping beginStop(ContainerRef c, Duration timeout) throws ContainerException, InterruptedException {
        if (wholeSeconds(timeout) < 1) {
            return () -> kill(c, timeout);
        }
        Halt halt = new Halt(c, timeout);
        halt.send(FIRST_HALT_WAIT);
        return halt::await;
    }

    /**
     * One stop: the halt signal, sent again while the container runs, then the kill at the timeout.
     *
     * <p>An init ignores a signal it has no handler for yet: systemd right after its start, before
     * it has set up its signal handling, drops the SIGPWR (or SIGRTMIN+3) that LXC sends, and a
     * single halt would then wait out the whole stop timeout and end in a kill. So the halt is sent
     * again after 1 s, then after 2, 4, and every 5 s, until the timeout. Each resend is a new
     * lxc-stop, which chooses the signal afresh as LXC always does: {@code lxc.signal.halt}, else
     * SIGRTMIN+3 to an init that blocks it (systemd, once it runs), else SIGPWR. A halt that was
     * heard the first time is not disturbed: each lxc-stop returns as soon as the container stops.
     */
    private final class Halt {

        private final ContainerRef container;
        private final Duration timeout;
        private final Instant begin;
        private final Instant deadline;
        private CommandRunner.Running pending;
        private Instant sentAt;
        private Duration waiting;
        private int sent;

        Halt(ContainerRef container, Duration timeout) {
            this.container = container;
            this.timeout = timeout;
            this.begin = clock.now();
            this.deadline = begin.plus(timeout);
        }

        /** Starts one lxc-stop that sends the halt and waits up to {@code wait} (whole seconds) for the stop. */
        void send(Duration wait) throws InterruptedException {
            waiting = wait;
            sentAt = clock.now();
            sent++;
            pending = runner.start(UserCommands.command(container, List.of("lxc-stop", "-P", lxcpath(container), "-n",
                    container.name(), "--nokill", "-t", Long.toString(wait.toSeconds()))), wait.plus(QUICK));
        }

        StopOutcome await() throws ContainerException, InterruptedException {
            Duration interval = FIRST_HALT_WAIT;
            while (true) {
                CommandResult result = pending.await();
                if (result.succeeded()) {
                    return StopOutcome.CLEAN;
                }
                if (!result.timedOut() && result.exitCode() == NOT_RUNNING) {
                    // Not running at the first halt: nothing was stopped. At a later one: it stopped in between.
                    return sent == 1 ? StopOutcome.NOT_RUNNING : StopOutcome.CLEAN;
                }
                Duration early = clock.remaining(sentAt.plus(waiting));
                if (!early.isZero()) {
                    // lxc-stop gave up before its time: a failure, not a container still running.
                    String why = result.lastErrorLine().isEmpty() ? "exit status " + result.exitCode()
                            : result.lastErrorLine();
                    LOG.warn("{}: lxc-stop failed ({}); sending the halt again in {} ms", container.name(), why,
                            early.toMillis());
                    clock.sleep(early);
                }
                long left = wholeSeconds(clock.remaining(deadline));
                if (left < 1) {
                    return kill(container, timeout);
                }
                interval = interval.multipliedBy(2).compareTo(LONGEST_HALT_WAIT) < 0 ? interval.multipliedBy(2)
                        : LONGEST_HALT_WAIT;
                Duration wait = Duration.ofSeconds(Math.min(interval.toSeconds(), left));
                LOG.info("{}: still running {} ms after its halt signal; sending it again (its init may not have been"
                        + " ready for it)", container.name(), Duration.between(begin, clock.now()).toMillis());
                send(wait);
            }
        }
    }

    /**
     * {@code duration} in the whole seconds lxc-stop takes, rounded: a wait cut to the time left
     * ends at most half a second after it, which the kill reserve of a shutdown covers.
     */
    private static long wholeSeconds(Duration duration) {
        return (duration.toMillis() + 500) / 1000;
    }

    private StopOutcome kill(ContainerRef c, Duration timeout) throws ContainerException, InterruptedException {
        // -k thaws a frozen container before killing it.
        CommandResult kill = runner.run(UserCommands.command(c, List.of("lxc-stop", "-P", lxcpath(c), "-n", c.name(), "-k")),
                QUICK);
        if (kill.exitCode() == NOT_RUNNING) {
            // Halted by itself just after the timeout; with no time given, it was not running.
            return wholeSeconds(timeout) > 0 ? StopOutcome.CLEAN : StopOutcome.NOT_RUNNING;
        }
        if (!kill.succeeded() && state(c) == ContainerState.RUNNING) {
            throw new ContainerException("lxc-stop -k failed: " + kill.lastErrorLine());
        }
        return StopOutcome.FORCED;
    }

    /** The {@code -P} of every lxc-* call; {@link RoutingRuntime} never hands this runtime a domain. */
    static String lxcpath(ContainerRef ref) {
        if (ref instanceof ContainerRef.Lxc container) {
            return container.lxcpath().toString();
        }
        throw new IllegalArgumentException("'" + ref.name() + "' is a libvirt domain, not an LXC container; it"
                + " belongs to the domain runtime");
    }
}
