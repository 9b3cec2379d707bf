package org.lxcauto.config;

/** {@code restart =}: whether the resident daemon restarts a container that dies. */
public enum RestartPolicy { NO, ON_FAILURE, ALWAYS }
