package io.streamnotifier.ses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class SesCircuitTest {

    private static final String ORDERS = "orders@pinehead-records.example";
    private static final String BILLING = "billing@pinehead-records.example";

    @Test
    void a_send_from_another_sender_does_not_close_a_refused_senders_circuit() {
        SesCircuit circuit = new SesCircuit();
        circuit.open(ORDERS, "SES refuses sends from o***@pinehead-records.example: AccessDenied");

        assertFalse(circuit.closeFor(BILLING), "nothing of billing's was open");
        assertTrue(circuit.isOpenFor(ORDERS));
        assertFalse(circuit.isOpenFor(BILLING));
        assertEquals(SesCircuit.State.OPEN, circuit.state());

        assertTrue(circuit.closeFor(ORDERS));
        assertEquals(SesCircuit.State.CLOSED, circuit.state());
        assertNull(circuit.reason());
    }

    @Test
    void an_account_wide_refusal_concerns_every_sender_and_any_send_that_works_closes_it() {
        SesCircuit circuit = new SesCircuit();
        circuit.open("SES refuses every send: AccountSendingPausedException");
        circuit.open(ORDERS, "SES refuses sends from o***@pinehead-records.example: AccessDenied");
        assertTrue(circuit.isOpenFor(BILLING));
        assertEquals("SES refuses every send: AccountSendingPausedException; SES refuses sends from "
                + "o***@pinehead-records.example: AccessDenied", circuit.reason());

        assertTrue(circuit.closeFor(BILLING));
        assertFalse(circuit.isOpenFor(BILLING), "the account works again");
        assertTrue(circuit.isOpenFor(ORDERS), "orders' own refusal stays");
    }

    @Test
    void a_scope_keeps_the_time_it_first_opened_and_a_route_the_time_it_began_to_hold() {
        SesCircuit circuit = new SesCircuit();
        circuit.open(ORDERS, "first");
        Instant since = circuit.openSince();
        circuit.open(ORDERS, "again");
        assertEquals(since, circuit.openSince());
        assertEquals("again", circuit.reason());

        Instant began = Instant.parse("2026-11-30T06:00:00Z");
        circuit.holding("order-confirmation", began);
        circuit.holding("order-confirmation", began.plusSeconds(30));
        assertEquals(began, circuit.heldSince("order-confirmation"));
        assertNull(circuit.heldSince("order-receipt"));
        circuit.released("order-confirmation");
        assertNull(circuit.heldSince("order-confirmation"));
        assertTrue(circuit.held().isEmpty());
    }
}
