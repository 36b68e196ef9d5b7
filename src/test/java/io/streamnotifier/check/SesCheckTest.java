package io.streamnotifier.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sesv2.model.GetAccountResponse;

/**
 * The quota line's verdicts, from GetAccount's answer (the process test gets it from the fault proxy: the local SES
 * emulator answers GetAccount only when started with an account).
 */
class SesCheckTest {

    private static GetAccountResponse quota(double max24h, double sent, double rate) {
        return GetAccountResponse.builder().sendingEnabled(true)
                .sendQuota(q -> q.max24HourSend(max24h).sentLast24Hours(sent).maxSendRate(rate)).build();
    }

    @Test
    void a_quota_with_room_and_a_service_rate_within_the_accounts_is_ok() {
        CheckLine line = new SesCheck(null, "", "shop@example.com", 14).quotaLine(quota(50000, 120, 14));
        assertEquals("OK   SES sending quota: 50000 per 24 h (120 sent), at most 14.0 per second; "
                + "NOTIFIER_SES_MAX_SEND_RATE 14.0 per second", line.toString());
    }

    @Test
    void a_service_rate_above_the_accounts_fails() {
        CheckLine line = new SesCheck(null, "", "shop@example.com", 14).quotaLine(quota(200, 0, 1));
        assertEquals("FAIL SES sending quota: 200 per 24 h (0 sent), at most 1.0 per second: "
                + "NOTIFIER_SES_MAX_SEND_RATE 14.0 is above the account's rate", line.toString());
    }

    @Test
    void a_used_up_24_hour_quota_fails() {
        CheckLine line = new SesCheck(null, "", "shop@example.com", 0).quotaLine(quota(200, 200, 1));
        assertEquals(CheckLine.Verdict.FAIL, line.verdict());
        assertEquals("200 per 24 h (200 sent), at most 1.0 per second: the 24-hour quota is used up", line.detail());
    }

    @Test
    void an_unlimited_account_is_not_used_up() {
        // SES answers -1 for an unlimited 24-hour quota
        CheckLine line = new SesCheck(null, "", "shop@example.com", 0).quotaLine(quota(-1, 5000, 100));
        assertEquals(CheckLine.Verdict.OK, line.verdict(), line.toString());
    }

    @Test
    void an_account_whose_sending_is_paused_fails_whatever_its_quota() {
        GetAccountResponse paused = quota(50000, 0, 14).toBuilder().sendingEnabled(false)
                .enforcementStatus("PROBATION").build();
        CheckLine line = new SesCheck(null, "", "shop@example.com", 14).quotaLine(paused);
        assertEquals("FAIL SES sending quota: 50000 per 24 h (0 sent), at most 14.0 per second: sending is paused for "
                + "the account (GetAccount SendingEnabled false, enforcement status PROBATION)", line.toString());
    }
}
