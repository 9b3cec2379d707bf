package org.lxcauto.system;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logging set up in code, found by logback through {@code META-INF/services}: one readable line
 * per event on standard error (journald and syslog add their own timestamps, but an administrator
 * running a command by hand wants to see how long each step took). When systemd connected standard
 * error to the journal ({@link JournalStream}), lines go to journald natively instead, with their
 * fields ({@link JournalAppender}); standard error takes what the journal cannot.
 *
 * <p>In code rather than in logback.xml because parsing the XML loads some 400 classes and cost
 * 0.3 s of every command's start, before the first container was touched.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {

    /** Environment variable for the threshold: ERROR, WARN, INFO (default), DEBUG or TRACE. */
    public static final String LEVEL_VARIABLE = "LXC_AUTO_LOG_LEVEL";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %msg%n");
        encoder.start();

        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("stderr");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(System.getenv(LEVEL_VARIABLE), Level.INFO));
        if (JournalStream.isStderr()) {
            JournalAppender journal = new JournalAppender(JournalAppender.SOCKET, stderr);
            journal.setContext(context);
            journal.setName("journal");
            journal.start();
            root.addAppender(journal);
        } else {
            root.addAppender(stderr);
        }
        // dbus-java announces its transport on every connection; only its problems matter here.
        context.getLogger("org.freedesktop.dbus").setLevel(Level.WARN);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
