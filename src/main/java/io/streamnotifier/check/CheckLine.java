package io.streamnotifier.check;

import io.streamnotifier.Masking;

/**
 * One line of the set-up check: what was checked, its verdict and why.
 *
 * @param verdict OK, FAIL, or SKIP when the thing could not be checked where the service runs (the line says why)
 */
public record CheckLine(Verdict verdict, String subject, String detail) {

    public enum Verdict {
        OK, FAIL, SKIP
    }

    public static CheckLine ok(String subject, String detail) {
        return new CheckLine(Verdict.OK, subject, detail);
    }

    public static CheckLine fail(String subject, String detail) {
        return new CheckLine(Verdict.FAIL, subject, detail);
    }

    public static CheckLine skip(String subject, String detail) {
        return new CheckLine(Verdict.SKIP, subject, detail);
    }

    /** A check that gives its line, or fails with an exception. */
    interface Check {
        CheckLine run() throws Exception;
    }

    /** The check's line, or FAIL with the reason when the check itself failed (no permission, not reachable). */
    static CheckLine guarded(String subject, Check check) {
        try {
            return check.run();
        } catch (Exception e) {
            return fail(subject, Masking.reason(e));
        }
    }

    public boolean failed() {
        return verdict == Verdict.FAIL;
    }

    @Override
    public String toString() {
        return String.format("%-4s %s: %s", verdict, subject, detail);
    }
}
