package org.betweensessions.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.betweensessions.audit.AuditTrail;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientStatus;
import org.betweensessions.clinician.Clinician;
import org.betweensessions.inbox.InboundMessageRequest;
import org.betweensessions.inbox.MessageService;
import org.betweensessions.message.Channel;
import org.betweensessions.message.Message;
import org.betweensessions.policy.CommunicationPolicy;
import org.betweensessions.policy.CommunicationPolicyRepository;
import org.betweensessions.policy.TestPolicies;
import org.betweensessions.practice.Practice;
import org.betweensessions.practice.PracticeRepository;
import org.betweensessions.practice.StaffMember;
import org.betweensessions.practice.StaffMemberRepository;
import org.betweensessions.security.StaffRole;
import org.betweensessions.support.Api;
import org.betweensessions.support.EmbeddedStackTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 6, part 2: who may do what, per role and per ownership. Jordan is alex's client, María is
 * blair's; casey (coordinator) sees administrative items only; portal (integration) may only post
 * inbound messages and consent (and read the policy it shows the client).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixTest extends EmbeddedStackTest {

    static final Instant WEDNESDAY_10AM_NY =
            ZonedDateTime.parse("2026-11-18T10:00:00-05:00[America/New_York]").toInstant();

    @Autowired
    MessageService service;

    @Autowired
    PracticeRepository practices;

    @Autowired
    StaffMemberRepository staff;

    @Autowired
    CommunicationPolicyRepository policyVersions;

    @Autowired
    AuditTrail audit;

    Api api;
    Client jordan;
    Client maria;
    /** A client of another practice: nobody of the demo practice may see or sign for them. */
    Client elsewhere;
    /** alex's client still in intake: a colleague must not sign consent for them. */
    Client inIntake;

    Message clinical;
    Message administrative;
    int policyVersion;

    @BeforeAll
    void setUp() {
        api = new Api(port);
        jordan = demoClient("alex", ClientStatus.ACTIVE);
        maria = demoClient("blair", ClientStatus.ACTIVE);
        clinical = route(service.accept(new InboundMessageRequest(
                        Channel.PORTAL,
                        "auth-" + UUID.randomUUID(),
                        jordan.getId(),
                        null,
                        "Could we talk this week? Things with my sister have been hard and I could use some advice.",
                        now()))
                .message());
        administrative = route(service.accept(new InboundMessageRequest(
                        Channel.PORTAL,
                        "auth-" + UUID.randomUUID(),
                        jordan.getId(),
                        null,
                        "I need to reschedule my appointment next Tuesday, could we move it to Thursday?",
                        now()))
                .message()); // now: the list shows a client's newest 200
        assertThat(administrative.getRoute()).isEqualTo("COORDINATOR");
        policyVersion = api.get("portal", "/api/clients/" + jordan.getId() + "/policy")
                .json()
                .get("policyVersion")
                .asInt();
        elsewhere = otherPracticesClient();
        inIntake = demoClient("alex", ClientStatus.INTAKE);
    }

    private Client otherPracticesClient() {
        var practice = practices.save(new Practice("Other practice " + UUID.randomUUID(), ZoneId.of("America/Denver")));
        var member = staff.save(new StaffMember(
                practice.getId(), "other-" + UUID.randomUUID(), "Other clinician", StaffRole.CLINICIAN));
        var clinician = clinicians.save(new Clinician(
                practice.getId(), member, ZoneId.of("America/Denver"), "other@test.example", "+1 555 0000"));
        policyVersions.save(new CommunicationPolicy(practice.getId(), null, 1, TestPolicies.complete(), "test"));
        Client client = new Client(practice.getId(), clinician.getId(), "Other Client", Channel.PORTAL, "en");
        return clients.save(client);
    }

    private static String cancel(Client client) {
        return "/api/clients/" + client.getId() + "/termination/cancellation";
    }

    private static String dateOfBirth(Client client) {
        return "/api/clients/" + client.getId() + "/date-of-birth";
    }

    private Message route(Message m) {
        return awaitMessage(m.getId(), x -> x.getRoute() != null);
    }

    Stream<Arguments> matrix() {
        String c = "/api/messages/" + clinical.getId();
        String a = "/api/messages/" + administrative.getId();
        String inbound = Api.json(Map.of(
                "channel",
                "PORTAL",
                "externalId",
                "auth-in-" + UUID.randomUUID(),
                "clientId",
                jordan.getId().toString(),
                "body",
                "Hello from the portal"));
        String reply = "{\"body\":\"Thanks\"}";
        String preview = "{\"text\":\"hello\"}";
        String register = "{\"displayName\":\"Pat Doe\",\"clinician\":\"alex\",\"preferredChannel\":\"PORTAL\"}";
        String transfer = "{\"kind\":\"OUT_OF_PRACTICE\",\"reason\":\"Moving away\"}";
        String cancel = "{\"reason\":\"CLINICAL_JUDGEMENT\"}";
        String letter = "{\"text\":\"Dear client\"}";
        String dob = "{\"dateOfBirth\":\"1990-05-01\"}";
        return Stream.of(
                // reading a message: own clinician, supervisor, admin yes; other clinician, integration no
                Arguments.of("alex", "GET", c, null, 200),
                Arguments.of("sam", "GET", c, null, 200),
                Arguments.of("admin", "GET", c, null, 200),
                Arguments.of("blair", "GET", c, null, 403),
                Arguments.of("portal", "GET", c, null, 403),
                Arguments.of("casey", "GET", c, null, 403),
                Arguments.of("casey", "GET", a, null, 200),
                // answering: another clinician, the coordinator (clinical item) and the integration may not
                Arguments.of("blair", "POST", c + "/replies", reply, 403),
                Arguments.of("casey", "POST", c + "/replies", reply, 403),
                Arguments.of("portal", "POST", c + "/replies", reply, 403),
                Arguments.of(
                        "portal",
                        "POST",
                        c + "/crisis-acknowledgement",
                        "{\"contactMade\":\"PHONE_CALL\",\"safetyAssessed\":true,\"nextStep\":\"SESSION_SCHEDULED\"}",
                        403),
                // listing: a clinician only their own client's messages
                Arguments.of("alex", "GET", "/api/messages?clientId=" + jordan.getId(), null, 200),
                Arguments.of("blair", "GET", "/api/messages?clientId=" + jordan.getId(), null, 403),
                Arguments.of("alex", "GET", "/api/messages?clientId=" + maria.getId(), null, 403),
                Arguments.of("portal", "GET", "/api/messages", null, 403),
                // the integration: inbound messages, the client's policy and consent, nothing else
                Arguments.of("portal", "POST", "/api/messages", inbound, 202),
                Arguments.of("portal", "GET", "/api/clients/" + jordan.getId() + "/policy", null, 200),
                Arguments.of(
                        "portal",
                        "POST",
                        "/api/clients/" + jordan.getId() + "/consent",
                        "{\"policyVersion\":" + policyVersion + "}",
                        200),
                Arguments.of("portal", "GET", "/api/clients", null, 403),
                Arguments.of("portal", "GET", "/api/clients/" + jordan.getId(), null, 403),
                Arguments.of("portal", "POST", "/api/clients", register, 403),
                Arguments.of("portal", "GET", "/api/clients/" + jordan.getId() + "/consent", null, 403),
                Arguments.of("portal", "GET", "/api/policies/practice", null, 403),
                Arguments.of("portal", "POST", "/api/triage/preview", preview, 403),
                Arguments.of("portal", "GET", "/actuator/metrics", null, 403),
                // another practice's client: 404 for everyone here, nothing read or written
                Arguments.of("portal", "GET", "/api/clients/" + elsewhere.getId() + "/policy", null, 404),
                Arguments.of(
                        "portal",
                        "POST",
                        "/api/clients/" + elsewhere.getId() + "/consent",
                        "{\"policyVersion\":1}",
                        404),
                Arguments.of("sam", "GET", "/api/clients/" + elsewhere.getId() + "/consent", null, 404),
                Arguments.of(
                        "sam", "POST", "/api/clients/" + elsewhere.getId() + "/consent", "{\"policyVersion\":1}", 404),
                Arguments.of(
                        "sam",
                        "POST",
                        "/api/clients/" + elsewhere.getId() + "/consent-review",
                        "{\"preferredChannel\":\"PORTAL\",\"understoodChannels\":true,"
                                + "\"understoodContactKinds\":true,\"understoodResponseTime\":true,"
                                + "\"understoodCrisisPlan\":true,\"arrangement\":\"STANDARD\"}",
                        404),
                Arguments.of(
                        "casey",
                        "POST",
                        "/api/clients/" + elsewhere.getId() + "/consent-follow-up",
                        "{\"outcome\":\"LEFT_MESSAGE\"}",
                        404),
                // policy changes: supervisors and admins only
                Arguments.of(
                        "alex",
                        "POST",
                        "/api/policies/practice/versions",
                        "{\"basedOnVersion\":1,\"document\":{}}",
                        403),
                Arguments.of(
                        "casey",
                        "POST",
                        "/api/policies/practice/versions",
                        "{\"basedOnVersion\":1,\"document\":{}}",
                        403),
                // licences for the coverage check: the supervisor or an admin records a clinician's,
                // the client's clinician (or the supervisor) a client's jurisdiction; reading changes nothing
                Arguments.of("alex", "PUT", "/api/licences/clinicians/blair", "{\"jurisdictions\":[\"NY\"]}", 403),
                Arguments.of("casey", "PUT", "/api/licences/clinicians/blair", "{\"jurisdictions\":[\"NY\"]}", 403),
                Arguments.of("portal", "GET", "/api/licences/clinicians/blair", null, 403),
                Arguments.of("alex", "GET", "/api/licences/clinicians/blair", null, 200),
                Arguments.of(
                        "blair", "PUT", "/api/licences/clients/" + jordan.getId(), "{\"jurisdiction\":\"NJ\"}", 403),
                Arguments.of(
                        "casey", "PUT", "/api/licences/clients/" + jordan.getId(), "{\"jurisdiction\":\"NJ\"}", 403),
                Arguments.of("blair", "GET", "/api/licences/clients/" + jordan.getId(), null, 403),
                Arguments.of("sam", "GET", "/api/licences/clients/" + elsewhere.getId(), null, 404),
                Arguments.of("alex", "GET", "/api/licences/clients/" + jordan.getId(), null, 200),
                // metrics (prometheus is not exported under test): admins and supervisors
                Arguments.of("alex", "GET", "/actuator/metrics", null, 403),
                Arguments.of("admin", "GET", "/actuator/metrics", null, 200),
                // a colleague's client: blair is not alex's client's clinician (403, nothing read or written)
                Arguments.of("blair", "GET", "/api/clients/" + jordan.getId(), null, 403),
                Arguments.of("blair", "GET", "/api/clients/" + jordan.getId() + "/consent", null, 403),
                Arguments.of("blair", "GET", "/api/clients/" + jordan.getId() + "/policy", null, 403),
                // Emergency contact and transfers (high-risk check-ins): a colleague's client, another practice.
                Arguments.of("blair", "GET", "/api/clients/" + jordan.getId() + "/emergency-contact", null, 403),
                Arguments.of("portal", "GET", "/api/clients/" + jordan.getId() + "/emergency-contact", null, 403),
                Arguments.of("sam", "GET", "/api/clients/" + elsewhere.getId() + "/emergency-contact", null, 404),
                Arguments.of("blair", "POST", "/api/clients/" + jordan.getId() + "/transfers", transfer, 403),
                Arguments.of("casey", "POST", "/api/clients/" + jordan.getId() + "/transfers", transfer, 403),
                Arguments.of("sam", "POST", "/api/clients/" + elsewhere.getId() + "/transfers", transfer, 404),
                Arguments.of(
                        "blair",
                        "POST",
                        "/api/clients/" + inIntake.getId() + "/consent",
                        "{\"policyVersion\":" + policyVersion + "}",
                        403),
                Arguments.of("alex", "GET", "/api/clients/" + jordan.getId(), null, 200),
                // entering a message on a client's behalf: only for one's own client
                Arguments.of(
                        "alex",
                        "POST",
                        "/api/messages",
                        Api.json(Map.of(
                                "channel",
                                "PORTAL",
                                "externalId",
                                "auth-in-" + UUID.randomUUID(),
                                "clientId",
                                maria.getId().toString(),
                                "body",
                                "Entered for a colleague's client")),
                        403),
                Arguments.of(
                        "alex",
                        "POST",
                        "/api/messages",
                        Api.json(Map.of(
                                "channel",
                                "PORTAL",
                                "externalId",
                                "auth-in-" + UUID.randomUUID(),
                                "sender",
                                "someone@example.org",
                                "body",
                                "Entered without a client")),
                        422),
                Arguments.of(
                        "portal",
                        "POST",
                        "/api/messages",
                        Api.json(Map.of(
                                "channel",
                                "PORTAL",
                                "externalId",
                                "auth-in-" + UUID.randomUUID(),
                                "clientId",
                                elsewhere.getId().toString(),
                                "body",
                                "For another practice's client")),
                        422),
                // the acknowledgement endpoint says nothing about a message before the permission check
                Arguments.of(
                        "casey",
                        "POST",
                        c + "/crisis-acknowledgement",
                        "{\"contactMade\":\"PHONE_CALL\",\"safetyAssessed\":true,\"nextStep\":\"SESSION_SCHEDULED\"}",
                        403),
                Arguments.of(
                        "blair",
                        "POST",
                        c + "/crisis-acknowledgement",
                        "{\"contactMade\":\"PHONE_CALL\",\"safetyAssessed\":true,\"nextStep\":\"SESSION_SCHEDULED\"}",
                        403),
                // endings: cancelling (own clinician or supervisor; 409 when none runs), the closing
                // letter's edit, the date of birth (staff of the practice, own client for a clinician)
                Arguments.of("blair", "POST", cancel(jordan), cancel, 403),
                Arguments.of("casey", "POST", cancel(jordan), cancel, 403),
                Arguments.of("portal", "POST", cancel(jordan), cancel, 403),
                Arguments.of("sam", "POST", cancel(elsewhere), cancel, 404),
                Arguments.of("alex", "POST", cancel(jordan), cancel, 409),
                Arguments.of("alex", "PUT", "/api/terminations/" + UUID.randomUUID() + "/letter", letter, 404),
                Arguments.of("casey", "PUT", "/api/terminations/" + UUID.randomUUID() + "/letter", letter, 403),
                Arguments.of("portal", "PUT", "/api/terminations/" + UUID.randomUUID() + "/letter", letter, 403),
                Arguments.of("portal", "PUT", dateOfBirth(jordan), dob, 403),
                Arguments.of("admin", "PUT", dateOfBirth(jordan), dob, 403),
                Arguments.of("blair", "PUT", dateOfBirth(jordan), dob, 403),
                Arguments.of("sam", "PUT", dateOfBirth(elsewhere), dob, 404),
                // nobody signed in, or a wrong password
                Arguments.of(null, "GET", c, null, 401),
                Arguments.of(null, "POST", "/api/messages", inbound, 401));
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {4}")
    @MethodSource("matrix")
    void roleAndOwnershipDecide(String user, String method, String path, String body, int status) {
        Api.Response response = api.send(
                user,
                method,
                path,
                body == null ? null : "application/json",
                body == null ? null : body.getBytes(StandardCharsets.UTF_8));

        assertThat(response.status()).as(response.body()).isEqualTo(status);
        if (status >= 400) {
            assertThat(response.contentType()).startsWith("application/problem+json");
        }
        if (status == 403 && path.startsWith("/api/messages/")) {
            assertThat(response.body()).doesNotContain("could use some advice");
        }
    }

    @Test
    void anotherPracticesClientCannotBeSignedFor() {
        Api.Response response =
                api.post("portal", "/api/clients/" + elsewhere.getId() + "/consent", "{\"policyVersion\":1}");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body()).doesNotContain("Other Client");
        assertThat(clients.findById(elsewhere.getId()).orElseThrow().getStatus())
                .isEqualTo(ClientStatus.INTAKE);
        assertThat(audit.eventsFor("CLIENT", elsewhere.getId())).isEmpty();
    }

    @Test
    void aColleagueCannotSignConsentForAnotherCliniciansClient() {
        Api.Response response = api.post(
                "blair", "/api/clients/" + inIntake.getId() + "/consent", "{\"policyVersion\":" + policyVersion + "}");

        assertThat(response.status()).isEqualTo(403);
        assertThat(clients.findById(inIntake.getId()).orElseThrow().getStatus()).isEqualTo(ClientStatus.INTAKE);
        assertThat(audit.eventsFor("CLIENT", inIntake.getId())).isEmpty();
    }

    @Test
    void staffListOnlyTheirOwnPracticesClients() {
        for (String user : new String[] {"sam", "casey", "admin"}) {
            Api.Response list = api.get(user, "/api/clients");
            assertThat(list.status()).isEqualTo(200);
            assertThat(list.json().findValuesAsText("id"))
                    .as(user)
                    .contains(jordan.getId().toString())
                    .doesNotContain(elsewhere.getId().toString());
        }
    }

    @Test
    void aMessageEnteredByStaffSaysWhoEnteredIt() {
        Api.Response created = api.post(
                "alex",
                "/api/messages",
                Api.json(Map.of(
                        "channel",
                        "PORTAL",
                        "externalId",
                        "entered-" + UUID.randomUUID(),
                        "clientId",
                        jordan.getId().toString(),
                        "body",
                        "Client called and asked to move Thursday to Friday")));
        assertThat(created.status()).isEqualTo(202);

        Api.Response read =
                api.get("alex", "/api/messages/" + created.json().get("id").asText());
        assertThat(read.json().get("enteredBy").asText()).isEqualTo("alex");
        route(messages.findById(UUID.fromString(created.json().get("id").asText()))
                .orElseThrow());
    }

    @Test
    void aWrongPasswordIs401() {
        String basic = "Basic " + Base64.getEncoder().encodeToString("alex:not-demo".getBytes(StandardCharsets.UTF_8));
        Api.Response response =
                api.send(null, "GET", "/api/messages/" + clinical.getId(), null, null, "Authorization", basic);
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    @Test
    void theCoordinatorsListHoldsAdministrativeItemsOnly() {
        Api.Response list = api.get("casey", "/api/messages?clientId=" + jordan.getId());

        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().findValuesAsText("id"))
                .contains(administrative.getId().toString())
                .doesNotContain(clinical.getId().toString());
        list.json()
                .forEach(m -> assertThat(m.get("route").asText().equals("COORDINATOR")
                                || m.get("category").asText().equals("ADMINISTRATIVE"))
                        .as(m.toString())
                        .isTrue());
    }
}
