package org.betweensessions.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** Consent timing: sane order, and set from the environment as the README shows. */
class ConsentPropertiesTest {

    @Test
    void theEnvironmentVariablesOfTheReadmeBind() {
        ConsentProperties p = bind(Map.of(
                "BSC_CONSENT_REMINDER_AFTER", "PT1M",
                "BSC_CONSENT_SECOND_REMINDER_AFTER", "PT2M",
                "BSC_CONSENT_ESCALATE_AFTER", "PT3M",
                "BSC_CONSENT_COORDINATOR_GROUP", "front-desk"));

        assertThat(p.reminderAfter()).isEqualTo(Duration.ofMinutes(1));
        assertThat(p.secondReminderAfter()).isEqualTo(Duration.ofMinutes(2));
        assertThat(p.escalateAfter()).isEqualTo(Duration.ofMinutes(3));
        assertThat(p.coordinatorGroup()).isEqualTo("front-desk");
    }

    @Test
    void theCoordinatorFollowsUpOnlyAfterBothReminders() {
        assertThatThrownBy(
                        () -> new ConsentProperties(Duration.ofDays(3), Duration.ofDays(7), Duration.ofDays(5), null))
                .hasMessageContaining("escalate-after must be later than bsc.consent.second-reminder-after");
        assertThatThrownBy(
                        () -> new ConsentProperties(Duration.ofDays(3), Duration.ofDays(7), Duration.ofDays(7), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(
                        () -> new ConsentProperties(Duration.ofDays(3), Duration.ofDays(2), Duration.ofDays(10), null))
                .hasMessageContaining("second-reminder-after");
        assertThat(new ConsentProperties(null, null, null, null).escalateAfter())
                .isEqualTo(Duration.ofDays(10));
        // From the environment too: the application would not start.
        assertThatThrownBy(() -> bind(Map.of("BSC_CONSENT_ESCALATE_AFTER", "P5D")))
                .isInstanceOf(BindException.class);
    }

    private static ConsentProperties bind(Map<String, Object> environment) {
        MutablePropertySources sources = new MutablePropertySources();
        sources.addFirst(new SystemEnvironmentPropertySource("systemEnvironment", environment));
        return new Binder(ConfigurationPropertySources.from(sources))
                .bindOrCreate("bsc.consent", ConsentProperties.class);
    }
}
