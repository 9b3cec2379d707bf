package org.lxcauto.event;

import org.slf4j.Logger;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Logs an event as the one line an administrator reads, with the fields a machine reads attached
 * as SLF4J key-value pairs: {@value #CONTAINER}, {@value #EVENT} and, where it applies,
 * {@value #DURATION}. The journal appender sends them as journal fields; the plain-line appender
 * prints only the line, unchanged.
 */
public final class EventLines {

    /** The container's name. */
    public static final String CONTAINER = "CONTAINER_NAME";
    /** {@link ContainerEvent.Kind#journalName}. */
    public static final String EVENT = "LXC_AUTO_EVENT";
    /** {@link ContainerEvent#took}, in whole milliseconds. */
    public static final String DURATION = "LXC_AUTO_DURATION_MS";

    private EventLines() {
    }

    static void log(Logger log, ContainerEvent event) {
        LoggingEventBuilder line = log.atLevel(level(event.kind()))
                .addKeyValue(CONTAINER, event.container())
                .addKeyValue(EVENT, event.kind().journalName());
        if (event.took() != null) {
            line = line.addKeyValue(DURATION, event.took().toMillis());
        }
        line.log(event.message());
    }

    /**
     * The level, and so the journal's priority: errors for what needs someone's attention (a
     * failed start or stop, a restart given up), warnings for what went wrong but was handled (a
     * forced stop, a restart, a skipped dependent), information for the rest.
     */
    public static Level level(ContainerEvent.Kind kind) {
        return switch (kind) {
            case FAILED, GAVE_UP -> Level.ERROR;
            case STOPPED_FORCED, RESTARTING, SKIPPED -> Level.WARN;
            case STARTING, READY, ADOPTED, STOPPING, STOPPED_CLEAN -> Level.INFO;
        };
    }
}
