package io.streamnotifier.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import io.streamnotifier.it.ServiceProcess.Finished;
import io.streamnotifier.it.support.FaultProxy;
import io.streamnotifier.it.support.LocalServers;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * The command line as an operator meets it, as processes of the packaged jar against the local servers:
 * {@code --help}, an unknown command, and {@code check} with every line passing and then with one failing case per
 * line (the table missing, its stream disabled, a view type the route cannot use, the send-once table missing and not
 * to be created, SES not reachable, the dead-letter file not writable, a template with a syntax error), and a setting
 * of the wrong kind or type, which stops the start. The SES emulator does not answer GetAccount (without an
 * account) or GetEmailIdentity as SES does: there the SES lines say SKIP, and a fault proxy answers them where the
 * lines themselves are tested.
 */
class CheckCommandIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @Test
    void help_lists_the_commands_and_main_variables_and_an_unknown_command_fails() throws Exception {
        try (ServiceProcess jar = ServiceProcess.jarAlone(Files.createTempDirectory("stream-notifier-help-"), "-")) {
            Finished help = jar.run(TIMEOUT, "--help");
            assertEquals(0, help.exitCode(), help.output());
            for (String expected : new String[] {"run ", "check ", "replay [--dry-run]", "help ", "NOTIFIER_TABLE",
                "SENDER", "AWS_REGION", "NOTIFIER_SES_ENDPOINT", "NOTIFIER_CHECK_STRICT"}) {
                assertTrue(help.output().contains(expected), expected + " in: " + help.output());
            }
            assertFalse(help.output().contains("Apache Camel"), "help starts no Camel: " + help.output());

            Finished unknown = jar.run(TIMEOUT, "sned");
            assertEquals(64, unknown.exitCode(), unknown.output());
            assertTrue(unknown.output().contains("unknown command 'sned'; the commands are run, check, replay, render, status, suppression, help"),
                    unknown.output());
        }
    }

    @Test
    void check_passes_on_a_sound_set_up() throws Exception {
        String table = table();
        OrdersTable.create(table);
        // as a service that ran before leaves it (a first start's missing lease table: check_fails_on_a_missing_table)
        try (var dynamo = OrdersTable.client(LocalServers.dynamoDbEndpoint())) {
            io.streamnotifier.stream.kcl.LeaseTable.createIfMissing(dynamo, table + "-leases");
        }
        try (ServiceProcess service = service(table)) {
            Finished check = service.run(TIMEOUT, "check");
            String out = check.output();
            assertEquals(0, check.exitCode(), out);
            assertLine(out, "OK   table " + table + ": stream enabled, view type NEW_AND_OLD_IMAGES");
            assertLine(out, "OK   lease table " + table + "-leases: exists, read and write allowed");
            assertLine(out, "OK   send-once table stream-notifier-sent: exists, read and write allowed");
            // the emulator answers GetAccount only when started with an account, and then without SES's error code
            assertLine(out, "SKIP SES sending quota: not checked: the endpoint");
            assertLine(out, "GetAccount");
            assertLine(out, "SKIP SES sender s***@pinehead-records.example: GetEmailIdentity not tried");
            assertLine(out, "OK   dead-letter file data/dead-letters.jsonl: its directory is writable");
            assertLine(out, "OK   template order-confirmation.ftlh: parses (file in templates)");
            assertLine(out, "OK   template order-confirmation.txt.ftl: parses (file in templates)");
            assertLine(out, "check passed");
            assertFalse(out.contains("shop@pinehead-records.example"), "the sender is masked");
        }
    }

    @Test
    void the_ses_lines_tell_the_quota_and_the_sender_s_verification() throws Exception {
        String table = table();
        OrdersTable.create(table);
        // the emulator implements only the send calls: the proxy answers the read calls as SES API v2 does
        try (FaultProxy ses = new FaultProxy(LocalServers.sesEndpoint(), 0);
                ServiceProcess service = service(table).env("NOTIFIER_SES_ENDPOINT", ses.endpoint().toString())
                        .env("NOTIFIER_SES_MAX_SEND_RATE", "10")) {
            ses.answer("GET /v2/email/account", account(true, 50000, 12, 14));
            ses.answerError("GET /v2/email/identities/", 404, "NotFoundException", "Email identity does not exist.");
            ses.answer("GET /v2/email/identities/shop@pinehead-records.example", identity("SUCCESS", true));
            Finished sound = service.run(TIMEOUT, "check");
            assertEquals(0, sound.exitCode(), sound.output());
            assertLine(sound.output(), "OK   SES sending quota: 50000 per 24 h (12 sent), at most 14.0 per second");
            assertLine(sound.output(), "OK   SES sender s***@pinehead-records.example: the address is a verified");

            ses.answer("GET /v2/email/account", account(true, 200, 3, 1));
            ses.answer("GET /v2/email/identities/shop@pinehead-records.example", identity("PENDING", false));
            Finished unsound = service.run(TIMEOUT, "check");
            assertEquals(1, unsound.exitCode(), unsound.output());
            assertLine(unsound.output(), "FAIL SES sending quota: 200 per 24 h (3 sent), at most 1.0 per second: "
                    + "NOTIFIER_SES_MAX_SEND_RATE 10.0 is above the account's rate");
            assertLine(unsound.output(), "FAIL SES sender s***@pinehead-records.example: neither the address nor its "
                    + "domain pinehead-records.example is a verified SES identity (address PENDING)");
            assertFalse(unsound.output().contains("shop@pinehead-records.example"), "the sender is masked");

            ses.answer("GET /v2/email/account", account(false, 50000, 12, 14));
            Finished paused = service.run(TIMEOUT, "check");
            assertEquals(1, paused.exitCode(), paused.output());
            assertLine(paused.output(), "FAIL SES sending quota: 50000 per 24 h (12 sent), at most 14.0 per second: "
                    + "sending is paused for the account (GetAccount SendingEnabled false, enforcement status HEALTHY)");
        }
    }

    /** GetAccount's answer (SES API v2, JSON), with the fields the check reads. */
    private static String account(boolean sendingEnabled, int max24h, int sent, int rate) {
        return "{\"SendingEnabled\":" + sendingEnabled + ",\"ProductionAccessEnabled\":true,"
                + "\"EnforcementStatus\":\"HEALTHY\",\"SendQuota\":{\"Max24HourSend\":" + max24h + ".0,"
                + "\"MaxSendRate\":" + rate + ".0,\"SentLast24Hours\":" + sent + ".0}}";
    }

    /** GetEmailIdentity's answer for an e-mail address identity. */
    private static String identity(String status, boolean verified) {
        return "{\"IdentityType\":\"EMAIL_ADDRESS\",\"VerificationStatus\":\"" + status + "\","
                + "\"VerifiedForSendingStatus\":" + verified + ",\"FeedbackForwardingStatus\":true}";
    }

    @Test
    void check_fails_on_a_missing_table() throws Exception {
        String table = table();
        try (ServiceProcess service = service(table)) {
            Finished check = service.run(TIMEOUT, "check");
            assertEquals(1, check.exitCode(), check.output());
            assertLine(check.output(), "FAIL table " + table + ": does not exist");
            assertLine(check.output(), "OK   lease table " + table + "-leases: does not exist yet; the service "
                    + "creates it at its first start");
            assertLine(check.output(), "check failed: 1 of");
        }
    }

    @Test
    void check_fails_on_a_disabled_stream() throws Exception {
        String table = table();
        OrdersTable.create(table).disableStream();
        try (ServiceProcess service = service(table)) {
            Finished check = service.run(TIMEOUT, "check");
            assertEquals(1, check.exitCode(), check.output());
            assertLine(check.output(), "FAIL table " + table + ": has no stream enabled; enable one with view type "
                    + "NEW_IMAGE");
        }
    }

    @Test
    void check_fails_on_a_view_type_the_route_cannot_use() throws Exception {
        String table = table();
        OrdersTable.create(table, StreamViewType.KEYS_ONLY);
        try (ServiceProcess service = service(table)) {
            Finished check = service.run(TIMEOUT, "check");
            assertEquals(1, check.exitCode(), check.output());
            assertLine(check.output(), "FAIL table " + table + ": stream view type KEYS_ONLY, but a route needs "
                    + "NEW_IMAGE");
        }
    }

    @Test
    void a_setting_of_the_wrong_kind_or_type_stops_the_start_with_its_key_and_variable() throws Exception {
        String table = table();
        OrdersTable.create(table);
        try (ServiceProcess service = service(table)) {
            // read when the dead-letter channel is built (a bean built after every configuration class bound its own)
            service.env("NOTIFIER_DEAD_LETTER_STORE", "disk");
            Finished check = service.run(TIMEOUT, "check");
            assertEquals(1, check.exitCode(), check.output());
            assertLine(check.output(), "FAIL configuration: the service does not start: IllegalArgumentException: "
                    + "notifier.dead-letter.store (NOTIFIER_DEAD_LETTER_STORE) is 'disk'; use file or sqs");
        }
        try (ServiceProcess service = service(table)) {
            service.env("NOTIFIER_SES_TIMEOUT_MS", "10s");
            Finished check = service.run(TIMEOUT, "check");
            assertEquals(1, check.exitCode(), check.output());
            assertLine(check.output(), "FAIL configuration: the service does not start: IllegalArgumentException: "
                    + "notifier.ses.timeout-ms (NOTIFIER_SES_TIMEOUT_MS) is '10s'; expected a whole number");
        }
    }

    @Test
    void check_fails_on_send_once_table_ses_dead_letter_file_and_template_each_on_its_line() throws Exception {
        String table = table();
        OrdersTable.create(table);
        try (ServiceProcess service = service(table)) {
            // the send-once table is missing and must not be created
            service.env("NOTIFIER_IDEMPOTENCY_TABLE", table + "-sent").env("NOTIFIER_IDEMPOTENCY_CREATE_TABLE", "false");
            // nothing listens on SES's port
            service.env("NOTIFIER_SES_ENDPOINT", "http://127.0.0.1:" + closedPort());
            // the dead-letter file is a directory
            Files.createDirectories(service.dir().resolve("data/dead-letters.jsonl"));
            // a template with a syntax error next to the sound ones
            Files.writeString(service.dir().resolve("templates/broken.ftlh"), "<p>${order.id</p>\n");

            Finished check = service.run(TIMEOUT, "check");
            String out = check.output();
            assertEquals(1, check.exitCode(), out);
            assertLine(out, "OK   table " + table + ": stream enabled");
            assertLine(out, "FAIL send-once table " + table + "-sent: does not exist, and "
                    + "NOTIFIER_IDEMPOTENCY_CREATE_TABLE is false");
            assertLine(out, "FAIL SES sending quota: SdkClientException: Unable to execute HTTP request");
            assertLine(out, "FAIL dead-letter file data/dead-letters.jsonl: is a directory");
            assertLine(out, "FAIL template broken.ftlh: line 1, column");
            assertLine(out, "OK   template order-confirmation.ftlh: parses");
            assertLine(out, "check failed: 4 of");
        }
    }

    @Test
    void a_start_logs_the_check_and_a_strict_start_reads_only_once_the_check_passes() throws Exception {
        String table = table();
        OrdersTable orders = OrdersTable.create(table);
        try (ServiceProcess service = service(table)) {
            Files.writeString(service.dir().resolve("templates/broken.ftlh"), "<p>${order.id</p>\n");
            service.start();
            // not strict: the service runs on, the failed line is logged
            await().atMost(TIMEOUT).until(() -> service.output().contains("check: FAIL template broken.ftlh"));
            assertTrue(service.running(), service.output());
            service.stop();

            service.env("NOTIFIER_CHECK_STRICT", "true").start();
            await().atMost(TIMEOUT).until(() -> !service.running());
            String out = service.output();
            assertTrue(out.contains("a start-up check failed and notifier.check.strict (NOTIFIER_CHECK_STRICT) is "
                    + "true: stopping before any stream is read"), out);
            String strictRun = out.substring(out.lastIndexOf("check: FAIL template broken.ftlh"));
            assertFalse(strictRun.contains("Started order-confirmation"), "no route started: " + strictRun);
            assertEquals(2, service.exitCode(), out);

            // strict, and the check passes: the routes start after it, and the order is sent
            Files.delete(service.dir().resolve("templates/broken.ftlh"));
            service.start();
            String recipient = "strict-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
            orders.put(OrdersTable.order("ORD-STRICT", recipient, "Harvest"));
            await().atMost(TIMEOUT).until(() -> !ServiceITSupport.mailsTo(recipient).isEmpty());
            String passed = service.output().substring(out.length());
            int checked = passed.indexOf("check: OK   template order-confirmation.ftlh");
            assertTrue(checked >= 0 && checked < passed.indexOf("reading the stream of table " + table),
                    "the check before the stream is read: " + passed);
        }
    }

    private static ServiceProcess service(String table) throws IOException {
        return new ServiceProcess(Path.of("target", "it-data", table, "app"), table)
                .env("SENDER", "Shop <shop@pinehead-records.example>");
    }

    private static String table() {
        return "CheckCommandIT-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static void assertLine(String output, String expected) {
        assertTrue(output.contains(expected), "'" + expected + "' in:\n" + output);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
