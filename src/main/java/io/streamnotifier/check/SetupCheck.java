package io.streamnotifier.check;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

import freemarker.core.ParseException;
import freemarker.template.Configuration;
import io.streamnotifier.Masking;
import io.streamnotifier.PackagedFiles;
import io.streamnotifier.config.DeadLetterSettings;
import io.streamnotifier.config.IdempotencySettings;
import io.streamnotifier.config.MailSettings;
import io.streamnotifier.config.SesSettings;
import io.streamnotifier.config.Setting;
import io.streamnotifier.config.SettingValues;
import io.streamnotifier.config.TemplateConfiguration;
import io.streamnotifier.config.TemplateSettings;
import io.streamnotifier.deadletter.DeadLetterChannel;
import io.streamnotifier.deadletter.SqsDeadLetterStore;
import io.streamnotifier.stream.StreamViewTypes;
import io.streamnotifier.stream.kcl.DdbStreamEndpoint;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * The set-up check ({@code check} command, and at every start): one line per thing the service needs, each OK, FAIL
 * with the reason, or SKIP when it cannot be checked against this endpoint. It reads the started context's beans and
 * stream endpoints, and writes nothing: the table writes are conditional writes that cannot match, the dead-letter
 * check creates and deletes an empty file.
 */
public final class SetupCheck {

    private final CamelContext context;

    public SetupCheck(CamelContext context) {
        this.context = context;
    }

    /** Every check, in the order of the lines. */
    public List<CheckLine> run() {
        List<CheckLine> lines = new ArrayList<>();
        DynamoDbClient dynamo = context.getRegistry().lookupByNameAndType("dynamoDbClient", DynamoDbClient.class);
        Map<String, Set<String>> viewTypesByTable = new TreeMap<>();
        Set<String> leaseTables = new LinkedHashSet<>();
        for (Endpoint endpoint : context.getEndpoints()) {
            if (endpoint instanceof DdbStreamEndpoint stream) {
                viewTypesByTable.computeIfAbsent(stream.getTableName(), t -> new LinkedHashSet<>())
                        .add(stream.getConfiguration().getViewType() == null ? "KEYS_ONLY"
                                : stream.getConfiguration().getViewType().name());
                leaseTables.add(stream.getLeaseTable());
            }
        }
        viewTypesByTable.forEach((table, needed) -> lines.add(CheckLine.guarded("table " + table,
                () -> streamOf(dynamo, table, needed))));
        for (String leaseTable : leaseTables) {
            lines.add(CheckLine.guarded("lease table " + leaseTable, () -> leaseTable(dynamo, leaseTable)));
        }
        lines.add(CheckLine.guarded("send-once table", () -> sendOnceTable(dynamo)));
        lines.addAll(new SesCheck(context.getRegistry().lookupByNameAndType("sesClient", SesV2Client.class),
                property(SesSettings.ENDPOINT), property(MailSettings.SENDER),
                SesSettings.MAX_SEND_RATE.doubleValue(values())).run());
        lines.addAll(deadLetterStore());
        lines.addAll(templates());
        return lines;
    }

    private CheckLine streamOf(DynamoDbClient dynamo, String table, Set<String> needed) {
        String subject = "table " + table;
        TableDescription description;
        try {
            description = dynamo.describeTable(b -> b.tableName(table)).table();
        } catch (ResourceNotFoundException e) {
            return CheckLine.fail(subject, "does not exist (NOTIFIER_TABLE, or the route's table)");
        }
        StreamSpecification stream = description.streamSpecification();
        if (stream == null || !Boolean.TRUE.equals(stream.streamEnabled())) {
            return CheckLine.fail(subject, "has no stream enabled; enable one with view type "
                    + strongest(needed));
        }
        String found = stream.streamViewTypeAsString();
        for (String need : needed) {
            if (!StreamViewTypes.satisfies(found, need)) {
                return CheckLine.fail(subject, "stream view type " + found + ", but a route needs " + need
                        + " (the view type cannot be changed in place: disable the stream and enable it again)");
            }
        }
        return CheckLine.ok(subject, "stream enabled, view type " + found + " (the routes need "
                + String.join(", ", needed) + ")");
    }

    private static String strongest(Set<String> needed) {
        if (needed.contains("NEW_AND_OLD_IMAGES") || needed.contains("NEW_IMAGE") && needed.contains("OLD_IMAGE")) {
            return "NEW_AND_OLD_IMAGES";
        }
        return needed.contains("NEW_IMAGE") ? "NEW_IMAGE" : needed.contains("OLD_IMAGE") ? "OLD_IMAGE"
                : "NEW_AND_OLD_IMAGES";
    }

    private CheckLine leaseTable(DynamoDbClient dynamo, String table) {
        String subject = "lease table " + table;
        TableDescription description = describe(dynamo, table);
        if (description == null) {
            return CheckLine.ok(subject, "does not exist yet; the service creates it at its first start "
                    + "(dynamodb:CreateTable)");
        }
        return readAndWrite(dynamo, subject, description);
    }

    private CheckLine sendOnceTable(DynamoDbClient dynamo) {
        String store = property(IdempotencySettings.STORE);
        String table = property(IdempotencySettings.TABLE);
        String subject = "send-once table " + table;
        if (store.equalsIgnoreCase("none")) {
            return CheckLine.ok("send-once table", "off (NOTIFIER_IDEMPOTENCY_STORE=none)");
        }
        TableDescription description = describe(dynamo, table);
        if (description == null) {
            return IdempotencySettings.CREATE_TABLE.booleanValue(values())
                    ? CheckLine.ok(subject, "does not exist yet; the service creates it at start")
                    : CheckLine.fail(subject, "does not exist, and NOTIFIER_IDEMPOTENCY_CREATE_TABLE is false");
        }
        return readAndWrite(dynamo, subject, description);
    }

