package io.streamnotifier.ses;

/** SES refused this message for good (MessageRejected, an invalid parameter): dead-lettered at once, with the code. */
public class SesRejectedException extends Exception {

    private final String code;

    public SesRejectedException(String code, String message) {
        super("SES rejected the message: " + code + ": " + message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
