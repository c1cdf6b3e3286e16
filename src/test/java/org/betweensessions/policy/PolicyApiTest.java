package org.betweensessions.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.betweensessions.client.Client;
import org.betweensessions.consent.ConsentRequest;
import org.betweensessions.consent.ConsentRequestRepository;
import org.betweensessions.support.Api;
import org.betweensessions.support.EmbeddedStackTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The staff policy API over HTTP: read, validate (400 naming fields), version, override. */
class PolicyApiTest extends EmbeddedStackTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    ConsentRequestRepository requests;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @Test
    void invalidPoliciesAre400NamingEachFieldAndNothingIsSaved() throws Exception {
        Api.Response current = api.get("alex", "/api/policies/practice");
        assertThat(current.status()).isEqualTo(200);
        int version = current.json().get("version").asInt();
        int versions = api.get("sam", "/api/policies/practice/versions").json().size();

        ObjectNode doc = (ObjectNode) current.json().get("document").deepCopy();
        ((ObjectNode) doc.get("responseWindow")).put("amount", 0);
        doc.putArray("channelsOffered");
        ((ObjectNode) doc.get("crisis")).putArray("resources");
        doc.put("giftsStance", "You should not be texting me about gifts.");
        Api.Response invalid = change("sam", version, doc);

        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.contentType()).startsWith("application/problem+json");
        assertThat(fields(invalid))
                .contains(
                        "document.responseWindow.amount",
                        "document.channelsOffered",
                        "document.crisis.resources",
                        "document.giftsStance");
        assertThat(api.get("sam", "/api/policies/practice/versions").json().size())
                .isEqualTo(versions);

        // María Gómez reads Spanish: the practice's crisis section must stay translated.
        ObjectNode untranslated = (ObjectNode) current.json().get("document").deepCopy();
        ((ObjectNode) untranslated.get("crisis")).remove("whatCountsAsCrisisTranslations");
        Api.Response english = change("sam", version, untranslated);
        assertThat(english.status()).as(english.body()).isEqualTo(400);
        assertThat(fields(english)).containsExactly("document.crisis.whatCountsAsCrisisTranslations.es");
        assertThat(api.get("sam", "/api/policies/practice/versions").json().size())
                .isEqualTo(versions);

        Api.Response noVersion = api.post(
                "sam",
                "/api/policies/practice/versions",
                "{\"document\":" + current.json().get("document") + "}");
        assertThat(noVersion.status()).isEqualTo(400);
        assertThat(fields(noVersion)).contains("basedOnVersion");
    }

    @Test
    void onlySupervisorsAndAdminsChangeThePolicyAndAStaleBaseIsAConflict() {
        Api.Response current = api.get("alex", "/api/policies/practice");
        int version = current.json().get("version").asInt();
        JsonNode doc = current.json().get("document");

        assertThat(change("alex", version, doc).status()).isEqualTo(403);
        assertThat(change("casey", version, doc).status()).isEqualTo(403);
        Api.Response stale = change("sam", version - 1, doc);
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.contentType()).startsWith("application/problem+json");
    }

    @Test
    void aClinicianOverrideIsANewVersionAndItsClientsAreAskedAgain() {
        Api.Response before = api.get("sam", "/api/policies/clinicians/blair");
        int base = before.json().get("version").asInt();
        Api.Response created = api.post("sam", "/api/policies/clinicians/blair/versions", """
        {"basedOnVersion": %d, "overrides": {"modalityExceptions":
          {"dbtSkillsCoachingByPhone": true, "openInboxForLowRisk": false}}}""".formatted(base));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode policy = created.json().get("policy");
        assertThat(policy.get("version").asInt()).isGreaterThan(base);
        assertThat(policy.get("scope").asText()).isEqualTo("CLINICIAN");
        assertThat(policy.get("document")
                        .get("modalityExceptions")
                        .get("dbtSkillsCoachingByPhone")
                        .asBoolean())
                .isTrue();
        assertThat(policy.get("document").get("crisis").get("resources").size()).isPositive();

        Api.Response now = api.get("alex", "/api/policies/clinicians/blair");
        assertThat(now.json().get("version").asInt())
                .isEqualTo(policy.get("version").asInt());

        Client maria = clients.findAll().stream()
                .filter(c -> "María Gómez".equals(c.getDisplayName()))
                .findFirst()
                .orElseThrow();
        ConsentRequest reconsent = await().atMost(WAIT)
                .until(
                        () -> requests.findFirstByClientIdAndStatus(maria.getId(), ConsentRequest.Status.OPEN)
                                .orElse(null),
                        r -> r != null && r.getProcessInstanceKey() != null);
        assertThat(reconsent.getPolicyVersion()).isEqualTo(policy.get("version").asInt());

        Api.Response html = api.get("portal", "/api/clients/" + maria.getId() + "/policy?format=html");
        assertThat(html.status()).isEqualTo(200);
        assertThat(html.contentType()).startsWith("text/html");
        assertThat(html.body()).contains("<h2>Cómo comunicarse conmigo</h2>", "DBT");
        assertThat(api.get("portal", "/api/policies/practice").status())
                .as("the portal reads only what the client reads")
                .isEqualTo(403);
    }

    @Test
    void theDemoClientsReadTheirCoveringClinicianAndTheSmsReminderRule() {
        Client jordan = clients.findAll().stream()
                .filter(c -> "Jordan Lee".equals(c.getDisplayName()))
                .findFirst()
                .orElseThrow();
        Api.Response text = api.get("portal", "/api/clients/" + jordan.getId() + "/policy?format=text");
        assertThat(text.status()).isEqualTo(200);
        assertThat(text.body())
                .contains(
                        "If I am away, my covering colleague: Blair Okafor, LCSW, +1 555 0100 ext 2",
                        "appointment reminders can come by text message (SMS)");
    }

    private Api.Response change(String user, int basedOn, JsonNode document) {
        try {
            ObjectNode body = JSON.createObjectNode();
            body.put("basedOnVersion", basedOn);
            body.set("document", document);
            return api.post(user, "/api/policies/practice/versions", JSON.writeValueAsString(body));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> fields(Api.Response response) {
        List<String> fields = new ArrayList<>();
        response.json().get("errors").forEach(e -> fields.add(e.get("field").asText()));
        return fields;
    }
}