    private static TableDescription describe(DynamoDbClient dynamo, String table) {
        try {
            return dynamo.describeTable(b -> b.tableName(table)).table();
        } catch (ResourceNotFoundException e) {
            return null;
        }
    }

    /**
     * Reads an item that is not there and writes one on a condition that cannot hold: both need the permission and
     * a reachable table, neither changes it.
     */
    private static CheckLine readAndWrite(DynamoDbClient dynamo, String subject, TableDescription table) {
        Map<String, String> types = new HashMap<>();
        for (AttributeDefinition definition : table.attributeDefinitions()) {
            types.put(definition.attributeName(), definition.attributeTypeAsString());
        }
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        String probe = "stream-notifier-check-" + UUID.randomUUID();
        for (KeySchemaElement element : table.keySchema()) {
            String type = types.getOrDefault(element.attributeName(), "S");
            key.put(element.attributeName(), switch (type) {
                case "N" -> AttributeValue.fromN("-1");
                case "B" -> AttributeValue.fromB(software.amazon.awssdk.core.SdkBytes.fromUtf8String(probe));
                default -> AttributeValue.fromS(probe);
            });
        }
        String hashKey = table.keySchema().get(0).attributeName();
        dynamo.getItem(b -> b.tableName(table.tableName()).key(key).consistentRead(true));
        try {
            dynamo.putItem(b -> b.tableName(table.tableName()).item(key).conditionExpression("attribute_exists(#k)")
                    .expressionAttributeNames(Map.of("#k", hashKey)));
            return CheckLine.fail(subject, "a conditional write that cannot match went through");
        } catch (ConditionalCheckFailedException expected) {
            return CheckLine.ok(subject, "exists, read and write allowed");
        }
    }

    private List<CheckLine> deadLetterStore() {
        List<CheckLine> lines = new ArrayList<>();
        DeadLetterChannel channel = context.getRegistry().lookupByNameAndType("deadLetters", DeadLetterChannel.class);
        if (channel != null && channel.store() instanceof SqsDeadLetterStore sqs) {
            lines.add(CheckLine.guarded("dead-letter queue", () -> {
                sqs.sqs().getQueueAttributes(b -> b.queueUrl(sqs.queueUrl()));
                return CheckLine.ok("dead-letter queue", "reachable (GetQueueAttributes); its fallback file below");
            }));
        }
        Path file = Path.of(property(DeadLetterSettings.FILE));
        lines.add(CheckLine.guarded("dead-letter file " + file, () -> writable(file)));
        return lines;
    }

    private static CheckLine writable(Path file) throws IOException {
        String subject = "dead-letter file " + file;
        if (Files.isDirectory(file)) {
            return CheckLine.fail(subject, "is a directory (NOTIFIER_DEAD_LETTER_FILE / NOTIFIER_DATA_DIR)");
        }
        if (Files.exists(file)) {
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.APPEND)) {
                return CheckLine.ok(subject, "exists and can be appended to");
            }
        }
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            return CheckLine.fail(subject, "its directory " + dir + " does not exist");
        }
        Path probe = Files.createTempFile(dir, ".stream-notifier-check-", ".tmp");
        Files.delete(probe);
        return CheckLine.ok(subject, "its directory is writable");
    }

    private List<CheckLine> templates() {
        Configuration templates = context.getRegistry().lookupByNameAndType("templateConfiguration",
                Configuration.class);
        Map<String, String> names = new TreeMap<>();
        try {
            PackagedFiles.list(TemplateConfiguration.PACKAGED_TEMPLATES).forEach(name -> names.put(name, "packaged"));
        } catch (RuntimeException e) {
            return List.of(CheckLine.fail("templates", "could not list the packaged templates: " + Masking.reason(e)));
        }
        Path dir = Path.of(property(TemplateSettings.DIR));
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.filter(Files::isRegularFile).forEach(f -> names.put(
                        dir.relativize(f).toString().replace('\\', '/'), "file in " + dir));
            } catch (IOException e) {
                return List.of(CheckLine.fail("templates", "could not list " + dir + ": " + Masking.reason(e)));
            }
        }
        List<CheckLine> lines = new ArrayList<>();
        names.forEach((name, origin) -> {
            String subject = "template " + name;
            try {
                templates.getTemplate(name);
                lines.add(CheckLine.ok(subject, "parses (" + origin + ")"));
            } catch (ParseException e) {
                lines.add(CheckLine.fail(subject, "line " + e.getLineNumber() + ", column " + e.getColumnNumber()
                        + ": " + oneLine(e.getEditorMessage()) + " (" + origin + ")"));
            } catch (IOException | RuntimeException e) {
                lines.add(CheckLine.fail(subject, Masking.reason(e) + " (" + origin + ")"));
            }
        });
        return lines;
    }

    private static String oneLine(String text) {
        String line = text == null ? "" : text.replaceAll("\\s+", " ").trim();
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    private String property(Setting setting) {
        return setting.string(values());
    }

    private SettingValues values() {
        return SettingValues.of(context);
    }
}
