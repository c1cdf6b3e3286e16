package org.betweensessions.inbox;

import java.util.UUID;
import org.betweensessions.crisis.CrisisResponse;
import org.betweensessions.message.Message;
import org.betweensessions.triage.screening.TriageClassifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * A crisis does not wait in line. The moment a message is stored, it is screened here (microseconds);
 * a crisis alerts the responsible clinician and sends the client crisis resources at once, before
 * and independently of the engine, which may be busy with routine work or unreachable. The triage
 * process then runs as usual: its alert and resources steps find them done (idempotent) and go on
 * to escalation and documentation.
 */
@Component
class CrisisOnReceipt {

    private static final Logger LOG = LoggerFactory.getLogger(CrisisOnReceipt.class);

    /** Built on a start-up thread of its own (TriageConfiguration); resolved when first used. */
    private final ObjectProvider<TriageClassifier> classifier;

    private final CrisisResponse crisis;

    CrisisOnReceipt(ObjectProvider<TriageClassifier> classifier, CrisisResponse crisis) {
        this.classifier = classifier;
        this.crisis = crisis;
    }

    /** In memory, before anything is stored: decides whether the message skips the routine queue. */
    boolean isCrisis(String body) {
        return classifier.getObject().classify(body, null).isCrisis();
    }

    /** For a message {@link #isCrisis} screened as a crisis, once it is stored. */
    void respond(Message message) {
        UUID messageId = message.getId();
        try {
            crisis.respondOnReceipt(message);
        } catch (RuntimeException e) {
            // The message is stored and the triage process will alert with retries; never lose the 202.
            LOG.error("Immediate crisis response for message {} failed; the triage process will retry", messageId, e);
        }
    }
}
