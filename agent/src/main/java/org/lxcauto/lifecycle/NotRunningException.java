package org.lxcauto.lifecycle;

import org.lxcauto.state.RunRecord;

/** {@code stop NAME} of a container that does not run: {@code 'NAME' is not running}. */
public final class NotRunningException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient RunRecord run;

    /** @param run what the stop did all the same (its running dependents, if any, were stopped) */
    public NotRunningException(String name, RunRecord run) {
        super("'" + name + "' is not running");
        this.run = run;
    }

    /** What the stop did all the same. */
    public RunRecord run() {
        return run;
    }
}
