package io.streamnotifier.config;

import java.nio.file.Path;
import java.util.List;

/** The FreeMarker templates: where they are, their default locale, reloading, and the check at start. */
public record TemplateSettings(Path dir, String locale, long updateDelayMs, boolean checkAtStart,
        Path sampleRecords) {

    public static final Setting DIR = Setting.of("notifier.templates.dir", "NOTIFIER_TEMPLATES_DIR", "templates",
            "directory of the FreeMarker templates, read before the templates packaged in the jar (a missing "
            + "directory: the packaged ones only)");

    public static final Setting LOCALE = Setting.of("notifier.templates.locale", "NOTIFIER_TEMPLATES_LOCALE", "en-US",
            "locale for money and number formats");

    public static final Setting UPDATE_DELAY_MS = Setting.of("notifier.templates.update-delay-ms",
            "NOTIFIER_TEMPLATES_UPDATE_DELAY_MS", "2000",
            "how soon an edited template is picked up");

    public static final Setting CHECK_AT_START = Setting.of("notifier.templates.check-at-start",
            "NOTIFIER_TEMPLATES_CHECK_AT_START", "true",
            "render each route's templates against its sample record at start; a failure stops the start with the "
            + "file, line and FreeMarker's message");

    public static final Setting SAMPLE_RECORDS = Setting.of("notifier.templates.sample-records",
            "NOTIFIER_SAMPLE_RECORDS", "examples/records",
            "directory of the routes' sample records, `ROUTE.json` (the start check and `render` read them)");

    /** The keys of this area, in the order of application.properties. */
    public static final List<Setting> ALL = List.of(DIR, LOCALE, UPDATE_DELAY_MS, CHECK_AT_START, SAMPLE_RECORDS);


    public static TemplateSettings from(SettingValues values) {
        return new TemplateSettings(Path.of(DIR.string(values)), LOCALE.string(values),
                UPDATE_DELAY_MS.longValue(values), CHECK_AT_START.booleanValue(values),
                Path.of(SAMPLE_RECORDS.string(values)));
    }
}
