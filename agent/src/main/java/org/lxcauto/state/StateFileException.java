package org.lxcauto.state;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A state file that could not be read or written, said in words a person can act on: which file,
 * what is wrong with it, and what becomes of it. {@code status}, {@code blame}, {@code plot} and
 * {@code boot} print {@link #getMessage()} and go on; nothing here is meant as a stack trace.
 *
 * <p>The message is {@code FILE: PROBLEM} and, when there is one, {@code ; REMEDY}: for example
 * {@code /var/lib/lxc-auto/last-boot.json: damaged (unexpected end of JSON at line 8, column 25);
 * it is rewritten at the next boot}. Callers that say more (what the command does instead) compose
 * their own sentence from {@link #file()}, {@link #problem()} and {@link #remedy()}.
 */
public final class StateFileException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String problem;
    private final String remedy;

    /**
     * @param file the state file
     * @param problem what is wrong: "damaged (REASON)", "cannot be read (REASON)", or, for a write,
     *     the cause alone ("read-only file system")
     * @param remedy what becomes of it or what to do, or null
     */
    public StateFileException(Path file, String problem, String remedy, Throwable cause) {
        super(file + ": " + problem + (remedy == null ? "" : "; " + remedy), cause);
        this.file = file;
        this.problem = problem;
        this.remedy = remedy;
    }

    public Path file() {
        return file;
    }

    public String problem() {
        return problem;
    }

    /** What becomes of the file or what to do about it; null when there is nothing to say. */
    public String remedy() {
        return remedy;
    }
}
