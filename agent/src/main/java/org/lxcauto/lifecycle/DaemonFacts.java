package org.lxcauto.lifecycle;

import java.time.Instant;
import java.util.Map;

/**
 * What only the resident daemon knows about its containers, joined into the {@link StatusSnapshot}
 * it answers with. Without a daemon nobody restarts containers, so a status taken by the command
 * itself has none of this ({@code null} in place of the whole).
 *
 * @param since when the daemon started
 * @param givenUp the restart policy's last word on containers it gave up on, by container
 * @param restarts how many times the restart policy started each container again since the
 *     daemon started; a container never restarted may be absent
 * @param readyAt when the daemon last saw each container it started become ready (at its boot,
 *     a start, a restart or a reload); newer than what a record may hold, as each run of a kind
 *     replaces the last record of that kind
 */
public record DaemonFacts(Instant since, Map<String, String> givenUp, Map<String, Integer> restarts, Map<String, Instant> readyAt) {
}
