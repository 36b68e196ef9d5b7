package io.streamnotifier.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamnotifier.it.support.FaultProxy;
import io.streamnotifier.it.support.FaultProxy.Fault;
import io.streamnotifier.it.support.LocalServers;
import org.junit.jupiter.api.Test;

/**
 * The main flows with every logger at DEBUG (the root included), in the JSON log format, through the real jar:
 * sent orders, hostile HTML, bad addresses, MODIFY and REMOVE, SES failing, retrying and rejecting. No line may
 * hold a test e-mail address or an album title, and every line must be one JSON object, with the record's
 * coordinates as fields.
 */
class LogPrivacyIT {

    @Test
    void debug_logs_hold_no_address_and_no_order_data() throws Exception {
        String table = "LogPrivacyIT-" + UUID.randomUUID().toString().substring(0, 8);
        OrdersTable orders = OrdersTable.create(table);
        orders.seedLeases(table + "-leases", "TRIM_HORIZON");
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> secrets = new ArrayList<>();
        String good = "privacy-" + run + "@example.com";
        String hostile = "hostile-" + run + "@example.com";
        String failing = "failing-" + run + "@example.com";
        String rejected = "rejected-" + run + "@example.com";
        String injected = "injected-" + run + "@example.com\r\nBcc: thief@example.com";
        String titleGood = "Harvest Moon " + run;
        String titleHostile = "<script>alert('" + run + "')</script> & \"quotes\"";
        secrets.addAll(List.of(good, hostile, failing, rejected, "injected-" + run, titleGood, run));

        try (FaultProxy proxy = new FaultProxy(LocalServers.sesEndpoint(), 0);
                ServiceProcess service = new ServiceProcess(Path.of("target", "it-data", table, "app"), table)) {
            proxy.plan(recipient -> recipient.equals(failing) ? Fault.ERROR_500
                    : recipient.equals(rejected) ? Fault.REJECT : Fault.PASS);
            service.env("NOTIFIER_SES_ENDPOINT", proxy.endpoint().toString())
                    .env("NOTIFIER_ROOT_LOG_LEVEL", "DEBUG")
                    .env("NOTIFIER_LOG_LEVEL", "DEBUG")
                    .env("NOTIFIER_LOG_FORMAT", "json")
                    .env("NOTIFIER_RETRY_MAX_REDELIVERIES", "2")
                    .env("NOTIFIER_RETRY_INITIAL_DELAY_MS", "100")
                    .start();

            orders.put(OrdersTable.order("ORD-P1", good, titleGood));
            orders.put(OrdersTable.order("ORD-P2", hostile, titleHostile));
            orders.put(OrdersTable.order("ORD-P3", failing, titleGood));
            orders.put(OrdersTable.order("ORD-P4", rejected, titleGood));
            orders.put(OrdersTable.order("ORD-P5", injected, titleGood));
            orders.put(OrdersTable.order("ORD-P6", "not-an-address-" + run, titleGood));
            orders.setStatus("ORD-P1", "SHIPPED");
            orders.delete("ORD-P2");

            Path deadLetters = service.dir().resolve("data/dead-letters.jsonl");
            await().atMost(Duration.ofSeconds(90)).until(() -> !ServiceITSupport.mailsTo(good).isEmpty()
                    && !ServiceITSupport.mailsTo(hostile).isEmpty()
                    && Files.exists(deadLetters) && Files.readAllLines(deadLetters).size() == 4);
            // the MODIFY and REMOVE come after them in the shard: wait until they were read too
            await().atMost(Duration.ofSeconds(30)).until(() -> service.output().contains("\"skipped route="));
        }

        Path log = Path.of("target", "it-data", table, "app", "service.log");
        List<String> lines = Files.readAllLines(log);
        assertTrue(lines.size() > 100, "DEBUG logging was on: " + lines.size() + " lines");
        ObjectMapper json = new ObjectMapper();
        int withEventId = 0;
        java.util.Set<String> leaking = new java.util.TreeSet<>();
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("===")) {
                continue;
            }
            JsonNode event;
            try {
                event = json.readTree(line);
            } catch (Exception e) {
                throw new AssertionError("not one JSON object per line: " + line, e);
            }
            for (String secret : secrets) {
                if (line.contains(secret)) {
                    leaking.add(event.path("logger").asText() + ": " + line.substring(0, Math.min(300, line.length())));
                }
            }
            if (event.hasNonNull("eventID") && event.hasNonNull("shard") && event.hasNonNull("sequenceNumber")) {
                withEventId++;
            }
        }
        assertEquals(java.util.Set.of(), leaking, "log lines with personal or order data");
        assertTrue(withEventId > 0, "the record's coordinates appear as fields");
        assertEquals(0, lines.stream().filter(l -> l.contains("thief@example.com")).count());
    }
}
