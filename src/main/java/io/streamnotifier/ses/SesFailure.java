package io.streamnotifier.ses;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Locale;
import java.util.Set;

import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * What a failed SES send means, from the SDK exception's AWS error code and HTTP status. Each kind has its own
 * answer (see the failure table in docs/delivery.md):
 * <ul>
 * <li>{@link #THROTTLING}: SES asks to slow down. Tried again with backoff for as long as the record may live,
 * without using up its retry budget.</li>
 * <li>{@link #TRANSIENT}: a 5xx, a timeout, a refused or reset connection, or anything unknown. Retried up to the
 * configured count, then dead-lettered.</li>
 * <li>{@link #PERMANENT}: SES refuses this message (MessageRejected, an invalid parameter, a recipient problem).
 * Dead-lettered at once, with the code.</li>
 * <li>{@link #ACCOUNT}: SES refuses every message (sending paused, the sender not verified, a missing
 * configuration set, denied access, bad credentials). The circuit opens (for the sender identity alone when the
 * refusal concerns it: {@link #concernsSender}) and the record is held until a send works again or the record
 * reaches its maximum hold age.</li>
 * </ul>
 */
public enum SesFailure {
    THROTTLING, TRANSIENT, PERMANENT, ACCOUNT;

    // the SES API v2 codes (rest-json: the x-amzn-ErrorType header), then those of the v1 Query API and of AWS's
    // authentication, which a v1 endpoint in notifier.ses.endpoint-uri still answers with
    private static final Set<String> THROTTLING_CODES = Set.of("toomanyrequestsexception", "throttling",
            "throttlingexception", "limitexceededexception");
    private static final Set<String> ACCOUNT_CODES = Set.of("sendingpausedexception", "accountsuspendedexception",
            "mailfromdomainnotverifiedexception", "notfoundexception", "accessdeniedexception",
            "unrecognizedclientexception", "invalidsignatureexception", "expiredtokenexception",
            "accountsendingpausedexception", "mailfromdomainnotverified", "configurationsetdoesnotexist",
            "configurationsetdoesnotexistexception", "configurationsetsendingpausedexception", "accessdenied",
            "invalidclienttokenid", "signaturedoesnotmatch", "incompletesignature", "missingauthenticationtoken",
            "expiredtoken", "invalidaccesskeyid", "optinrequired", "notauthorized");
    private static final Set<String> PERMANENT_CODES = Set.of("messagerejected", "messagerejectedexception",
            "badrequestexception", "invalidparametervalue", "invalidparametercombination",
            "invalidparametervalueexception", "mailfromdomainnotverifiedforrecipient",
            "fromemailaddressnotverifiedexception");

    /**
     * Classifies a send failure. {@code sender} is the configured sender address: SES rejects a message whose sender
     * is not verified with MessageRejected ("Email address is not verified"), which then holds for every message.
     */
    public static SesFailure of(Throwable failure, String sender) {
        AwsServiceException service = find(failure, AwsServiceException.class);
        if (service != null) {
            String code = service.awsErrorDetails() == null || service.awsErrorDetails().errorCode() == null ? ""
                    : service.awsErrorDetails().errorCode().toLowerCase(Locale.ROOT);
            String message = String.valueOf(service.awsErrorDetails() == null ? service.getMessage()
                    : service.awsErrorDetails().errorMessage()).toLowerCase(Locale.ROOT);
            int status = service.statusCode();
            if (message.contains("daily message quota exceeded")) {
                return ACCOUNT; // a throttling code, but nothing will pass before the quota's day turns
            }
            if (THROTTLING_CODES.contains(code) || status == 429 || message.contains("maximum sending rate exceeded")) {
                return THROTTLING;
            }
            if (ACCOUNT_CODES.contains(code) || status == 401 || status == 403) {
                return ACCOUNT;
            }
            if (PERMANENT_CODES.contains(code)) {
                boolean senderNotVerified = message.contains("not verified") && sender != null
                        && message.contains(sender.toLowerCase(Locale.ROOT));
                return senderNotVerified ? ACCOUNT : PERMANENT;
            }
            return TRANSIENT; // 5xx and any code not listed above
        }
        if (find(failure, SocketTimeoutException.class) != null || find(failure, ConnectException.class) != null
                || find(failure, SocketException.class) != null || find(failure, InterruptedIOException.class) != null) {
            return TRANSIENT;
        }
        return TRANSIENT;
    }

    /** Account-wide refusals that concern one sender identity (IAM's ses:FromAddress condition, its domain). */
    private static final Set<String> SENDER_CODES = Set.of("accessdeniedexception", "accessdenied",
            "mailfromdomainnotverifiedexception", "mailfromdomainnotverified");

    /**
     * Whether an {@link #ACCOUNT} refusal concerns the sender identity, not every send: access denied (an IAM
     * policy may allow some From addresses only), its MAIL FROM domain or its address not verified. Only the routes
     * that send from it are held then; the others go on.
     */
    public static boolean concernsSender(Throwable failure) {
        AwsServiceException service = find(failure, AwsServiceException.class);
        if (service == null || service.awsErrorDetails() == null) {
            return false;
        }
        String code = String.valueOf(service.awsErrorDetails().errorCode()).toLowerCase(Locale.ROOT);
        String message = String.valueOf(service.awsErrorDetails().errorMessage()).toLowerCase(Locale.ROOT);
        return SENDER_CODES.contains(code) || (PERMANENT_CODES.contains(code) && message.contains("not verified"));
    }

    /** Account-wide refusals that concern the configuration set the e-mail names (missing, or its sending paused). */
    private static final Set<String> CONFIGURATION_SET_CODES = Set.of("notfoundexception",
            "configurationsetdoesnotexist", "configurationsetdoesnotexistexception",
            "configurationsetsendingpausedexception");

    /**
     * Whether an {@link #ACCOUNT} refusal concerns the configuration set the e-mail was sent with (SES API v2 answers
     * NotFoundException for a set that does not exist): only the routes that send with it are held then.
     */
    public static boolean concernsConfigurationSet(Throwable failure) {
        AwsServiceException service = find(failure, AwsServiceException.class);
        return service != null && service.awsErrorDetails() != null && CONFIGURATION_SET_CODES.contains(
                String.valueOf(service.awsErrorDetails().errorCode()).toLowerCase(Locale.ROOT));
    }

    /** The AWS error code of the failure, or its exception class when SES did not answer. */
    public static String code(Throwable failure) {
        AwsServiceException service = find(failure, AwsServiceException.class);
        if (service != null && service.awsErrorDetails() != null && service.awsErrorDetails().errorCode() != null) {
            return service.awsErrorDetails().errorCode();
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
