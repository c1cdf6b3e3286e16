package org.betweensessions;

import org.betweensessions.engine.CommonPool;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Between-session communication for psychotherapy practices. Deploys what supervisors edit in Modeler
 * ({@code bpmn/} and {@code forms/}, packaged unchanged) to the engine at start-up
 * ({@link org.betweensessions.engine.ProcessResources}).
 */
@SpringBootApplication(scanBasePackages = "org.betweensessions")
@ConfigurationPropertiesScan
@EnableScheduling
public class BetweenSessionsApplication {

    public static void main(String[] args) {
        CommonPool.widen();
        SpringApplication.run(BetweenSessionsApplication.class, args);
    }
}
