package io.streamnotifier.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Stream;

import io.streamnotifier.deadletter.DeadLetter;
import io.streamnotifier.deadletter.JsonLinesDeadLetterStore;
import io.streamnotifier.it.ServiceProcess.Finished;
import io.streamnotifier.it.support.FaultProxy;
import io.streamnotifier.it.support.FaultProxy.Fault;
import io.streamnotifier.it.support.LocalServers;
import io.streamnotifier.ses.SesRejectedException;
import org.junit.jupiter.api.Test;

/**
 * The {@code replay} command as an operator runs it: {@code java -jar stream-notifier.jar replay [--dry-run]} as a
 * process of its own, next to the service's data directory, and its exit status: 0 when every dead letter was sent
 * (the file is then empty) or listed by a dry run (nothing sent), 3 when some failed again (stored with their new
 * reason), SES refused every send (kept unchanged) or a line is not a dead letter (kept as it is), 1 on an error
 * such as a bad configuration.
 */
class ReplayCommandIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(3);

    @Test
    void replay_exit_status_tells_sent_failed_again_kept_and_error() throws Exception {
        ProcessFixture fixture = ProcessFixture.create("ReplayCommandIT");
        OrdersTable orders = fixture.orders();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String first = "replay-a-" + run + "@example.com";
        String second = "replay-b-" + run + "@example.com";
        AtomicReference<Function<String, Fault>> plan = new AtomicReference<>(recipient -> Fault.ERROR_500);

        try (FaultProxy proxy = new FaultProxy(LocalServers.sesEndpoint(), 0);
                ServiceProcess service = fixture.service()) {
            proxy.plan(recipient -> plan.get().apply(recipient));
            service.env("NOTIFIER_SES_ENDPOINT", proxy.endpoint().toString())
                    .env("NOTIFIER_RETRY_MAX_REDELIVERIES", "1")
                    .env("NOTIFIER_RETRY_INITIAL_DELAY_MS", "50")
                    // every send fails: each order is dead-lettered (no SES-down hold), so there is something to replay
                    .env("NOTIFIER_SES_OUTAGE_AFTER_RECORDS", "0")
                    .start();
            orders.put(OrdersTable.order("ORD-C1", first, "Harvest"));
            orders.put(OrdersTable.order("ORD-C2", second, "Blue"));
            Path file = service.dir().resolve("data/dead-letters.jsonl");
            JsonLinesDeadLetterStore store = new JsonLinesDeadLetterStore(file);
            await().atMost(WAIT).until(() -> store.readAll().size() == 2);
            service.stop();
            List<DeadLetter> deadLettered = store.readAll();
            List<String> lines = Files.readAllLines(file);

            // a dry run lists them and sends nothing
            plan.set(recipient -> Fault.PASS);
            Finished dryRun = service.run(COMMAND_TIMEOUT, "replay", "--dry-run");
            assertEquals(0, dryRun.exitCode(), dryRun.output());
            assertTrue(dryRun.output().contains("2 dead letter(s) would be sent again"), dryRun.output());
            assertEquals(lines, Files.readAllLines(file), "a dry run leaves the file as it was");
            assertEquals(0, sent(first) + sent(second), "a dry run sends nothing");

            // SES refuses every send: the replay ends with 3 and keeps the dead letters unchanged
            plan.set(recipient -> Fault.ACCOUNT_PAUSED);
            Finished refused = service.run(COMMAND_TIMEOUT, "replay");
            assertEquals(3, refused.exitCode(), refused.output());
            assertTrue(refused.output().contains("not replayed (SendHeldException: not sent: SES refuses every send"),
                    "the reason is printed: " + refused.output());
            assertTrue(refused.output().contains("kept as it was"), refused.output());
            // an expected outcome: no error handler's fallback, no stack trace
            assertFalse(refused.output().contains("FatalFallbackErrorHandler") || refused.output().contains("\tat "),
                    refused.output());
            assertEquals(deadLettered, store.readAll(), "the dead letters are kept unchanged");
            assertEquals(0, sent(first) + sent(second));
            assertEquals(List.of(file.getFileName().toString()), deadLetterFiles(file), "nothing left aside");

            // the first goes through, SES now rejects the second: 3, and the second is stored with its new reason
            plan.set(recipient -> recipient.equals(second) ? Fault.REJECT : Fault.PASS);
            Finished someFailed = service.run(COMMAND_TIMEOUT, "replay");
            assertEquals(3, someFailed.exitCode(), someFailed.output());
            assertTrue(someFailed.output().contains("replayed: 1 sent, 1 failed again"), someFailed.output());
            assertTrue(someFailed.output().contains("failed again (SesRejectedException: SES rejected the message: "
                    + "MessageRejected"), "the new reason is printed: " + someFailed.output());
            assertEquals(1, sent(first));
            List<DeadLetter> left = store.readAll();
            assertEquals(1, left.size(), "only the rejected one is left");
            DeadLetter again = left.get(0);
            DeadLetter before = deadLettered.stream().filter(d -> d.eventId().equals(again.eventId())).findFirst()
                    .orElseThrow(() -> new AssertionError("the one left is one of those dead-lettered: " + again));
            assertEquals(second, again.record().at("/dynamodb/NewImage/email/S").asText());
            assertEquals(SesRejectedException.class.getName(), again.errorClass(), "the new reason");
            assertTrue(again.errorMessage().contains("MessageRejected"), again.errorMessage());
            assertNotEquals(before.errorClass(), again.errorClass());
            assertEquals(before.record(), again.record(), "the original record");
            assertTrue(again.failedAt().isAfter(before.failedAt()), "stored again now");

            // every one goes through: 0, the file is empty, and nothing is sent twice
            plan.set(recipient -> Fault.PASS);
            Finished allSent = service.run(COMMAND_TIMEOUT, "replay");
            assertEquals(0, allSent.exitCode(), allSent.output());
            assertTrue(allSent.output().contains("replayed: 1 sent, 0 failed again"), allSent.output());
            assertEquals(1, sent(first));
            assertEquals(1, sent(second));
            assertEquals(List.of(), store.readAll(), "the file is empty");
            assertTrue(deadLetterFiles(file).stream().noneMatch(n -> n.contains(".replaying-")),
                    "nothing left aside: " + deadLetterFiles(file));

            // nothing to replay: 0
            Finished nothing = service.run(COMMAND_TIMEOUT, "replay");
            assertEquals(0, nothing.exitCode(), nothing.output());
            assertTrue(nothing.output().contains("replayed: 0 sent, 0 failed again"), nothing.output());

            // a line cut short (a crash while it was written): kept as it is, not printed, the replay ends with 3
            String cut = "{\"failedAt\":\"2026-11-25T10:00:00Z\",\"routeId\":\"order-confirmation\",\"record\":"
                    + "{\"dynamodb\":{\"NewImage\":{\"email\":{\"S\":\"cut-" + run + "@example.com\"},\"tit";
            Files.writeString(file, cut + "\n");
            Finished listCut = service.run(COMMAND_TIMEOUT, "replay", "--dry-run");
            assertEquals(0, listCut.exitCode(), listCut.output());
            assertTrue(listCut.output().contains("1 unreadable line(s) would be kept"), listCut.output());
            Finished replayCut = service.run(COMMAND_TIMEOUT, "replay");
            assertEquals(3, replayCut.exitCode(), replayCut.output());
            assertTrue(replayCut.output().contains("line 1 of dead-letters.jsonl.replaying-"), replayCut.output());
            assertTrue(!listCut.output().contains("cut-" + run) && !replayCut.output().contains("cut-" + run),
                    "the line's content is not printed");
            assertEquals(List.of(cut), Files.readAllLines(file), "the line is kept as it was");
            assertTrue(deadLetterFiles(file).stream().noneMatch(n -> n.contains(".replaying-")),
                    "nothing left aside: " + deadLetterFiles(file));

            // a bad configuration: 1, with the reason
            service.env("NOTIFIER_DEAD_LETTER_STORE", "bogus");
            Finished badConfiguration = service.run(COMMAND_TIMEOUT, "replay");
            assertEquals(1, badConfiguration.exitCode(), badConfiguration.output());
            assertTrue(badConfiguration.output().contains("replay failed: IllegalArgumentException: "
                    + "notifier.dead-letter.store (NOTIFIER_DEAD_LETTER_STORE) is 'bogus'"), badConfiguration.output());
        }
    }

    private static int sent(String recipient) {
        return ServiceITSupport.mailsTo(recipient).size();
    }

    private static List<String> deadLetterFiles(Path file) throws Exception {
        try (Stream<Path> files = Files.list(file.getParent())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("dead-letters")).sorted()
                    .toList();
        }
    }
}
