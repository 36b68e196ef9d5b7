package io.streamnotifier.stream.kcl;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import org.apache.camel.Converter;

/**
 * Reads the enum options of {@code ddb-stream} from text (a URI, a property, a Kamelet parameter) in any case, and
 * says which values are valid when one is not, instead of Camel's general enum conversion error.
 */
@Converter(generateLoader = true)
public final class DdbStreamConverters {

    private DdbStreamConverters() {
    }

    @Converter
    public static StartingPosition toStartingPosition(String name) {
        return named(StartingPosition.class, "startingPosition", name, "");
    }

    @Converter
    public static ViewType toViewType(String name) {
        return named(ViewType.class, "viewType", name, " (the images the route needs)");
    }

    /** The constant named, in any case and with blanks around it, or an error naming the option and the valid ones. */
    private static <E extends Enum<E>> E named(Class<E> type, String option, String name, String hint) {
        String constant = name == null ? "" : name.trim().toUpperCase(Locale.ROOT);
        for (E value : type.getEnumConstants()) {
            if (value.name().equals(constant)) {
                return value;
            }
        }
        String names = Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
        int last = names.lastIndexOf(", ");
        throw new IllegalArgumentException(option + " is '" + name + "'; use " + names.substring(0, last) + " or "
                + names.substring(last + 2) + hint);
    }
}
