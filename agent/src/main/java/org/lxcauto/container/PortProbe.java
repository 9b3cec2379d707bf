package org.lxcauto.container;

import java.time.Duration;

/** Tries a TCP connection; behind an interface so that readiness logic is testable without sockets. */
public interface PortProbe {

    /** True when a TCP connection to {@code address}:{@code port} is accepted within {@code timeout}. */
    boolean accepts(String address, int port, Duration timeout);
}
