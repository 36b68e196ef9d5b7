package io.streamnotifier;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.main.DefaultRoutesCollector;
import org.apache.camel.spi.Resource;
import org.apache.camel.util.AntPathMatcher;

/**
 * Finds the route files of {@code camel.main.routes-include-pattern} as Camel Main does, with two differences that
 * let the jar run alone and still be overridden from the file system:
 * <ul>
 * <li>a {@code file:} pattern whose directory does not exist finds nothing (Camel Main would fail the start), so
 * the jar runs in a directory without {@code routes/};</li>
 * <li>a route packaged in the jar (a {@code classpath:} resource) is left out when a route file of the same name
 * from elsewhere ({@code routes/}, or what {@code NOTIFIER_ROUTES} names) is found: that file replaces it, rather than
 * defining the same route twice (a start failing on a duplicate route id).</li>
 * </ul>
 */
public final class RouteFiles extends DefaultRoutesCollector {

    @Override
    public Collection<Resource> findRouteResourcesFromDirectory(CamelContext context, String excludePattern,
            String includePattern) {
        if (includePattern == null) {
            return List.of();
        }
        List<String> existing = new ArrayList<>();
        for (String include : includePattern.split(",")) {
            String pattern = include.trim();
            if (pattern.isEmpty()) {
                continue;
            }
            Path dir = directoryOf(pattern);
            if (dir != null && !Files.isDirectory(dir)) {
                log.info("no route directory {} ({}): not read", dir.toAbsolutePath(), pattern);
                continue;
            }
            existing.addAll(packaged(pattern));
        }
        if (existing.isEmpty()) {
            return List.of();
        }
        return withoutReplaced(super.findRouteResourcesFromDirectory(context, excludePattern,
                String.join(",", existing)));
    }

    /**
     * A {@code classpath:} pattern with a wildcard in its file name, as the packaged files it matches (named one by
     * one, so that Camel does not scan the whole jar for them); any other pattern as it is.
     */
    static List<String> packaged(String pattern) {
        if (!pattern.startsWith("classpath:")) {
            return List.of(pattern);
        }
        String path = pattern.substring("classpath:".length());
        int slash = path.lastIndexOf('/');
        String folder = slash < 0 ? "" : path.substring(0, slash);
        if (folder.isEmpty() || indexOfWildcard(folder) >= 0 || indexOfWildcard(path) < 0) {
            return List.of(pattern);
        }
        List<String> files = new ArrayList<>();
        for (String name : PackagedFiles.list(folder)) {
            if (AntPathMatcher.INSTANCE.match(path, folder + "/" + name)) {
                files.add("classpath:" + folder + "/" + name);
            }
        }
        return files;
    }

    /** The directory a {@code file:} pattern reads (the part before the first wildcard), or null for other schemes. */
    static Path directoryOf(String pattern) {
        if (!pattern.startsWith("file:")) {
            return null;
        }
        String path = pattern.substring("file:".length());
        int wildcard = indexOfWildcard(path);
        if (wildcard < 0) {
            Path file = Path.of(path);
            return file.getParent() == null ? Path.of(".") : file.getParent();
        }
        int slash = path.lastIndexOf('/', wildcard);
        return slash < 0 ? Path.of(".") : Path.of(path.substring(0, slash + 1));
    }

    private static int indexOfWildcard(String path) {
        int star = path.indexOf('*');
        int question = path.indexOf('?');
        return star < 0 ? question : question < 0 ? star : Math.min(star, question);
    }

    /** The resources, without each packaged one whose file name another (not packaged) resource has. */
    List<Resource> withoutReplaced(Collection<Resource> resources) {
        Set<String> files = new HashSet<>();
        for (Resource resource : resources) {
            if (!packaged(resource)) {
                files.add(fileName(resource.getLocation()));
            }
        }
        List<Resource> kept = new ArrayList<>(resources.size());
        for (Resource resource : resources) {
            if (packaged(resource) && files.contains(fileName(resource.getLocation()))) {
                log.info("route file {} replaces the packaged one", fileName(resource.getLocation()));
            } else {
                kept.add(resource);
            }
        }
        return kept;
    }

    private static boolean packaged(Resource resource) {
        return "classpath".equals(resource.getScheme());
    }

    static String fileName(String location) {
        int at = Math.max(location.lastIndexOf('/'), Math.max(location.lastIndexOf('\\'), location.indexOf(':')));
        return location.substring(at + 1);
    }
}
