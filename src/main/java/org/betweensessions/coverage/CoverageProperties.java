package org.betweensessions.coverage;

import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who approves what the coverage-approval decision gives the clinical director, and the emergency
 * number quoted in client notices (application.yml sets it from bsc.triage.emergency-number).
 *
 * @param clinicalDirector username of the clinical director; unset: the practice's supervisor
 * @param emergencyNumber the local emergency number quoted to clients
 */
@ConfigurationProperties("bsc.coverage")
public record CoverageProperties(String clinicalDirector, String emergencyNumber) {

    public CoverageProperties {
        emergencyNumber = emergencyNumber == null || emergencyNumber.isBlank() ? "911" : emergencyNumber;
    }

    public Optional<String> director() {
        return Optional.ofNullable(clinicalDirector).filter(s -> !s.isBlank());
    }
}
