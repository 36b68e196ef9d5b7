package io.streamnotifier.feedback;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The SES event messages of {@code src/test/resources/ses-events/}, written after AWS's documented examples with
 * this project's values: {@code raw/} (the event itself, as SNS raw message delivery puts it on the queue),
 * {@code sns/} (in SNS's envelope), {@code eventbridge/} (in an EventBridge event) and {@code malformed/}. The
 * placeholders {@code ${messageId}}, {@code ${address}}, {@code ${route}} and {@code ${orderKey}} are filled in
 * per test.
 */
public final class SesEventFixtures {

    private SesEventFixtures() {
    }

    /** The fixture {@code FORM/NAME.json} (or a file name with its extension) with the placeholders filled in. */
    public static String load(String form, String name, Map<String, String> values) {
        String file = name.contains(".") ? name : name + ".json";
        String path = "/ses-events/" + form + "/" + file;
        try (InputStream in = SesEventFixtures.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (var entry : values.entrySet()) {
                text = text.replace("${" + entry.getKey() + "}", entry.getValue());
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The values most tests fill in. */
    public static Map<String, String> values(String messageId, String address, String route, String orderKey) {
        return Map.of("messageId", messageId, "address", address, "route", route, "orderKey", orderKey);
    }
}
