package io.streamnotifier.ses;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.ConnectException;
import java.net.SocketTimeoutException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sesv2.model.SesV2Exception;

class SesFailureTest {

    private static final String SENDER = "orders@pinehead-records.example";

    /** An SES error as the SES API v2 client throws it (the v1 codes below still classify the same way). */
    private static SesV2Exception ses(int status, String code, String message) {
        return (SesV2Exception) SesV2Exception.builder().statusCode(status).message(message)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build()).build();
    }

    @ParameterizedTest(name = "{0} {1} -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            429 | TooManyRequestsException          | Maximum sending rate exceeded.                      | THROTTLING
            400 | LimitExceededException            | Daily message quota exceeded.                       | ACCOUNT
            500 | InternalServiceErrorException     | boom                                                | TRANSIENT
            400 | MessageRejected                   | Email address is not verified: buyer@example.com    | PERMANENT
            400 | MessageRejected                   | Email address is not verified: orders@pinehead-records.example | ACCOUNT
            400 | BadRequestException               | Invalid tag value                                   | PERMANENT
            400 | SendingPausedException            | Sending is paused for this account.                 | ACCOUNT
            400 | AccountSuspendedException         | Sending is permanently restricted.                  | ACCOUNT
            404 | NotFoundException                 | Configuration set <order-events> does not exist.    | ACCOUNT
            403 | AccessDeniedException             | not authorized to perform ses:SendRawEmail          | ACCOUNT
            403 | UnrecognizedClientException       | The security token included in the request is invalid | ACCOUNT
            400 | Throttling                        | Maximum sending rate exceeded.                      | THROTTLING
            400 | Throttling                        | Daily message quota exceeded.                       | ACCOUNT
            429 | TooManyRequestsException          | slow down                                           | THROTTLING
            503 | ServiceUnavailable                | Maximum sending rate exceeded.                      | THROTTLING
            500 | InternalFailure                   | boom                                                | TRANSIENT
            503 | ServiceUnavailable                | unavailable                                         | TRANSIENT
            400 | MessageRejected                   | Email address is not verified: buyer@example.com    | PERMANENT
            400 | MessageRejected                   | Email address is not verified: orders@pinehead-records.example | ACCOUNT
            400 | InvalidParameterValue             | Missing final '@domain'                             | PERMANENT
            400 | AccountSendingPausedException     | Sending paused for this account.                    | ACCOUNT
            400 | MailFromDomainNotVerifiedException | not verified                                       | ACCOUNT
            400 | ConfigurationSetDoesNotExist      | no such set                                         | ACCOUNT
            403 | AccessDenied                      | not authorized to perform ses:SendRawEmail          | ACCOUNT
            403 | InvalidClientTokenId              | The security token included in the request is invalid | ACCOUNT
            403 | SignatureDoesNotMatch             | signature                                           | ACCOUNT
            400 | SomethingNew                      | a code nobody knows                                 | TRANSIENT
            """)
    void service_errors_by_code_and_status(int status, String code, String message, SesFailure expected) {
        assertEquals(expected, SesFailure.of(ses(status, code, message), SENDER));
    }

    @Test
    void no_answer_from_ses_is_transient() {
        assertEquals(SesFailure.TRANSIENT, SesFailure.of(SdkClientException.create("refused",
                new ConnectException("Connection refused")), SENDER));
        assertEquals(SesFailure.TRANSIENT, SesFailure.of(SdkClientException.create("timeout",
                new SocketTimeoutException("Read timed out")), SENDER));
        assertEquals(SesFailure.TRANSIENT, SesFailure.of(new IllegalStateException("anything else"), SENDER));
    }

    @Test
    void a_wrapped_service_error_is_found_in_the_causes() {
        var wrapped = new org.apache.camel.RuntimeCamelException(ses(400, "AccountSendingPausedException", "paused"));
        assertEquals(SesFailure.ACCOUNT, SesFailure.of(wrapped, SENDER));
        assertEquals("AccountSendingPausedException", SesFailure.code(wrapped));
        assertEquals("ConnectException", SesFailure.code(SdkClientException.create("refused",
                new ConnectException("Connection refused"))));
    }

    @ParameterizedTest(name = "{1} -> concerns the sender: {3}")
    @CsvSource(delimiter = '|', textBlock = """
            403 | AccessDeniedException              | not authorized to perform ses:SendRawEmail on identity/x | true
            403 | AccessDenied                       | not authorized to perform ses:SendRawEmail on identity/x | true
            400 | SendingPausedException             | Sending is paused for this account.                | false
            404 | NotFoundException                  | Configuration set <order-events> does not exist.   | false
            400 | MailFromDomainNotVerifiedException | not verified                                       | true
            400 | MessageRejected                    | Email address is not verified: orders@pinehead-records.example | true
            400 | AccountSendingPausedException      | Sending paused for this account.                   | false
            403 | InvalidClientTokenId               | The security token included in the request is invalid | false
            400 | ConfigurationSetDoesNotExist       | no such set                                        | false
            400 | Throttling                         | Daily message quota exceeded.                      | false
            """)
    void a_refusal_of_the_sender_identity_holds_only_its_routes(int status, String code, String message,
            boolean concernsSender) {
        SesV2Exception failure = ses(status, code, message);
        assertEquals(SesFailure.ACCOUNT, SesFailure.of(failure, SENDER));
        assertEquals(concernsSender, SesFailure.concernsSender(failure));
    }
}
