package io.streamnotifier.stream.kcl;

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
    public static DdbStreamConfiguration.StartingPosition toStartingPosition(String name) {
        return DdbStreamConfiguration.StartingPosition.parse(name);
    }

    @Converter
    public static DdbStreamConfiguration.ViewType toViewType(String name) {
        return DdbStreamConfiguration.ViewType.parse(name);
    }
}
