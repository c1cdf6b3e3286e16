package org.betweensessions.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.betweensessions.audit.AuditTrail;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientStatus;
import org.betweensessions.clinician.Clinician;
import org.betweensessions.engine.UserTasks;
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
import org.betweensessions.process.ProcessIds;
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
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.server.PathContainer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Who may do what, per role and per ownership, over HTTP with the real security filters. Jordan is
 * alex's client, María is blair's; casey (coordinator) sees administrative items only; sam is the
 * supervisor; portal (integration) may only post inbound messages and consent (and read the policy it
 * shows the client). The API is called with HTTP Basic, the workspace's pages with a signed-in session
 * and its CSRF token.
 *
 * <p>Complete by construction: {@link #everyEndpointHasItsRows()} reads every endpoint Spring MVC maps
 * (RequestMappingHandlerMapping) and fails for one without a row for nobody signed in, a clinician on
 * their own client, a clinician on a colleague's client, the coordinator and the supervisor. A new
 * endpoint therefore comes with its rows here. Allowed requests on things that change state are
 * chosen to stop after the permission check where possible (409, 422: a business refusal, nothing
 * written), or act on fixtures of their own.
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

    @Autowired
    UserTasks userTasks;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    /** alex's client with an ending under way (termination endpoints). */
    Client ending;

    UUID terminationId;
    /** alex's absence, covered by a clinician who is neither alex nor blair. */
    UUID coverageId;

    UUID contactExceptionId;
    /** alex's "Respond to client message" task for the clinical message. */
    long answerTaskKey;
    /** A routine message of jordan's that the reply rows answer (so the clinical one stays open). */
    Message toAnswer;

    private final Map<String, Browser> browsers = new HashMap<>();

    @BeforeAll
    void setUp() {
        api = new Api(port);
        // Whether a clinician's daily digest exists depends on what ran before (other tests, the
        // scheduler on a moved clock): give alex and blair one, on a date long past, so the digest row
        // below reads the same in any order.
        for (String clinician : List.of("alex", "blair")) {
            jdbc.update(
                    "insert ignore into sla_digest (clinician_id, digest_date, sent_at, due_today, overdue,"
                            + " message_ids) values (?, '2000-01-03', '2000-01-03 09:00:00', 0, 0, '')",
                    clinicians.findByUsername(clinician).orElseThrow().getId().toString());
        }
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
        toAnswer = route(service.accept(new InboundMessageRequest(
                        Channel.PORTAL,
                        "auth-" + UUID.randomUUID(),
                        jordan.getId(),
                        null,
                        "Could we talk this week? Things at work have been hard and I could use some advice.",
                        now()))
                .message());
        ending = demoClient("alex", ClientStatus.ACTIVE);
        Api.Response ended = api.post(
                "alex",
                "/api/clients/" + ending.getId() + "/termination",
                "{\"kind\":\"PLANNED\",\"lastSessionDate\":\"" + today().plusDays(14) + "\",\"reason\":\"GOALS_MET\"}");
        assertThat(ended.status()).as(ended.body()).isEqualTo(201);
        terminationId = UUID.fromString(ended.json().get("id").asText());
        String covering = colleagueOfDemoPractice();
        Api.Response planned = api.post(
                "alex",
                "/api/coverages",
                "{\"coveringClinician\":\"" + covering + "\",\"startsOn\":\"" + today().plusDays(30)
                        + "\",\"endsOn\":\"" + today().plusDays(37) + "\",\"reasonCategory\":\"CONFERENCE\"}");
        assertThat(planned.status()).as(planned.body()).isEqualTo(201);
        coverageId = UUID.fromString(planned.json().get("id").asText());
        Api.Response exception = api.post(
                "alex",
                "/api/clients/" + jordan.getId() + "/contact-exceptions",
                "{\"kind\":\"PHONE_COACHING\",\"reason\":\"Skills coaching agreed in session\"}");
        assertThat(exception.status()).as(exception.body()).isEqualTo(201);
        contactExceptionId = UUID.fromString(exception.json().get("id").asText());
        eventually(() -> assertThat(userTasks.findOpenTask(
                        messages.findById(clinical.getId()).orElseThrow().getProcessInstanceKey(),
                        ProcessIds.RESPOND_TO_MESSAGE_TASK))
                .isPresent());
        answerTaskKey = userTasks
                .findOpenTask(
                        messages.findById(clinical.getId()).orElseThrow().getProcessInstanceKey(),
                        ProcessIds.RESPOND_TO_MESSAGE_TASK)
                .orElseThrow()
                .userTaskKey();
    }

    private LocalDate today() {
        return now().atZone(ZoneId.of("America/New_York")).toLocalDate();
    }

    /** A clinician of the demo practice who is neither alex nor blair (never signs in here). */
    private String colleagueOfDemoPractice() {
        UUID practice = clinicians.findByUsername("alex").orElseThrow().getPracticeId();
        String username = "covering-" + UUID.randomUUID().toString().substring(0, 8);
        var member = staff.save(new StaffMember(practice, username, "Covering clinician", StaffRole.CLINICIAN));
        Clinician covering = new Clinician(
                practice, member, ZoneId.of("America/New_York"), username + "@test.example", "+1 555 0101");
        // Every clinician of the practice has a backup: the practice policy, which names the covering
        // clinician, is refused while one has none (other tests change the policy in this database).
        covering.setBackupClinicianId(
                clinicians.findByUsername("alex").orElseThrow().getId());
        clinicians.save(covering);
        return username;
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

    /**
     * One line per endpoint: the status for nobody signed in, alex (jordan's clinician), blair (a
     * colleague: someone else's client), casey (coordinator) and sam (supervisor), in that order. Rows
     * run in this order, so a row may see what an earlier one did (a second answer is a 409).
     */
    Stream<Arguments> everyEndpoint() {
        String j = "/api/clients/" + jordan.getId();
        String c = "/api/messages/" + clinical.getId();
        String r = "/api/messages/" + toAnswer.getId();
        String e = "/api/clients/" + ending.getId();
        String cov = "/api/coverages/" + coverageId;
        String inbound = "{\"channel\":\"PORTAL\",\"externalId\":\"auth-%UUID%\",\"clientId\":\"" + jordan.getId()
                + "\",\"body\":\"Could we move Thursday to Friday?\"}";
        String review = "{\"preferredChannel\":\"PORTAL\",\"understoodChannels\":true,"
                + "\"understoodContactKinds\":true,\"understoodResponseTime\":true,"
                + "\"understoodCrisisPlan\":true,\"arrangement\":\"STANDARD\"}";
        String documentation =
                "{\"contactMade\":\"PHONE_CALL\",\"safetyAssessed\":true,\"nextStep\":\"SESSION_SCHEDULED\",\"minutesSpent\":5}";
        String page = "/messages/" + clinical.getId();
        return Stream.of(
                        // messages (API)
                        every("GET", "/api/messages", null, 401, 200, 200, 200, 200),
                        every("POST", "/api/messages", inbound, 401, 202, 403, 202, 202),
                        every("GET", c, null, 401, 200, 403, 403, 200),
                        every(
                                "POST",
                                r + "/replies",
                                "{\"body\":\"Thanks, glad it helped.\",\"minutesSpent\":3}",
                                401,
                                201,
                                403,
                                403,
                                409),
                        every("POST", c + "/crisis-acknowledgement", "{}", 401, 409, 403, 403, 409),
                        every("POST", c + "/crisis-documentation", documentation, 401, 409, 403, 403, 409),
                        // clients, consent, billing
                        every("GET", "/api/clients", null, 401, 200, 200, 200, 200),
                        every(
                                "POST",
                                "/api/clients",
                                "{\"displayName\":\"Pat Doe\",\"clinician\":\"alex\",\"preferredChannel\":\"PORTAL\"}",
                                401,
                                201,
                                403, // a colleague's caseload
                                201,
                                201),
                        every("GET", j, null, 401, 200, 403, 200, 200),
                        every("GET", j + "/policy", null, 401, 200, 403, 200, 200),
                        every(
                                "POST",
                                j + "/consent",
                                "{\"policyVersion\":" + policyVersion + "}",
                                401,
                                200,
                                403,
                                200,
                                200),
                        every("GET", j + "/consent", null, 401, 200, 403, 200, 200),
                        every("POST", j + "/consent-review", review, 401, 409, 403, 403, 409),
                        every(
                                "POST",
                                j + "/consent-follow-up",
                                "{\"outcome\":\"LEFT_MESSAGE\"}",
                                401,
                                403,
                                403,
                                409,
                                409),
                        every("GET", j + "/billing", null, 401, 200, 403, 200, 200),
                        // risk, safety plan, contact exceptions
                        every(
                                "POST",
                                j + "/risk",
                                "{\"level\":\"LOW\",\"reason\":\"Reviewed in session\"}",
                                401,
                                409,
                                403,
                                403,
                                409),
                        every(
                                "POST",
                                j + "/safety-plan",
                                "{\"warningSigns\":\"Not sleeping\"}",
                                401,
                                201,
                                403,
                                403,
                                201),
                        every("POST", j + "/safety-plan/copy", null, 401, 202, 403, 403, 202),
                        every("GET", j + "/safety-plan", null, 401, 200, 403, 403, 200),
                        every(
                                "POST",
                                j + "/contact-exceptions",
                                "{\"kind\":\"PHONE_COACHING\",\"reason\":\"Agreed in session\"}",
                                401,
                                201,
                                403,
                                403,
                                201),
                        every("GET", j + "/contact-exceptions", null, 401, 200, 403, 403, 200),
                        every(
                                "POST",
                                j + "/contact-exceptions/" + contactExceptionId + "/end",
                                "{\"reason\":\"Ended in session\"}",
                                401,
                                200,
                                403,
                                403,
                                409),
                        // ending treatment
                        every(
                                "POST",
                                e + "/termination",
                                "{\"kind\":\"PLANNED\",\"lastSessionDate\":\"" + today().plusDays(14)
                                        + "\",\"reason\":\"GOALS_MET\"}",
                                401,
                                409,
                                403,
                                403,
                                409),
                        every("GET", e + "/termination", null, 401, 200, 403, 403, 200),
                        every("GET", "/api/terminations/" + terminationId + "/letter", null, 401, 404, 403, 403, 404),
                        // a letter not written yet cannot be edited (409 after the permission check)
                        every(
                                "PUT",
                                "/api/terminations/" + terminationId + "/letter",
                                "{\"text\":\"Dear client\",\"baseVersion\":1}",
                                401,
                                409,
                                403,
                                403,
                                409),
                        // jordan has no ending to cancel (409 after the permission check)
                        every("POST", cancel(jordan), "{\"reason\":\"CLINICAL_JUDGEMENT\"}", 401, 409, 403, 403, 409),
                        // a date of birth in the future: refused after the permission check, nothing stored
                        every("PUT", dateOfBirth(jordan), "{\"dateOfBirth\":\"2999-01-01\"}", 401, 400, 403, 400, 400),
                        // emergency contact (none recorded for jordan) and transfers; the PUT and POST lack a
                        // required part, so nothing is written by those allowed
                        every("GET", j + "/emergency-contact", null, 401, 404, 403, 404, 404),
                        every(
                                "PUT",
                                j + "/emergency-contact",
                                "{\"name\":\"Robin\",\"relationship\":\"sister\",\"consentToContact\":false}",
                                401,
                                400,
                                403,
                                400,
                                400),
                        every("DELETE", j + "/emergency-contact", null, 401, 404, 403, 404, 404),
                        every("GET", j + "/transfers", null, 401, 200, 403, 403, 200),
                        every(
                                "POST",
                                j + "/transfers",
                                "{\"kind\":\"WITHIN_PRACTICE\",\"reason\":\"Matrix check\"}",
                                401,
                                400,
                                403,
                                403,
                                400),
                        // licences: a clinician's are recorded by the supervisor (or an admin); a client's
                        // jurisdiction by the client's clinician or the supervisor
                        every("GET", "/api/licences/clinicians/blair", null, 401, 200, 200, 200, 200),
                        every("PUT", "/api/licences/clinicians/blair", "{}", 401, 403, 403, 403, 422),
                        every("GET", "/api/licences/clients/" + jordan.getId(), null, 401, 200, 403, 200, 200),
                        every(
                                "PUT",
                                "/api/licences/clients/" + jordan.getId(),
                                "{\"jurisdiction\":\"??\"}",
                                401,
                                422,
                                403,
                                403,
                                422),
                        every(
                                "POST",
                                j + "/sessions",
                                "{\"sessionAt\":\"" + now().plusSeconds(7 * 86_400) + "\"}",
                                401,
                                201,
                                403,
                                201,
                                201),
                        every("POST", j + "/reopen", null, 401, 409, 403, 409, 409),
                        // policies
                        every("GET", "/api/policies/practice", null, 401, 200, 200, 200, 200),
                        every("GET", "/api/policies/practice/versions", null, 401, 200, 200, 200, 200),
                        every(
                                "POST",
                                "/api/policies/practice/versions",
                                "{\"basedOnVersion\":0,\"document\":{}}",
                                401,
                                403,
                                403,
                                403,
                                400),
                        every("GET", "/api/policies/clinicians/alex", null, 401, 200, 200, 200, 200),
                        every(
                                "POST",
                                "/api/policies/clinicians/alex/versions",
                                "{\"basedOnVersion\":0,\"overrides\":{}}",
                                401,
                                403,
                                403,
                                403,
                                409),
                        every("POST", "/api/triage/preview", "{\"text\":\"hello\"}", 401, 200, 200, 200, 200),
                        // response SLAs
                        every("GET", "/api/sla/breaches", null, 401, 403, 403, 403, 200),
                        every("GET", "/api/sla/summary", null, 401, 403, 403, 403, 200),
                        every("GET", "/api/sla/digest", null, 401, 200, 200, 403, 403), // a clinician's own
                        // coverage of an absence (alex away, covered by a third clinician)
                        every(
                                "POST",
                                "/api/coverages",
                                "{\"clinician\":\"alex\",\"coveringClinician\":\"nobody-such\",\"startsOn\":\""
                                        + today().plusDays(60) + "\",\"endsOn\":\"" + today().plusDays(61)
                                        + "\",\"reasonCategory\":\"VACATION\"}",
                                401,
                                422,
                                403,
                                403,
                                422),
                        every("GET", "/api/coverages?clinician=alex", null, 401, 200, 403, 403, 200),
                        every("GET", cov, null, 401, 200, 403, 403, 200),
                        every(
                                "POST",
                                cov + "/dates",
                                "{\"endsOn\":\"" + today().plusDays(38) + "\"}",
                                401,
                                200,
                                403,
                                403,
                                200),
                        every(
                                "PUT",
                                cov + "/summaries/" + jordan.getId(),
                                "{\"text\":\"Doing well; watch sleep.\"}",
                                401,
                                200,
                                403,
                                403,
                                200),
                        every("GET", cov + "/summaries", null, 401, 200, 403, 403, 200),
                        every("GET", cov + "/hand-back", null, 401, 200, 403, 403, 200),
                        every("POST", cov + "/cancel", null, 401, 200, 403, 403, 409),
                        every("POST", cov + "/covering-unavailable", null, 401, 403, 403, 403, 409),
                        // operations
                        every("GET", "/actuator/metrics", null, 401, 403, 403, 403, 200),
                        every("GET", "/v3/api-docs", null, 401, 200, 200, 200, 200),
                        every("GET", "/v3/api-docs.yaml", null, 401, 200, 200, 200, 200),
                        every("GET", "/v3/api-docs/swagger-config", null, 401, 200, 200, 200, 200),
                        every("GET", "/api", null, 401, 302, 302, 302, 302), // to Swagger UI
                        // the workspace's pages (signed-in session, CSRF token; nobody signed in goes to /login)
                        every("GET", "/login", null, 200, 200, 200, 200, 200),
                        every("GET", "/", null, 302, 200, 200, 200, 200),
                        every("GET", page, null, 302, 200, 403, 403, 200),
                        every("POST", page + "/reply", "body=&minutesSpent=", 403, 200, 403, 403, 200),
                        every("POST", page + "/acknowledgement", "", 403, 200, 403, 403, 200),
                        every("POST", page + "/documentation", "", 403, 200, 403, 403, 200),
                        every("GET", "/tasks", null, 302, 200, 200, 200, 200),
                        every("GET", "/tasks/" + answerTaskKey, null, 302, 200, 403, 403, 403),
                        every("POST", "/tasks/" + answerTaskKey, "{}", 403, 422, 403, 403, 403),
                        every("GET", "/clients/" + jordan.getId() + "/billing", null, 302, 200, 403, 200, 200),
                        every("GET", "/coverage", null, 302, 200, 200, 403, 403),
                        every("POST", "/coverage", "coveringClinician=", 403, 200, 200, 403, 403),
                        // an absence's page (cancelled by the API rows above, so every change is refused on
                        // the page and nothing is written)
                        every("GET", "/coverage/" + coverageId, null, 302, 200, 403, 403, 200),
                        every(
                                "POST",
                                "/coverage/" + coverageId + "/summaries/" + jordan.getId(),
                                "text=",
                                403,
                                200,
                                403,
                                403,
                                200),
                        every("POST", "/coverage/" + coverageId + "/dates", "endsOn=", 403, 200, 403, 403, 200),
                        every("POST", "/coverage/" + coverageId + "/cancel", "", 403, 200, 403, 403, 200),
                        // the ending page: a letter not written yet, a cancellation without a reason
                        every("GET", "/clients/" + ending.getId() + "/ending", null, 302, 200, 403, 403, 200),
                        every(
                                "POST",
                                "/clients/" + ending.getId() + "/ending/letter",
                                "text=Dear+client&baseVersion=1",
                                403,
                                200,
                                403,
                                403,
                                200),
                        every(
                                "POST",
                                "/clients/" + ending.getId() + "/ending/cancellation",
                                "reason=",
                                403,
                                200,
                                403,
                                403,
                                200))
                .flatMap(x -> x);
    }

    private static Stream<Arguments> every(
            String method, String path, String body, int nobody, int alex, int blair, int casey, int sam) {
        return Stream.of(
                Arguments.of(null, method, path, body, nobody),
                Arguments.of("alex", method, path, body, alex),
                Arguments.of("blair", method, path, body, blair),
                Arguments.of("casey", method, path, body, casey),
                Arguments.of("sam", method, path, body, sam));
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {4}")
    @MethodSource("everyEndpoint")
    void everyEndpointDecidesByRoleAndOwnership(String user, String method, String path, String body, int status)
            throws Exception {
        String sent =
                body == null ? null : body.replace("%UUID%", UUID.randomUUID().toString());
        if (isPage(path)) {
            HttpResponse<String> response = browser(user).send(method, path, sent);
            assertThat(response.statusCode())
                    .as(method + " " + path + " as " + user + ": " + response.body())
                    .isEqualTo(status);
            if (status == 302) {
                assertThat(response.headers().firstValue("Location").orElse("")).endsWith("/login");
            }
            if (status == 403 && user != null) {
                assertThat(response.body()).doesNotContain("could use some advice");
            }
            return;
        }
        roleAndOwnershipDecide(user, method, path, sent, status);
    }

    /** Spring Boot's error page: reached by forwarding only, never by a request of its own. */
    private static final Set<String> NOT_OURS = Set.of("/error");

    @Test
    void everyEndpointHasItsRows() {
        List<Arguments> rows = Stream.concat(matrix(), everyEndpoint()).toList();
        Set<String> missing = new TreeSet<>();
        for (var entry : mappings.getHandlerMethods().entrySet()) {
            RequestMappingInfo info = entry.getKey();
            HandlerMethod handler = entry.getValue();
            var methods = info.getMethodsCondition().getMethods();
            for (PathPattern pattern : info.getPathPatternsCondition().getPatterns()) {
                if (NOT_OURS.contains(pattern.getPatternString())) {
                    assertThat(handler.getBeanType().getPackageName())
                            .as(pattern.getPatternString())
                            .doesNotStartWith("org.betweensessions");
                    continue;
                }
                for (String method : methods.isEmpty()
                        ? List.of("GET")
                        : methods.stream().map(Enum::name).toList()) {
                    Set<String> who = new TreeSet<>();
                    for (Arguments row : rows) {
                        Object[] a = row.get();
                        String path = ((String) a[2]).split("\\?")[0];
                        if (method.equals(a[1]) && pattern.matches(PathContainer.parsePath(path))) {
                            who.add(String.valueOf(a[0]));
                        }
                    }
                    for (String required : List.of("null", "alex", "blair", "casey", "sam")) {
                        if (!who.contains(required)) {
                            missing.add(method + " " + pattern.getPatternString() + " ("
                                    + handler.getBeanType().getSimpleName() + ") has no row for "
                                    + ("null".equals(required) ? "nobody signed in" : required));
                        }
                    }
                }
            }
        }
        assertThat(missing).as("endpoints without their rows in the matrix").isEmpty();
    }

    private static boolean isPage(String path) {
        return !(path.startsWith("/api") || path.startsWith("/actuator") || path.startsWith("/v3/"));
    }

    private Browser browser(String user) throws IOException, InterruptedException {
        String key = String.valueOf(user);
        Browser browser = browsers.get(key);
        if (browser == null) {
            browser = new Browser();
            if (user != null) {
                browser.signIn(user);
            }
            browsers.put(key, browser);
        }
        return browser;
    }

    /** A browser without JavaScript: cookies kept, redirects not followed, the page's CSRF token sent. */
    private final class Browser {
        private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
        private final HttpClient http = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        private String token;

        void signIn(String username) throws IOException, InterruptedException {
            HttpResponse<String> signedIn = send(
                    "POST",
                    "/login",
                    "username=" + username + "&password=demo&_csrf="
                            + URLEncoder.encode(csrfOf("/login"), StandardCharsets.UTF_8));
            assertThat(signedIn.statusCode()).isEqualTo(302);
            token = csrfOf("/");
        }

        private String csrfOf(String path) throws IOException, InterruptedException {
            Matcher m = CSRF.matcher(send("GET", path, null).body());
            assertThat(m.find()).as("CSRF token on " + path).isTrue();
            return m.group(1);
        }

        HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else if (body.startsWith("{")) {
                request.header("Content-Type", "application/json");
                if (token != null) {
                    request.header("X-CSRF-TOKEN", token);
                }
                request.method(method, HttpRequest.BodyPublishers.ofString(body));
            } else {
                List<String> form = new ArrayList<>();
                if (!body.isEmpty()) {
                    form.add(body);
                }
                if (token != null && !path.equals("/login")) {
                    form.add("_csrf=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
                }
                request.header("Content-Type", "application/x-www-form-urlencoded");
                request.method(method, HttpRequest.BodyPublishers.ofString(String.join("&", form)));
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }
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
