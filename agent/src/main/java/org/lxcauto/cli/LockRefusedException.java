package org.lxcauto.cli;

import org.lxcauto.lifecycle.ExitCodes;

/**
 * A command did nothing because another lxc-auto holds the agent lock: a resident daemon, or a
 * command that did not finish in time. Exits {@link ExitCodes#LOCKED}, so that a script tells
 * "not done, another agent acts" from "done, and containers failed".
 */
final class LockRefusedException extends Exception {

    private static final long serialVersionUID = 1L;

    LockRefusedException(String message) {
        super(message);
    }
}
