package io.streamnotifier.feedback;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How an address is stored in the suppression table: SHA-256 of the trimmed, lower-cased address, or HMAC-SHA256
 * keyed with {@code notifier.feedback.hash.secret} when one is set (then a list of known addresses cannot be
 * hashed to find who is on it without the secret). Changing the secret orphans the entries made with the old one.
 */
public final class AddressHash {

    private final byte[] secret;

    public AddressHash(String secret) {
        this.secret = secret == null || secret.isEmpty() ? null : secret.getBytes(StandardCharsets.UTF_8);
    }

    /** The hash of an address, as 64 hex digits. */
    public String of(String address) {
        byte[] text = address.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
        try {
            if (secret == null) {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text));
            }
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
