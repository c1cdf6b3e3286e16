package org.betweensessions.triage;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * When a client's way of writing is worth discussing in session (therapeutically, never as a
 * reprimand).
 *
 * @param window the recent period looked at
 * @param urgentFramedThreshold non-crisis messages framed as urgent within the window
 * @param baselineWindow the longer period before {@code window} that is the client's own baseline
 * @param frequencyRatio recent messages per day over baseline messages per day that counts as rising
 * @param minimumRecentMessages rising frequency is flagged only from this many recent messages on
 */
@ConfigurationProperties("bsc.patterns")
public record PatternProperties(
        Duration window,
        int urgentFramedThreshold,
        Duration baselineWindow,
        double frequencyRatio,
        int minimumRecentMessages) {

    public PatternProperties {
        window = window == null ? Duration.ofDays(14) : window;
        urgentFramedThreshold = urgentFramedThreshold <= 0 ? 3 : urgentFramedThreshold;
        baselineWindow = baselineWindow == null ? Duration.ofDays(56) : baselineWindow;
        frequencyRatio = frequencyRatio <= 0 ? 2.0 : frequencyRatio;
        minimumRecentMessages = minimumRecentMessages <= 0 ? 6 : minimumRecentMessages;
    }
}
