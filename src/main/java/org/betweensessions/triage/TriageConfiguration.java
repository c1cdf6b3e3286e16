package org.betweensessions.triage;

import org.betweensessions.triage.screening.TriageClassifier;
import org.betweensessions.triage.screening.TriageLexicon;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class TriageConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(TriageConfiguration.class);

    /** The lexicon is data (src/main/resources/triage/lexicon.json), versioned with the repository. */
    @Bean
    TriageLexicon triageLexicon() {
        long started = System.nanoTime();
        TriageLexicon lexicon = TriageLexicon.loadDefault();
        LOG.info("Triage lexicon {} loaded in {} ms", lexicon.version(), (System.nanoTime() - started) / 1_000_000);
        return lexicon;
    }

    /**
     * Immutable and thread-safe: one instance serves every worker thread. Built on a background thread
     * at start-up (lexicon patterns, Lucene analyzers, the model); users resolve it through an
     * ObjectProvider, and Spring waits for it before the application counts as ready.
     */
    @Bean(bootstrap = Bean.Bootstrap.BACKGROUND)
    TriageClassifier triageClassifier(TriageLexicon lexicon) {
        long started = System.nanoTime();
        TriageClassifier classifier = new TriageClassifier(lexicon);
        LOG.info(
                "Triage classifier {} ready in {} ms", classifier.version(), (System.nanoTime() - started) / 1_000_000);
        return classifier;
    }
}
