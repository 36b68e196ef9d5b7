package io.streamnotifier.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamnotifier.InvalidRecordException;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;

import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RecipientCheckTest {

    @ParameterizedTest
    @ValueSource(strings = {"jane@example.com", "j.doe+records@mail.example.co.uk", "a_b-c@sub-domain.example.org"})
    void plain_addresses_are_accepted(String address) {
        assertEquals(address, RecipientCheck.check("email", address));
    }

    static Stream<Arguments> invalidAddresses() {
        return Stream.of(
                Arguments.of("jane@example.com\r\nBcc: victim@example.org", "contains CR or LF"),
                Arguments.of("jane@example.com\nBcc: victim@example.org", "contains CR or LF"),
                Arguments.of("jane@example.com, john@example.com", "more than one address"),
                Arguments.of("jane@example.com;john@example.com", "more than one address"),
                Arguments.of("Jane <jane@example.com>", "not a plain address"),
                Arguments.of("jane@", "not a syntactically valid address"),
                Arguments.of("@example.com", "not a syntactically valid address"),
                Arguments.of("jane.example.com", "not a syntactically valid address"),
                Arguments.of("jane@localhost", "not a syntactically valid address"),
                Arguments.of("jane@example..com", "not a syntactically valid address"),
                Arguments.of("j\u00e4ne@example.com", "non-ASCII"),
                Arguments.of("jane@exa\tmple.com", "control characters"));
    }

    @ParameterizedTest
    @MethodSource("invalidAddresses")
    void invalid_addresses_are_rejected_with_a_reason_that_does_not_repeat_them(String address, String reason) {
        InvalidRecordException e = assertThrows(InvalidRecordException.class,
                () -> RecipientCheck.check("email", address));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertTrue(e.getMessage().contains("attribute 'email'"), e.getMessage());
        assertFalse(e.getMessage().contains("example.com"), "the reason must not contain the address: " + e.getMessage());
    }

    @Test
    void missing_blank_and_non_string_values_are_rejected() {
        assertTrue(assertThrows(InvalidRecordException.class, () -> RecipientCheck.check("email", null))
                .getMessage().contains("is missing"));
        assertTrue(assertThrows(InvalidRecordException.class, () -> RecipientCheck.check("email", "  "))
                .getMessage().contains("is empty"));
        assertTrue(assertThrows(InvalidRecordException.class, () -> RecipientCheck.check("email", 42))
                .getMessage().contains("is not a string"));
    }

    @Test
    void addresses_longer_than_254_characters_are_rejected() {
        String address = "a".repeat(64) + "@" + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(63) + ".com";
        assertTrue(address.length() > 254);
        assertTrue(assertThrows(InvalidRecordException.class, () -> RecipientCheck.check("email", address))
                .getMessage().contains("longer than 254"));
    }
}
