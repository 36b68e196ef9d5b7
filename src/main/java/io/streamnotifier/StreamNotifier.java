package io.streamnotifier;

import io.streamnotifier.cli.Commands;
import io.streamnotifier.config.OpsConfiguration;
import io.streamnotifier.config.SesConfiguration;
import io.streamnotifier.config.SnsConfiguration;
import io.streamnotifier.config.StoreConfiguration;
import io.streamnotifier.config.StreamConfiguration;
import io.streamnotifier.config.TemplateConfiguration;
import org.apache.camel.main.Main;

/**
 * The jar's entry point: {@code java -jar stream-notifier.jar [COMMAND] [ARGS]} hands the command to
 * {@link Commands} (no command: {@code run}, the service).
 * <p>
 * Each command runs Camel Main as {@link #camelMain()} builds it: {@link NotifierConfiguration} and the
 * configuration class of each area ({@code io.streamnotifier.config}), the
 * routes found by {@code camel.main.routes-include-pattern} ({@link RouteFiles}) and the properties in
 * {@code application.properties}. An optional properties file on the file system ({@code config/application.properties},
 * or the file named by {@code NOTIFIER_CONFIG}) overrides the defaults packaged in the jar, including their
 * {@code {{env:NAME:...}}} look-ups: a key that file sets is no longer read from the environment variable its
 * default names.
 */
public final class StreamNotifier {

    private StreamNotifier() {
    }

    public static void main(String[] args) throws Exception {
        Commands.main(args);
    }

    /** Camel Main as every command runs it. */
    public static Main camelMain() {
        String overrides = System.getenv().getOrDefault("NOTIFIER_CONFIG", "config/application.properties");
        // the configuration classes named, not found by scanning this package: a scan reads and inflates the whole
        // jar of every dependency, half a minute on a busy machine
        Main main = new Main();
        main.configure().addConfiguration(NotifierConfiguration.class);
        main.configure().addConfiguration(StreamConfiguration.class);
        main.configure().addConfiguration(StoreConfiguration.class);
        main.configure().addConfiguration(TemplateConfiguration.class);
        main.configure().addConfiguration(SesConfiguration.class);
        main.configure().addConfiguration(SnsConfiguration.class);
        main.configure().addConfiguration(OpsConfiguration.class);
        main.configure().addConfiguration(io.streamnotifier.feedback.FeedbackConfiguration.class);
        // the first location that has a key wins: the operator's file before the packaged defaults
        main.setPropertyPlaceholderLocations(
                "file:" + overrides + ";optional=true,classpath:application.properties");
        // route files of routes/ replace or add to the packaged ones; no routes/ directory is no error
        main.setRoutesCollector(new RouteFiles());
        return main;
    }
}
