package org.lxcauto.plan;

import java.nio.file.Path;

/**
 * A container left out of a plan, and why, in words an administrator can act on.
 *
 * @param name the container
 * @param reason why it is left out and what to do about it
 * @param failure true when this is a fault (broken config, cycle, missing dependency); false when
 *     the container is merely not selected (on-boot = restore, a single {@code start NAME})
 * @param file the file to edit, or null when there is none
 * @param line the line to edit in it (0 for the whole file)
 */
public record Exclusion(String name, String reason, boolean failure, Path file, int line) {
}
