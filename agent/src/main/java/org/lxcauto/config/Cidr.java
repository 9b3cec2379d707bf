package org.lxcauto.config;

import java.util.regex.Pattern;

/** Syntax check of an interface address in CIDR notation, before it reaches ip or NetworkManager. */
public final class Cidr {

    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)/(3[0-2]|[12]?\\d)");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:]*:[0-9a-fA-F:.]*/(12[0-8]|1[01]\\d|[1-9]?\\d)");

    private Cidr() {
    }

    public static boolean isValid(String text) {
        return IPV4.matcher(text).matches() || IPV6.matcher(text).matches();
    }

    public static boolean isIpv6(String cidr) {
        return cidr.contains(":");
    }

    /** The address part of {@code 10.0.3.1/24}. */
    public static String address(String cidr) {
        return cidr.substring(0, cidr.indexOf('/'));
    }

    /** The prefix length of {@code 10.0.3.1/24}. */
    public static int prefix(String cidr) {
        return Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1));
    }
}
