package io.streamnotifier.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import io.streamnotifier.deadletter.DeadLetter;
import io.streamnotifier.deadletter.Replay;
import io.streamnotifier.it.support.FaultProxy;
import io.streamnotifier.it.support.FaultProxy.Fault;
import io.streamnotifier.ses.SesRejectedException;
import org.junit.jupiter.api.Test;

/** The replay of the dead-letter file: what goes through leaves it, what fails again stays with its new reason. */
class ReplayIT extends ServiceITSupport {

    private static final FaultProxy PROXY = FaultProxy.shared();

    @Override
    protected Properties extraProperties() {
        PROXY.plan(recipient -> Fault.ERROR_500);
        Properties properties = new Properties();
        properties.put("notifier.ses.endpoint", PROXY.endpoint().toString());
        // every send fails here: each failing record is dead-lettered (no SES-down hold) so there is something to replay
        properties.put("notifier.ses.outage-after-records", "0");
        return properties;
    }

    @Test
    void replay_sends_what_goes_through_and_keeps_what_fails_again() throws Exception {
        String recipient = uniqueRecipient();
        String rejected = uniqueRecipient();
        orders().put(OrdersTable.order("ORD-R1", recipient, "Harvest"));
        orders().put(OrdersTable.order("ORD-R2", "not-an-address", "Harvest"));
        orders().put(OrdersTable.order("ORD-R3", rejected, "Harvest"));
        await().atMost(WAIT).until(() -> deadLetters().size() == 3);
        DeadLetter rejectedBefore = deadLetterTo(deadLetters(), rejected);

        ByteArrayOutputStream listed = new ByteArrayOutputStream();
        new Replay(context, deadLetterFile(), new PrintStream(listed, true, StandardCharsets.UTF_8)).dryRun();
        String dryRun = listed.toString(StandardCharsets.UTF_8);
        assertTrue(dryRun.contains("3 dead letter(s) would be sent again"), dryRun);
        assertFalse(dryRun.contains(recipient), "addresses masked: " + dryRun);
        assertEquals(List.of(), mailsTo(recipient), "a dry run sends nothing");

        // SES is back, and now rejects the third order's address
        PROXY.plan(r -> r.equals(rejected) ? Fault.REJECT : Fault.PASS);
        int failedAgain = new Replay(context, deadLetterFile(), new PrintStream(new ByteArrayOutputStream())).run();

        assertEquals(2, failedAgain);
        assertEquals(1, mailsTo(recipient).size(), "the order that failed on SES is sent");
        List<DeadLetter> left = deadLetters();
        assertEquals(2, left.size(), "the order without a valid address and the rejected one are left: " + left);
        DeadLetter invalid = left.stream().filter(d -> d.record().at("/dynamodb/NewImage/id/S").asText()
                .equals("ORD-R2")).findFirst().orElseThrow();
        assertTrue(invalid.errorMessage().contains("e-mail"), invalid.errorMessage());
        // the one that failed for another reason this time is stored with its new reason and its original record
        DeadLetter rejectedAgain = deadLetterTo(left, rejected);
        assertEquals(SesRejectedException.class.getName(), rejectedAgain.errorClass(), "the new reason");
        assertTrue(rejectedAgain.errorMessage().contains("MessageRejected"), rejectedAgain.errorMessage());
        assertNotEquals(rejectedBefore.errorClass(), rejectedAgain.errorClass(), "not the reason it had before");
        assertEquals(rejectedBefore.record(), rejectedAgain.record(), "the original record");
        try (Stream<java.nio.file.Path> files = Files.list(deadLetterFile().getParent())) {
            assertEquals(List.of(deadLetterFile().getFileName().toString()),
                    files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("dead-letters")).toList(),
                    "the moved-aside file is gone");
        }

        // a second replay sends nothing twice
        new Replay(context, deadLetterFile(), new PrintStream(new ByteArrayOutputStream())).run();
        assertEquals(1, mailsTo(recipient).size());
    }

    private static DeadLetter deadLetterTo(List<DeadLetter> deadLetters, String recipient) {
        return deadLetters.stream().filter(d -> d.record().at("/dynamodb/NewImage/email/S").asText().equals(recipient))
                .findFirst().orElseThrow(() -> new AssertionError("no dead letter to " + recipient + ": " + deadLetters));
    }

    @Test
    void replay_of_dead_letters_that_all_go_through_empties_the_store() throws Exception {
        List<String> recipients = List.of(uniqueRecipient(), uniqueRecipient());
        orders().put(OrdersTable.order("ORD-E1", recipients.get(0), "Harvest"));
        orders().put(OrdersTable.order("ORD-E2", recipients.get(1), "Blue"));
        await().atMost(WAIT).until(() -> deadLetters().size() == 2);

        PROXY.plan(r -> Fault.PASS);
        int failedAgain = new Replay(context, deadLetterFile(), new PrintStream(new ByteArrayOutputStream())).run();

        assertEquals(0, failedAgain);
        recipients.forEach(recipient -> assertEquals(1, mailsTo(recipient).size(), recipient));
        assertEquals(List.of(), deadLetters(), "the store is empty");
    }

    @Test
    void replay_while_ses_refuses_every_send_keeps_the_dead_letters_as_they_were_and_ends() throws Exception {
        String recipient = uniqueRecipient();
        orders().put(OrdersTable.order("ORD-K1", recipient, "Harvest"));
        await().atMost(WAIT).until(() -> deadLetters().size() == 1);
        DeadLetter before = deadLetters().get(0);

        // as the replay command sets it: an account-wide refusal hands the record back instead of holding it
        context.getRegistry().lookupByNameAndType("sesSender", io.streamnotifier.ses.SesSender.class)
                .setHoldWhenRefused(false);
        PROXY.plan(r -> Fault.ACCOUNT_PAUSED);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int failedAgain = new Replay(context, deadLetterFile(), new PrintStream(printed, true,
                StandardCharsets.UTF_8)).run();

        assertEquals(1, failedAgain);
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("kept as it was"), printed.toString());
        assertEquals(List.of(before), deadLetters(), "the dead letter is kept unchanged, not lost");
        assertEquals(List.of(), mailsTo(recipient));
    }
}
