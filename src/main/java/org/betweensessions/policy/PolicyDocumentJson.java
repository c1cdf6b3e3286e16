package org.betweensessions.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

@Converter
public class PolicyDocumentJson implements AttributeConverter<PolicyDocument, String> {

    private static final ObjectMapper JSON =
            new ObjectMapper().findAndRegisterModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Override
    public String convertToDatabaseColumn(PolicyDocument document) {
        if (document == null) {
            return null;
        }
        try {
            return JSON.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Policy document cannot be written as JSON", e);
        }
    }

    @Override
    public PolicyDocument convertToEntityAttribute(String json) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readValue(json, PolicyDocument.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored policy document is not readable", e);
        }
    }
}
