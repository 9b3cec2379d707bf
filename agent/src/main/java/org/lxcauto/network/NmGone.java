package org.lxcauto.network;

/**
 * NetworkManager left the bus (it stopped, crashed or restarted) during a step: the step is not
 * a failure of the interface, and is retried once NetworkManager owns its name again.
 */
final class NmGone extends Exception {

    private static final long serialVersionUID = 1L;

    NmGone(String what) {
        super(what);
    }
}
