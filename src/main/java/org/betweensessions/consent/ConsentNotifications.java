package org.betweensessions.consent;

import org.betweensessions.policy.ClientPolicyDocument;

/**
 * The client-facing texts of the intake-consent process, in English and Spanish. Warm, brief,
 * specific (DOMAIN.md language bank); no client name, so a misdirected notification reveals little.
 */
final class ConsentNotifications {

    static final String POLICY = "consent.policy";
    static final String POLICY_UPDATED = "consent.policy-updated";
    static final String REMINDER = "consent.reminder";
    static final String CONFIRMED = "consent.confirmed";

    private ConsentNotifications() {}

    static String policy(ClientPolicyDocument.Rendered doc, boolean updated) {
        boolean es = doc.language().equals("es");
        String intro;
        if (updated) {
            intro = es
                    ? "Hemos actualizado cómo nos comunicamos entre sesiones. Puede seguir escribiéndome como hasta ahora. "
                            + "Cuando pueda, lea la nueva versión y confírmela en el portal."
                    : "We have updated how we stay in touch between sessions. You can keep messaging me as before. "
                            + "When you have a moment, please read the new version and confirm it in the portal.";
        } else {
            intro = es
                    ? "Bienvenido/a. Este es el acuerdo sobre cómo nos comunicamos entre sesiones. Lo repasaremos juntos "
                            + "en la primera sesión. Cuando lo haya leído, confírmelo en el portal."
                    : "Welcome. This is our agreement about staying in touch between sessions. We will go through it "
                            + "together in our first session. Once you have read it, please confirm it in the portal.";
        }
        return intro + "\n\n" + doc.text();
    }

    static String reminder(String language, int version, String crisisResources) {
        boolean es = "es".equals(language);
        return es
                ? "Un recordatorio amable: aún no hemos recibido su confirmación del acuerdo de comunicación (versión "
                        + version
                        + "). Puede leerlo y confirmarlo en el portal. Si tiene preguntas, lo hablamos en sesión. "
                        + "En una crisis: " + crisisResources + "."
                : "A gentle reminder: we have not yet received your confirmation of our communication agreement (version "
                        + version + "). You can read and confirm it in the portal. If you have questions, we can talk "
                        + "about them in session. In a crisis: " + crisisResources + ".";
    }

    static String confirmed(String language, int version) {
        boolean es = "es".equals(language);
        return es
                ? "Gracias por confirmar el acuerdo de comunicación (versión " + version + "). Sus mensajes llegan "
                        + "ahora a su terapeuta por los canales acordados."
                : "Thank you for confirming our communication agreement (version " + version + "). Your messages "
                        + "now reach your therapist through the channels we agreed on.";
    }
}
