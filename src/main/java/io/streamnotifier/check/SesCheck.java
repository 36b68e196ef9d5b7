package io.streamnotifier.check;

import java.time.Duration;
import java.util.List;

import io.streamnotifier.Masking;
import jakarta.mail.internet.InternetAddress;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.GetAccountResponse;
import software.amazon.awssdk.services.sesv2.model.GetEmailIdentityResponse;
import software.amazon.awssdk.services.sesv2.model.NotFoundException;
import software.amazon.awssdk.services.sesv2.model.SendQuota;
import software.amazon.awssdk.services.sesv2.model.SesV2Exception;

/**
 * The SES lines of the {@link SetupCheck}, from SES API v2 calls: the account's sending quota and rate, against the
 * service's own rate limit, and whether sending is enabled (GetAccount); whether the sender's address or its domain
 * is an identity verified for sending (GetEmailIdentity). The sender is masked in the lines.
 */
final class SesCheck {

    /** How long an SES call of the check may take; a local emulator may leave the calls it lacks unanswered. */
    static final Duration SES_CALL_TIMEOUT = Duration.ofSeconds(5);

    private final SesV2Client ses;
    private final String endpoint;
    private final String sender;
    private final double configured;

    /**
     * @param endpoint   the endpoint override (NOTIFIER_SES_ENDPOINT), empty for AWS
     * @param sender     the From address as configured (SENDER), with or without a display name
     * @param configured the service's own rate limit per second (NOTIFIER_SES_MAX_SEND_RATE), 0 for none
     */
    SesCheck(SesV2Client ses, String endpoint, String sender, double configured) {
        this.ses = ses;
        this.endpoint = endpoint;
        this.sender = sender;
        this.configured = configured;
    }

    /** The quota line and the sender line. */
    public List<CheckLine> run() {
        String sender;
        try {
            sender = new InternetAddress(this.sender).getAddress();
        } catch (Exception e) {
            return List.of(CheckLine.fail("SES sender", "SENDER is not an e-mail address: " + Masking.reason(e)));
        }
        String masked = Masking.maskEmail(sender);
        GetAccountResponse account;
        try {
            account = ses.getAccount(b -> b.overrideConfiguration(o -> o.apiCallTimeout(SES_CALL_TIMEOUT)));
        } catch (RuntimeException e) {
            String why = notImplemented(e, "GetAccount");
            if (why == null) {
                return List.of(CheckLine.fail("SES sending quota", e instanceof ApiCallTimeoutException
                        ? "SES did not answer GetAccount within " + SES_CALL_TIMEOUT.toSeconds() + " s"
                        : Masking.reason(e)));
            }
            return List.of(CheckLine.skip("SES sending quota", "not checked: " + why),
                    CheckLine.skip("SES sender " + masked, "GetEmailIdentity not tried: " + why));
        }
        return List.of(quotaLine(account), CheckLine.guarded("SES sender " + masked, () -> identity(sender, masked)));
    }

    CheckLine quotaLine(GetAccountResponse account) {
        SendQuota quota = account.sendQuota() == null ? SendQuota.builder().build() : account.sendQuota();
        String detail = String.format("%.0f per 24 h (%.0f sent), at most %.1f per second", quota.max24HourSend(),
                quota.sentLast24Hours(), quota.maxSendRate());
        if (Boolean.FALSE.equals(account.sendingEnabled())) {
            return CheckLine.fail("SES sending quota", detail + ": sending is paused for the account (GetAccount "
                    + "SendingEnabled false" + (account.enforcementStatus() == null ? ""
                    : ", enforcement status " + account.enforcementStatus()) + ")");
        }
        if (quota.max24HourSend() != null && quota.max24HourSend() >= 0 && quota.sentLast24Hours() != null
                && quota.sentLast24Hours() >= quota.max24HourSend()) {
            return CheckLine.fail("SES sending quota", detail + ": the 24-hour quota is used up");
        }
        if (configured > 0 && quota.maxSendRate() != null && configured > quota.maxSendRate()) {
            return CheckLine.fail("SES sending quota", detail + ": NOTIFIER_SES_MAX_SEND_RATE " + configured
                    + " is above the account's rate");
        }
        return CheckLine.ok("SES sending quota", detail + "; NOTIFIER_SES_MAX_SEND_RATE "
                + (configured > 0 ? configured + " per second" : "0 (no limit of the service's own)"));
    }

    private CheckLine identity(String sender, String masked) {
        String domain = sender.substring(sender.indexOf('@') + 1);
        StringBuilder statuses = new StringBuilder();
        for (String identity : List.of(sender, domain)) {
            GetEmailIdentityResponse found;
            try {
                found = ses.getEmailIdentity(b -> b.emailIdentity(identity)
                        .overrideConfiguration(o -> o.apiCallTimeout(SES_CALL_TIMEOUT)));
            } catch (NotFoundException e) {
                continue;
            } catch (RuntimeException e) {
                String why = notImplemented(e, "GetEmailIdentity");
                if (why == null) {
                    throw e;
                }
                return CheckLine.skip("SES sender " + masked, "not checked: " + why);
            }
            String what = identity.equals(sender) ? "address" : "domain";
            if (Boolean.TRUE.equals(found.verifiedForSendingStatus())) {
                return CheckLine.ok("SES sender " + masked, (identity.equals(sender) ? "the address" : "its domain "
                        + domain) + " is a verified identity");
            }
            statuses.append(what).append(' ').append(found.verificationStatusAsString()).append(' ');
        }
        return CheckLine.fail("SES sender " + masked, "neither the address nor its domain " + domain
                + " is a verified SES identity" + (statuses.isEmpty() ? "" : " (" + statuses.toString().trim() + ")"));
    }

    /**
     * Why a call failed at an endpoint override because the endpoint (an emulator) lacks it: no answer in time, or
     * an answer without SES's error code. Null when the failure is SES's own answer, or on AWS.
     */
    private String notImplemented(RuntimeException e, String call) {
        if (endpoint.isBlank()) {
            return null;
        }
        if (e instanceof ApiCallTimeoutException) {
            return "the endpoint " + endpoint + " (NOTIFIER_SES_ENDPOINT) did not answer " + call + " within "
                    + SES_CALL_TIMEOUT.toSeconds() + " s";
        }
        if (e instanceof SesV2Exception answer && (answer.awsErrorDetails() == null
                || answer.awsErrorDetails().errorCode() == null || answer.awsErrorDetails().errorCode().isBlank())) {
            return "the endpoint " + endpoint + " (NOTIFIER_SES_ENDPOINT) answered " + call + " with HTTP "
                    + answer.statusCode() + " and no SES error code; the local SES emulator implements the sends only";
        }
        return null;
    }
}
