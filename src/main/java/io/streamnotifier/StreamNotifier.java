package io.streamnotifier;

import org.apache.camel.main.Main;

/**
 * Runs the service: Camel Main with the configuration classes of this package, the routes found by
 * {@code camel.main.routes-include-pattern} and the properties in {@code application.properties}.
 * <p>
 * An optional properties file on the file system ({@code config/application.properties}, or the file named by
 * {@code NOTIFIER_CONFIG}) overrides the defaults packaged in the jar; environment variables override both.
 */
public final class StreamNotifier {

    private StreamNotifier() {
    }

    public static void main(String[] args) throws Exception {
        String overrides = System.getenv().getOrDefault("NOTIFIER_CONFIG", "config/application.properties");
        Main main = new Main(StreamNotifier.class);
        // the first location that has a key wins: the operator's file before the packaged defaults
        main.setPropertyPlaceholderLocations(
                "file:" + overrides + ";optional=true,classpath:application.properties");
        main.run(args);
    }
}
