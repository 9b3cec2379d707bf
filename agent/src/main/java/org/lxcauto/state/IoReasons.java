package org.lxcauto.state;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;

/**
 * The cause of a failed file operation in the words of the system call ("read-only file system",
 * "no space left on device"), without the JDK's file names: a {@link FileSystemException} names
 * the temporary file an atomic write was using, which means nothing to the reader.
 */
public final class IoReasons {

    private IoReasons() {
    }

    public static String describe(IOException e) {
        if (e instanceof FileSystemException fs) {
            if (fs.getReason() != null) {
                return lowerFirst(fs.getReason());
            }
            if (e instanceof AccessDeniedException) {
                return "permission denied";
            }
            if (e instanceof NoSuchFileException) {
                return "no such file or directory: " + fs.getFile();
            }
            if (e instanceof NotDirectoryException) {
                return "not a directory: " + fs.getFile();
            }
            if (e instanceof FileAlreadyExistsException) {
                return "a file is in the way: " + fs.getFile();
            }
            if (e instanceof DirectoryNotEmptyException) {
                return "a directory is in the way: " + fs.getFile();
            }
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : lowerFirst(e.getMessage());
    }

    /** "Read-only file system" reads better inside a sentence as "read-only file system". */
    private static String lowerFirst(String text) {
        if (text.length() > 1 && Character.isUpperCase(text.charAt(0)) && !Character.isUpperCase(text.charAt(1))) {
            return text.substring(0, 1).toLowerCase(Locale.ROOT) + text.substring(1);
        }
        return text;
    }
}
