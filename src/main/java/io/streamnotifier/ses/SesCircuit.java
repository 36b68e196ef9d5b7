package io.streamnotifier.ses;

import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Whether SES can be sent to, for the whole account and for each sender identity. Opened for the whole account on
 * an account-wide SES error (sending paused, bad credentials, a missing configuration set) or when SES looks down
 * (several records in a row failed every attempt); opened for one sender on a refusal that names it (access denied
 * to it, its address or MAIL FROM domain not verified). A send that works closes its sender's circuit and the
 * account's. A route whose record SES refuses holds it (its shard is not read meanwhile); the routes of other
 * senders go on. Readiness reports every reason and, per route, since when it holds a record.
 * <p>
 * Hand-written rather than Camel's circuit breaker on Resilience4j, which could be shared by all routes and open on
 * one recorded refusal, but cannot express the rest: a circuit per sender identity (a breaker is picked when the
 * route is built, not by the message's From), opening when several records in a row used up their retries (a
 * breaker counts calls, each redelivery one), holding the record and its shard while open (an open breaker rejects
 * at once, so the route fails), a held record's maximum age, and a reason for readiness and the status page (a
 * breaker has a state, not a reason). docs/delivery.md, "Why the rate limit and the circuit are the service's own".
 */
public final class SesCircuit {

    /** The circuit's state, as reported by readiness and metrics. */
    public enum State { CLOSED, OPEN }

    /** The scope of an account-wide refusal (every sender). */
    public static final String ACCOUNT = "";

    /** Why and since when the circuit is open for one scope (the account, or a sender identity). */
    public record Opened(String reason, Instant since) {
    }

    private final Map<String, Opened> opened = new ConcurrentHashMap<>();
    private final Map<String, Instant> held = new ConcurrentHashMap<>();

    /** Opens the circuit for the whole account (or keeps it open) with a reason that holds no personal data. */
    public void open(String reason) {
        open(ACCOUNT, reason);
    }

    /** Opens the circuit for a sender identity ({@link #ACCOUNT}: every sender), keeping the first opening time. */
    public void open(String scope, String reason) {
        opened.compute(scope, (key, current) -> new Opened(reason, current == null ? Instant.now() : current.since()));
    }

    /** Closes every scope (a test, or SES known to work again for all). */
    public void close() {
        opened.clear();
    }

    /**
     * A send from {@code sender} worked: closes that sender's circuit and the account's. Returns whether one of them
     * was open.
     */
    public boolean closeFor(String sender) {
        boolean account = opened.remove(ACCOUNT) != null;
        boolean own = sender != null && opened.remove(sender) != null;
        return account || own;
    }

    /** Closes the scopes whose reason starts with {@code prefix}; returns whether there was one. */
    public boolean closeIf(String prefix) {
        return opened.entrySet().removeIf(entry -> entry.getValue().reason().startsWith(prefix));
    }

    public boolean isOpen() {
        return !opened.isEmpty();
    }

    /** Whether the account's circuit or the sender's is open. */
    public boolean isOpenFor(String scope) {
        return opened.containsKey(ACCOUNT) || (scope != null && opened.containsKey(scope));
    }

    public State state() {
        return isOpen() ? State.OPEN : State.CLOSED;
    }

    /** Whether the circuit is open, for some scope, with a reason that starts with {@code prefix}. */
    public boolean isOpenWithReason(String prefix) {
        return opened.values().stream().anyMatch(o -> o.reason().startsWith(prefix));
    }

    /** Why the circuit is open (every scope's reason, the account's first), or {@code null} when it is closed. */
    public String reason() {
        Map<String, Opened> now = scopes();
        return now.isEmpty() ? null : now.values().stream().map(Opened::reason).collect(Collectors.joining("; "));
    }

    /** Since when the circuit is open (its oldest scope), or {@code null} when it is closed. */
    public Instant openSince() {
        return opened.values().stream().map(Opened::since).min(Comparator.naturalOrder()).orElse(null);
    }

    /** The open scopes, by sender identity ({@link #ACCOUNT} first). */
    public Map<String, Opened> scopes() {
        return new TreeMap<>(opened);
    }

    /** A route holds a record that SES refuses (or SES is down), since {@code since} (kept if it held already). */
    public void holding(String route, Instant since) {
        held.putIfAbsent(route, since);
    }

    /** The route no longer holds a record (sent, dead-lettered, or the service stops). */
    public void released(String route) {
        held.remove(route);
    }

    /** Since when a route holds a record, or {@code null}. */
    public Instant heldSince(String route) {
        return held.get(route);
    }

    /** The routes holding a record now, with since when. */
    public Map<String, Instant> held() {
        return new TreeMap<>(held);
    }
}
