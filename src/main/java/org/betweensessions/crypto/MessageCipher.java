package org.betweensessions.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * AES-256-GCM for clinical text at rest. Ciphertext is {@code v1:<keyId>:<base64(nonce|ct|tag)>}: the
 * key id travels with each value, so keys can rotate (new active key, old keys kept for reading).
 */
@Component
public class MessageCipher {

    private static final Logger LOG = LoggerFactory.getLogger(MessageCipher.class);
    private static final String FORMAT = "v1";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecureRandom random = new SecureRandom();
    private final Map<String, SecretKey> keys;
    private final String activeKeyId;

    public MessageCipher(CryptoProperties properties) {
        Map<String, SecretKey> loaded = new HashMap<>();
        properties.keys().forEach((id, base64) -> loaded.put(id, aesKey(id, base64)));
        String active = properties.activeKeyId();
        if (loaded.isEmpty()
                && properties.devKeyFile() != null
                && !properties.devKeyFile().isBlank()) {
            active = "dev";
            loaded.put(active, aesKey(active, devKey(Path.of(properties.devKeyFile()))));
        }
        if (active == null || !loaded.containsKey(active)) {
            throw new IllegalStateException("No encryption key configured: set bsc.crypto.active-key-id "
                    + "and bsc.crypto.keys.<id> (32 random bytes, base64; e.g. openssl rand -base64 32). "
                    + "The application does not store client messages without one.");
        }
        this.keys = Map.copyOf(loaded);
        this.activeKeyId = active;
    }

    public String encrypt(String plaintext) {
        if (plaintext == null) {
            return null;
        }
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(activeKeyId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(activeKeyId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[nonce.length + sealed.length];
            System.arraycopy(nonce, 0, out, 0, nonce.length);
            System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
            return FORMAT + ":" + activeKeyId + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Encryption failed", e);
        }
    }

    public String decrypt(String stored) {
        if (stored == null) {
            return null;
        }
        String[] parts = stored.split(":", 3);
        if (parts.length != 3 || !FORMAT.equals(parts[0])) {
            throw new IllegalStateException("Stored value is not in the expected ciphertext format");
        }
        SecretKey key = keys.get(parts[1]);
        if (key == null) {
            throw new IllegalStateException("Ciphertext uses key id '" + parts[1]
                    + "', which is not configured (keep old keys listed after a rotation)");
        }
        try {
            byte[] in = Base64.getDecoder().decode(parts[2]);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            cipher.updateAAD(parts[1].getBytes(StandardCharsets.UTF_8));
            byte[] plain = cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("Stored ciphertext could not be decrypted (tampered or wrong key)", e);
        }
    }

    /**
     * A keyed hash for looking up values that are stored encrypted (a sender's email or phone). Derived
     * from the first key by id, so it stays stable when a new key becomes active.
     */
    public String lookupHash(String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            String lookupKeyId = keys.keySet().stream().sorted().findFirst().orElseThrow();
            mac.init(new SecretKeySpec(keys.get(lookupKeyId).getEncoded(), "HmacSHA256"));
            mac.update("bsc-lookup-v1:".getBytes(StandardCharsets.UTF_8));
            byte[] digest = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC unavailable", e);
        }
    }

    public String activeKeyId() {
        return activeKeyId;
    }

    private static SecretKey aesKey(String id, String base64) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("bsc.crypto.keys." + id + " is not valid base64", e);
        }
        if (raw.length != 32) {
            throw new IllegalStateException("bsc.crypto.keys." + id + " must be 32 bytes (AES-256), was " + raw.length);
        }
        return new SecretKeySpec(raw, "AES");
    }

    private String devKey(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file).trim();
            }
            byte[] raw = new byte[32];
            random.nextBytes(raw);
            String encoded = Base64.getEncoder().encodeToString(raw);
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, encoded);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system; the key still works
            }
            LOG.warn(
                    "Generated a DEVELOPMENT encryption key in {}. Demo data only: production must "
                            + "configure bsc.crypto.keys.",
                    file.toAbsolutePath());
            return encoded;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read or write the development key " + file, e);
        }
    }
}
