package io.streamnotifier.check;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.streamnotifier.Masking;
import jakarta.mail.internet.InternetAddress;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.services.ses.SesClient;
import software.amazon.awssdk.services.ses.model.GetSendQuotaResponse;
import software.amazon.awssdk.services.ses.model.IdentityVerificationAttributes;

/**
 * The SES lines of the {@link SetupCheck}: the account's sending quota and rate (GetSendQuota), against the
 * service's own rate limit, and whether the sender's address or its domain is a verified identity
 * (GetIdentityVerificationAttributes). The sender is masked in the lines.
 */
final class SesCheck {

    /** How long an SES call of the check may take; a local emulator may leave the calls it lacks unanswered. */
    static final Duration SES_CALL_TIMEOUT = Duration.ofSeconds(5);

    private final SesClient ses;
    private final String endpoint;
    private final String sender;
    private final double configured;

    /**
     * @param endpoint   the endpoint override (NOTIFIER_SES_ENDPOINT), empty for AWS
     * @param sender     the From address as configured (SENDER), with or without a display name
     * @param configured the service's own rate limit per second (NOTIFIER_SES_MAX_SEND_RATE), 0 for none
     */
    SesCheck(SesClient ses, String endpoint, String sender, double configured) {
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
        GetSendQuotaResponse quota;
        try {
            quota = ses.getSendQuota(b -> b.overrideConfiguration(o -> o.apiCallTimeout(SES_CALL_TIMEOUT)));
        } catch (ApiCallTimeoutException e) {
            if (endpoint.isBlank()) {
                return List.of(CheckLine.fail("SES sending quota", "SES did not answer GetSendQuota within "
                        + SES_CALL_TIMEOUT.toSeconds() + " s"));
            }
            String why = "the endpoint " + endpoint + " (NOTIFIER_SES_ENDPOINT) did not answer GetSendQuota within "
                    + SES_CALL_TIMEOUT.toSeconds() + " s; the local SES emulator implements only SendEmail and "
                    + "SendRawEmail";
            return List.of(CheckLine.skip("SES sending quota", "not checked: " + why),
                    CheckLine.skip("SES sender " + masked, "GetIdentityVerificationAttributes not tried: " + why));
        } catch (RuntimeException e) {
            return List.of(CheckLine.fail("SES sending quota", Masking.reason(e)));
        }
        List<CheckLine> lines = new ArrayList<>();
        lines.add(quotaLine(quota));
        lines.add(CheckLine.guarded("SES sender " + masked, () -> identity(ses, sender, masked)));
        return lines;
    }

    CheckLine quotaLine(GetSendQuotaResponse quota) {
        String detail = String.format("%.0f per 24 h (%.0f sent), at most %.1f per second", quota.max24HourSend(),
                quota.sentLast24Hours(), quota.maxSendRate());
        if (quota.max24HourSend() != null && quota.max24HourSend() >= 0
                && quota.sentLast24Hours() >= quota.max24HourSend()) {
            return CheckLine.fail("SES sending quota", detail + ": the 24-hour quota is used up");
        }
        if (configured > 0 && configured > quota.maxSendRate()) {
            return CheckLine.fail("SES sending quota", detail + ": NOTIFIER_SES_MAX_SEND_RATE " + configured
                    + " is above the account's rate");
        }
        return CheckLine.ok("SES sending quota", detail + "; NOTIFIER_SES_MAX_SEND_RATE "
                + (configured > 0 ? configured + " per second" : "0 (no limit of the service's own)"));
    }

    private static CheckLine identity(SesClient ses, String sender, String masked) {
        String domain = sender.substring(sender.indexOf('@') + 1);
        Map<String, IdentityVerificationAttributes> found = ses.getIdentityVerificationAttributes(b -> b
                .identities(sender, domain)
                .overrideConfiguration(o -> o.apiCallTimeout(SES_CALL_TIMEOUT))).verificationAttributes();
        for (String identity : List.of(sender, domain)) {
            IdentityVerificationAttributes attributes = found.get(identity);
            if (attributes != null && "Success".equals(attributes.verificationStatusAsString())) {
                return CheckLine.ok("SES sender " + masked, (identity.equals(sender) ? "the address" : "its domain "
                        + domain) + " is a verified identity");
            }
        }
        StringBuilder statuses = new StringBuilder();
        found.forEach((identity, attributes) -> statuses.append(identity.equals(sender) ? "address " : "domain ")
                .append(attributes.verificationStatusAsString()).append(' '));
        return CheckLine.fail("SES sender " + masked, "neither the address nor its domain " + domain
                + " is a verified SES identity" + (statuses.isEmpty() ? "" : " (" + statuses.toString().trim() + ")"));
    }
}
