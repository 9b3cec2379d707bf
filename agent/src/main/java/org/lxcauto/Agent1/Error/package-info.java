/**
 * The D-Bus errors of org.lxcauto.Agent1 (docs/daemon.md, the D-Bus API), named
 * {@code org.lxcauto.Agent1.Error.*} like the interface they belong to.
 *
 * <p>dbus-java names the error a method call fails with after the class of the exception it
 * throws, and on the calling side finds that class again by the error's name. This package is
 * named after the interface, against Java's lower-case custom, so that the names on the bus are
 * the API's own rather than a Java package's, and so that the CLI catches the very classes the
 * daemon throws.
 */
package org.lxcauto.Agent1.Error;
