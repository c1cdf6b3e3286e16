package org.betweensessions.crypto;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import org.springframework.stereotype.Component;

/** JPA converter: clinical text is encrypted before it reaches a column and decrypted on read. */
@Component
@Converter
public class EncryptedText implements AttributeConverter<String, String> {

    private final MessageCipher cipher;

    public EncryptedText(MessageCipher cipher) {
        this.cipher = cipher;
    }

    @Override
    public String convertToDatabaseColumn(String plaintext) {
        return cipher.encrypt(plaintext);
    }

    @Override
    public String convertToEntityAttribute(String stored) {
        return cipher.decrypt(stored);
    }
}
