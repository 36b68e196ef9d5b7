package io.streamnotifier.stream;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.streamnotifier.InvalidRecordException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Turns a DynamoDB item (as found in a stream record's images) into plain Java data for templates and sinks.
 * <p>
 * The mapping is exact and total over the types DynamoDB has:
 *
 * <pre>
 * S    -> String             N  -> BigDecimal (the exact digits, never a double)
 * B    -> byte[]             BOOL -> Boolean         NULL -> null
 * M    -> Map (insertion order)                       L  -> List
 * SS   -> Set&lt;String&gt;   NS -> Set&lt;BigDecimal&gt;   BS -> Set&lt;byte[]&gt;   (sets keep the stream's order)
 * </pre>
 *
 * An attribute of a type this SDK does not know is rejected with its path, so the record is dead-lettered with a
 * clear reason instead of being half-rendered. The SDK's {@code EnhancedDocument} was considered: its only untyped
 * view is JSON, which turns B into base64 strings and sets into lists, so it cannot give this mapping.
 */
public final class AttributeValues {

    private AttributeValues() {
    }

    public static Map<String, Object> toPlainMap(Map<String, AttributeValue> item) {
        return toPlainMap("", item);
    }

    private static Map<String, Object> toPlainMap(String parent, Map<String, AttributeValue> item) {
        Map<String, Object> plain = new LinkedHashMap<>();
        item.forEach((name, value) -> plain.put(name, toPlain(parent.isEmpty() ? name : parent + "." + name, value)));
        return plain;
    }

    private static Object toPlain(String path, AttributeValue value) {
        return switch (value.type()) {
            case S -> value.s();
            case N -> number(path, value.n());
            case B -> value.b().asByteArray();
            case BOOL -> value.bool();
            case NUL -> null;
            case M -> toPlainMap(path, value.m());
            case L -> list(path, value.l());
            case SS -> new LinkedHashSet<>(value.ss());
            case NS -> numbers(path, value.ns());
            case BS -> bytes(value.bs());
            case UNKNOWN_TO_SDK_VERSION -> throw new InvalidRecordException(
                    "attribute '" + path + "' has a type this service does not know");
        };
    }

    private static List<Object> list(String path, List<AttributeValue> values) {
        List<Object> plain = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            plain.add(toPlain(path + "[" + i + "]", values.get(i)));
        }
        return plain;
    }

    private static BigDecimal number(String path, String digits) {
        try {
            return new BigDecimal(digits);
        } catch (NumberFormatException e) {
            throw new InvalidRecordException("attribute '" + path + "' is not a number", e);
        }
    }

    private static Set<BigDecimal> numbers(String path, Collection<String> digits) {
        Set<BigDecimal> plain = new LinkedHashSet<>();
        digits.forEach(d -> plain.add(number(path, d)));
        return plain;
    }

    private static Set<byte[]> bytes(Collection<SdkBytes> values) {
        Set<byte[]> plain = new LinkedHashSet<>();
        values.forEach(b -> plain.add(b.asByteArray()));
        return plain;
    }
}
