package io.streamnotifier.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

import io.streamnotifier.deadletter.Replay;
import io.streamnotifier.idempotency.DynamoDbSentStore;
import io.streamnotifier.it.support.FaultProxy;
import io.streamnotifier.it.support.FaultProxy.Fault;
import io.streamnotifier.it.support.LocalServers;
import io.streamnotifier.it.support.LogCapture;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * The send-once table fails after SES accepted an e-mail (here: the table is deleted while the e-mail is on its way
 * to SES, so the mark's PutItem finds no table): the e-mail is neither dead-lettered nor sent again; the mark is
 * tried again, holding the shard, until the table is back. A stop meanwhile lets the delivered record complete, so
 * the stream position is saved past it.
 */
class SendOnceTableDownIT extends ServiceITSupport {

    private static final FaultProxy PROXY = FaultProxy.shared();

    // assigned while the base class constructor runs (extraProperties), so no initializers
    private DynamoDbClient dynamo;
    private String sentTable;

    @Override
    protected Properties extraProperties() {
        PROXY.plan(recipient -> Fault.PASS);
        PROXY.resetCounts();
        dynamo = OrdersTable.client(LocalServers.dynamoDbEndpoint());
        sentTable = orders().name() + "-sent";
        Properties properties = new Properties();
        properties.put("notifier.ses.endpoint", PROXY.endpoint().toString());
        properties.put("notifier.idempotency.table", sentTable);
        return properties;
    }

    @AfterEach
    void closeClient() {
        dynamo.close();
    }

    @Test
    void a_mark_that_fails_after_ses_accepted_holds_the_shard_and_never_dead_letters_or_resends() throws Exception {
        String first = uniqueRecipient();
        dropSentTableWhenSending(first);
        orders().put(OrdersTable.order("ORD-M1", first, "Harvest"));
        awaitOneMailTo(first);

        // the table stays down: the delivered e-mail is not dead-lettered, the shard waits (the next order too)
        String second = uniqueRecipient();
        orders().put(OrdersTable.order("ORD-M2", second, "Harvest"));
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(15))
                .until(() -> deadLetters().isEmpty() && mailsTo(second).isEmpty() && mailsTo(first).size() == 1);
        assertEquals(0, counters().count(ROUTE, "dead-lettered"));
        assertTrue(counters().registry().get("notifier.sendonce.failures").tags("route", ROUTE, "operation", "mark")
                .counter().count() >= 2, "the failing marks are counted");

        // the table is back: the mark is written, the shard moves on
        new DynamoDbSentStore(dynamo, sentTable, Duration.ofHours(48), Clock.systemUTC()).createTableIfMissing();
        awaitOneMailTo(second);
        awaitCount("sent", 2);
        await().atMost(WAIT).until(() -> entries().size() == 2);
        assertTrue(entries().stream().allMatch(item -> item.get("route").s().equals(ROUTE)
                && item.get("eventId").s().equals(ROUTE + "#" + item.get("eventID").s())), entries().toString());

        // nothing to replay, nothing sent twice
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        new Replay(context, deadLetterFile(), new PrintStream(printed, true)).run();
        assertTrue(printed.toString().contains("replayed: 0 sent, 0 failed again"), printed.toString());
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> mailsTo(first).size() == 1 && mailsTo(second).size() == 1);
        assertEquals(List.of(), deadLetters());
    }

    @Test
    void a_mark_still_failing_when_the_service_stops_completes_the_delivered_record_past_the_saved_position()
            throws Exception {
        String leaseTable = orders().name() + "-leases";
        String before = uniqueRecipient();
        orders().put(OrdersTable.order("ORD-M3", before, "Harvest"));
        awaitOneMailTo(before);
        await().atMost(WAIT).until(() -> orders().checkpoint(leaseTable) != null
                && !orders().checkpoint(leaseTable).equals("TRIM_HORIZON"));
        String position = orders().checkpoint(leaseTable);

        String delivered = uniqueRecipient();
        dropSentTableWhenSending(delivered);
        orders().put(OrdersTable.order("ORD-M4", delivered, "Harvest"));
        awaitOneMailTo(delivered);

        List<String> seen;
        try (LogCapture capture = LogCapture.start(Level.INFO)) {
            context.stop();
            seen = capture.lines();
        }

        assertEquals(List.of(), deadLetters());
        // the stream has two records: a position past the first one is past the delivered one, not read again
        assertNotEquals(position, orders().checkpoint(leaseTable),
                "the position is saved past the delivered record, so the next start does not send it again");
        assertTrue(seen.stream().anyMatch(line -> line.contains("completes as delivered without its send-once entry")),
                seen.toString());
        assertEquals(1, mailsTo(delivered).size());
    }

    /** Deletes the send-once table when SES is about to accept the e-mail to {@code recipient}. */
    private void dropSentTableWhenSending(String recipient) {
        AtomicBoolean dropped = new AtomicBoolean();
        PROXY.plan(to -> {
            if (to.equals(recipient) && dropped.compareAndSet(false, true)) {
                try {
                    dynamo.deleteTable(b -> b.tableName(sentTable));
                } catch (ResourceNotFoundException e) {
                    // gone already
                }
            }
            return Fault.PASS;
        });
    }

    private List<Map<String, AttributeValue>> entries() {
        return dynamo.scan(b -> b.tableName(sentTable).consistentRead(true)).items();
    }
}
