package org.betweensessions.demo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Tells the person who just ran the README's command where to go and how to sign in. */
@Component
@ConditionalOnProperty(name = "bsc.demo.enabled", havingValue = "true")
class StartupBanner {

    private static final Logger LOG = LoggerFactory.getLogger(StartupBanner.class);

    private final Environment env;

    StartupBanner(Environment env) {
        this.env = env;
    }

    @EventListener(ApplicationReadyEvent.class)
    void ready() {
        String port = env.getProperty("local.server.port", env.getProperty("server.port", "8080"));
        LOG.info("""

        ==================================================================
         between-sessions is up (embedded default: demo data only)
           API     http://localhost:{}/api  (browsable; OpenAPI at /v3/api-docs)
           Health  http://localhost:{}/actuator/health
           Engine  gRPC localhost:{} (in-memory: instances vanish on restart)
         Demo logins (password 'demo' for all):
           sam (supervisor), alex and blair (clinicians),
           casey (intake coordinator), admin, portal (integration)
        ==================================================================""", port, port, env.getProperty("bsc.engine.port"));
    }
}
