package org.betweensessions;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ApplicationClock {

    /** One clock for the application, so time-dependent rules can be tested at a fixed instant. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
