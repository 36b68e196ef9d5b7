package io.streamnotifier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The names of the files packaged in one class-path folder ({@code routes}, {@code templates}): read from the jar's
 * table of contents, or from the directory when the classes are not packaged (tests). Camel's own class-path
 * scanning reads and inflates the whole jar to find them, half a minute for this jar of every dependency.
 */
public final class PackagedFiles {

    private PackagedFiles() {
    }

    /** The file names directly in {@code folder} (no sub-folders), sorted. */
    public static List<String> list(String folder) {
        SortedSet<String> names = new TreeSet<>();
        String prefix = folder.endsWith("/") ? folder : folder + "/";
        try {
            Enumeration<URL> urls = PackagedFiles.class.getClassLoader().getResources(prefix);
            while (urls.hasMoreElements()) {
                URL url = urls.nextElement();
                if (url.getProtocol().equals("jar")) {
                    JarFile jar = ((JarURLConnection) url.openConnection()).getJarFile();
                    for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements();) {
                        String name = entries.nextElement().getName();
                        if (name.startsWith(prefix) && name.length() > prefix.length()
                                && name.indexOf('/', prefix.length()) < 0) {
                            names.add(name.substring(prefix.length()));
                        }
                    }
                } else if (url.getProtocol().equals("file")) {
                    try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
                        files.filter(Files::isRegularFile).forEach(f -> names.add(f.getFileName().toString()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not list the packaged " + folder, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return List.copyOf(names);
    }
}
