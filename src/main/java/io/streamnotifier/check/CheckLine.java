package io.streamnotifier.check;

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

    public boolean failed() {
        return verdict == Verdict.FAIL;
    }

    @Override
    public String toString() {
        return String.format("%-4s %s: %s", verdict, subject, detail);
    }
}
