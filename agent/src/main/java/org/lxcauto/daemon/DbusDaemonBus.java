package org.lxcauto.daemon;

import java.io.IOException;
import java.util.function.Consumer;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;
import org.freedesktop.dbus.FileDescriptor;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.lxcauto.system.Bus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link DaemonBus} on the system bus through dbus-java. Without a reachable bus (a sysvinit host
 * without dbus) the daemon still runs; the CLI then acts directly and only signals tell the daemon
 * about a shutdown.
 */
public final class DbusDaemonBus implements DaemonBus {

    private static final Logger LOG = LoggerFactory.getLogger(DbusDaemonBus.class);

    private final String address;
    private DBusConnection connection;
    private boolean triedToConnect;
    private FileDescriptor inhibitor;

    /** @param address the system bus ({@code --bus}), or null for the default */
    public DbusDaemonBus(String address) {
        this.address = address;
    }

    /** Once is enough; a failure is logged once. */
    @Override
    public void connect() {
        if (connection != null || triedToConnect) {
            return;
        }
        triedToConnect = true;
        try {
            connection = Bus.connect(address);
        } catch (DBusException | RuntimeException e) {
            LOG.warn("No system bus ({}); the D-Bus API is not offered and lxc-auto commands act directly",
                    e.getMessage());
        }
    }

    /** Connects if that was not done. Each part that fails is logged and skipped. */
    @Override
    public void publish(Agent1 agent, Consumer<String> hostGoingDown) {
        connect();
        if (connection == null) {
            return;
        }
        try {
            connection.requestBusName(Agent1.NAME);
            connection.exportObject(Agent1.PATH, agent);
            LOG.info("daemon: {} published on the system bus", Agent1.NAME);
        } catch (DBusException | DBusExecutionException e) {
            LOG.warn("Failed to publish {} on the system bus: {}; is the D-Bus policy file"
                    + " /usr/share/dbus-1/system.d/org.lxcauto.Agent1.conf installed?", Agent1.NAME, e.getMessage());
        }
        watchLogind(hostGoingDown);
    }

    private void watchLogind(Consumer<String> hostGoingDown) {
        try {
            connection.addSigHandler(LogindManager.PrepareForShutdown.class, signal -> {
                if (signal.start()) {
                    hostGoingDown.accept("logind PrepareForShutdown");
                }
            });
            LogindManager logind = connection.getRemoteObject(LogindManager.BUS_NAME, LogindManager.PATH,
                    LogindManager.class);
            inhibitor = logind.Inhibit("shutdown", "lxc-auto", "Stopping containers cleanly, dependents first", "delay");
            LOG.info("daemon: holding a logind delay lock on shutdown");
        } catch (DBusException | DBusExecutionException e) {
            LOG.info("daemon: no logind delay lock ({}); relying on SIGTERM and SIGPWR", e.getMessage());
        }
    }

    @Override
    public void releaseShutdownLock() {
        if (inhibitor != null) {
            POSIX posix = POSIXFactory.getNativePOSIX();
            posix.close(inhibitor.getIntFileDescriptor());
            inhibitor = null;
            LOG.info("daemon: logind delay lock released");
        }
    }

    @Override
    public void emit(String container, String state) {
        if (connection == null) {
            return;
        }
        try {
            connection.sendMessage(new Agent1.ContainerStateChanged(Agent1.PATH, container, state));
        } catch (DBusException | RuntimeException e) {
            LOG.debug("Failed to emit ContainerStateChanged: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        releaseShutdownLock();
        if (connection != null) {
            try {
                connection.close();
            } catch (IOException e) {
                // Leaving anyway.
            }
        }
    }
}
