package org.lxcauto.config;

import java.util.regex.Pattern;

/**
 * Validation of names that end up in command arguments and paths.
 *
 * <p>Commands are never run through a shell, but a container name still becomes a path component
 * under the lxcpath and an argument to lxc-* tools, so anything that could escape the directory or
 * look like an option is refused.
 */
public final class Names {

    /** LXC's own rule is looser; this is what lxc-create and every lxc tool accept safely. */
    /** The name an ephemeral entry's overlay copy runs under: {@code NAME-ephemeral} (lxc-copy -e -N). */
    public static final String EPHEMERAL_SUFFIX = "-ephemeral";

    public static final String CONTAINER_RULE =
            "use letters, digits, '.', '_' and '-', starting with a letter or digit, at most 64 characters";
    public static final String INTERFACE_RULE =
            "use letters, digits, '.', '_' and '-', starting with a letter or digit, at most 15 characters";

    private static final Pattern CONTAINER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern INTERFACE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,14}");

    private Names() {
    }

    public static boolean isValidContainer(String name) {
        return name != null && CONTAINER.matcher(name).matches();
    }

    public static boolean isValidInterface(String name) {
        return name != null && INTERFACE.matcher(name).matches();
    }
}
