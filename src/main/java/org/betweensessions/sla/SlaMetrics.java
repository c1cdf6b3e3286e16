package org.betweensessions.sla;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * What admins count on {@code /actuator/prometheus}. Micrometer names use dots; the Prometheus
 * registry turns {@code sla.breaches} into {@code sla_breaches_total}. The tag {@code clinician} is
 * the username of whoever had to answer (the intake coordinator for administrative messages): staff
 * usernames and categories only, never anything about a client.
 */
@Component
public class SlaMetrics {

    private final MeterRegistry registry;

    SlaMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void breach(String category, String clinician) {
        Counter.builder("sla.breaches")
                .description("Response SLA breaches: the answer was not given by the due time")
                .tag("category", category)
                .tag("clinician", clinician)
                .register(registry)
                .increment();
    }

    void reminder(String category, String clinician) {
        Counter.builder("sla.reminders")
                .description("Reminders sent before a response was due")
                .tag("category", category)
                .tag("clinician", clinician)
                .register(registry)
                .increment();
    }

    void responseTime(String category, String clinician, boolean onTime, Duration business) {
        Timer.builder("sla.response.time")
                .description("Business time from receipt to answer (office hours of the clinician's calendar)")
                .tag("category", category)
                .tag("clinician", clinician)
                .tag("on_time", String.valueOf(onTime))
                .publishPercentiles(0.5, 0.9)
                .register(registry)
                .record(business);
    }

    void availabilityPrompt(String reason) {
        Counter.builder("sla.availability.prompts")
                .description("Prompts to reset response-time expectations (availability creep)")
                .tag("reason", reason)
                .register(registry)
                .increment();
    }
}
