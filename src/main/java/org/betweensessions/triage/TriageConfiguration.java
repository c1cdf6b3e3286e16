package org.betweensessions.triage;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class TriageConfiguration {

  /** The lexicon is data (src/main/resources/triage/lexicon.json), versioned with the repository. */
  @Bean
  TriageLexicon triageLexicon() {
    return TriageLexicon.loadDefault();
  }

  /** Immutable and thread-safe: one instance serves every worker thread. */
  @Bean
  TriageClassifier triageClassifier(TriageLexicon lexicon) {
    return new TriageClassifier(lexicon);
  }
}
