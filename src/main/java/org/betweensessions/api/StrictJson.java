package org.betweensessions.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Request bodies mean what they say: a number is not text ({@code "body": 42} is a 400, not the
 * message "42"), an enum is named, not numbered ({@code "channel": 0} is a 400, not PORTAL), and a
 * field comes once ({@code {"body":"a","body":"b"}} is a 400, not "b").
 */
@Configuration(proxyBeanMethods = false)
class StrictJson {

    @Bean
    Jackson2ObjectMapperBuilderCustomizer strictJsonCoercion() {
        return builder -> builder.featuresToEnable(
                        DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS, JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .postConfigurer(mapper -> {
                    for (CoercionInputShape shape : new CoercionInputShape[] {
                        CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean
                    }) {
                        mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
                        mapper.coercionConfigFor(LogicalType.Enum).setCoercion(shape, CoercionAction.Fail);
                    }
                });
    }
}
