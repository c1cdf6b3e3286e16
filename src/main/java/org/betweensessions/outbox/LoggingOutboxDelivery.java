package org.betweensessions.outbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded default's delivery: logs that it would send (ids and template only, never the body)
 * and counts the notification as sent. A real adapter is a bean implementing {@link OutboxDelivery}.
 */
@Configuration(proxyBeanMethods = false)
class LoggingOutboxDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(LoggingOutboxDelivery.class);

    @Bean
    @ConditionalOnMissingBean(OutboxDelivery.class)
    OutboxDelivery loggingDelivery() {
        return n -> LOG.info(
                "Would send {} '{}' ({}) to {} of client {} [notification {}]",
                n.getChannel(),
                n.getTemplateKey(),
                n.getLanguage(),
                n.getRecipient() == null ? "client" : n.getRecipient(),
                n.getClientId(),
                n.getId());
    }
}
