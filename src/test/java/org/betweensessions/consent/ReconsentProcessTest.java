package org.betweensessions.consent;

import static io.camunda.zeebe.process.test.assertions.BpmnAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.assertj.core.api.Assertions;
import org.betweensessions.api.ConflictException;
import org.betweensessions.client.ClientRegistration;
import org.betweensessions.client.ClientStatus;
import org.betweensessions.clinician.Clinician;
import org.betweensessions.message.Channel;
import org.betweensessions.policy.CommunicationPolicy;
import org.betweensessions.policy.CommunicationPolicyRepository;
import org.betweensessions.policy.InvalidPolicyException;
import org.betweensessions.policy.PolicyDocument;
import org.betweensessions.policy.PolicyService;
import org.betweensessions.policy.TestPolicies;
import org.betweensessions.practice.Practice;
import org.betweensessions.practice.PracticeRepository;
import org.betweensessions.practice.StaffMember;
import org.betweensessions.practice.StaffMemberRepository;
import org.betweensessions.process.ProcessIds;
import org.betweensessions.security.StaffRole;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Re-consent after a policy change, in a practice of its own so the version numbers and clients are
 * this test's alone.
 */
class ReconsentProcessTest extends ConsentTestSupport {

    @Autowired
    PracticeRepository practices;

    @Autowired
    StaffMemberRepository staff;

    @Autowired
    CommunicationPolicyRepository policyVersions;

    @Autowired
    ClientRegistration registration;

    @Autowired
    PolicyService policies;

    Practice practice;
    Clinician first;
    Clinician second;

    @BeforeEach
    void practice() {
        practice = practices.save(new Practice("Reconsent test " + UUID.randomUUID(), ZoneId.of("America/Chicago")));
        first = clinician("first");
        second = clinician("second");
        policyVersions.save(new CommunicationPolicy(practice.getId(), null, 1, TestPolicies.complete(), "test"));
    }

    @Test
    void aClientFacingChangeAsksActiveClientsAgainWithoutBlockingTheirMessages() {
        UUID active = consentedClient(first);
        UUID inIntake = client(first);
        ConsentRequest intake = awaitStarted(inIntake, ConsentRequest.Kind.INTAKE);

        // Not client-facing (the same document): nobody is asked anything.
        var unchanged = policies.changePracticeDefault(practice.getId(), 1, TestPolicies.complete(), "sam");
        assertThat(unchanged.policy().isClientFacingChange()).isFalse();
        assertThat(requests.findFirstByClientIdAndStatus(active, ConsentRequest.Status.OPEN))
                .isEmpty();

        // A new response window is client-facing.
        var change = policies.changePracticeDefault(
                practice.getId(),
                2,
                TestPolicies.withWindow(new PolicyDocument.ResponseWindow("BUSINESS_DAYS", 2, false, false, true)),
                "sam");
        int v3 = change.policy().getVersion();
        assertThat(v3).isEqualTo(3);
        assertThat(change.policy().isClientFacingChange()).isTrue();

        ConsentRequest reconsent = awaitStarted(active, ConsentRequest.Kind.RECONSENT);
        assertThat(reconsent.getPolicyVersion()).isEqualTo(v3);
        await().atMost(WAIT).until(() -> notificationTemplates(active).contains("consent.policy-updated"));
        await().atMost(WAIT)
                .pollInSameThread()
                .untilAsserted(() -> assertThat(instance(reconsent))
                        .isWaitingAtElements("ClientConsentGivenEvent")
                        .hasPassedElement("ReviewDoneGateway")
                        .hasNotPassedElement(ProcessIds.REVIEW_POLICY_WITH_CLIENT_TASK));

        // Meanwhile the client keeps full messaging.
        assertThat(consent.hasCurrentConsent(active)).isTrue();
        assertThat(consent.contactScope(active)).isEqualTo(ConsentService.ContactScope.FULL);
        assertThat(clients.findById(active).orElseThrow().getStatus()).isEqualTo(ClientStatus.ACTIVE);

        // The client in intake is asked about the new version on the request already open, and the
        // clinician's review form shows that version.
        assertThat(reload(intake).getPolicyVersion()).isEqualTo(v3);
        eventually(() -> assertThat(instance(intake)).hasVariableWithValue("policyVersion", v3));
        assertThat(requests.findByClientIdOrderByCreatedAtAsc(inIntake)).hasSize(1);
        assertThat(notifications(inIntake).stream()
                        .filter(n -> n.getTemplateKey().equals("consent.policy")))
                .hasSize(2);

        // The old version is refused; the new one completes the re-consent. (Through the service: the
        // demo's portal user belongs to another practice and gets 404 for this practice's clients.)
        Assertions.assertThatThrownBy(() -> consent.recordConsent(active, 1, Channel.PORTAL, "portal"))
                .isInstanceOf(ConflictException.class);
        assertThat(consent.recordConsent(active, v3, Channel.PORTAL, "portal").created())
                .isTrue();
        awaitCompleted(reconsent);
        assertThat(reload(reconsent).getStatus()).isEqualTo(ConsentRequest.Status.CONSENTED);
        assertThat(requests.consentsOf(active))
                .extracting(c -> c.getPolicyVersion())
                .containsExactly(1, v3);
    }

    @Test
    void aClinicianOverrideAsksOnlyThatCliniciansClients() {
        UUID mine = consentedClient(second);
        UUID other = consentedClient(first);
        int current = policies.effectiveFor(second).getVersion();

        var change = policies.changeClinicianOverrides(
                second.getId(),
                current,
                new PolicyDocument(
                        null, null, null, null, null, null, new PolicyDocument.ModalityExceptions(true, false), null),
                "sam");
        assertThat(change.policy().getClinicianId()).isEqualTo(second.getId());
        assertThat(change.policy().getDocument().crisis())
                .as("inherited from the practice")
                .isEqualTo(TestPolicies.complete().crisis());

        ConsentRequest reconsent = awaitStarted(mine, ConsentRequest.Kind.RECONSENT);
        assertThat(reconsent.getPolicyVersion()).isEqualTo(change.policy().getVersion());
        assertThat(requests.findFirstByClientIdAndStatus(other, ConsentRequest.Status.OPEN))
                .isEmpty();
        assertThat(policies.render(clients.findById(mine).orElseThrow(), change.policy(), "en")
                        .text())
                .contains("skills coaching");
    }

    @Test
    void namingTheCoveringClinicianNeedsOneForEveryClinician() {
        PolicyDocument p = TestPolicies.complete();
        PolicyDocument naming = new PolicyDocument(
                p.channelsOffered(),
                p.channelsNotUsed(),
                p.responseWindow(),
                new PolicyDocument.CrisisProtocol(
                        p.crisis().whatCountsAsCrisis(),
                        p.crisis().resources(),
                        p.crisis().afterHoursInstructions(),
                        null,
                        null,
                        true),
                p.socialMediaStance(),
                p.giftsStance(),
                p.modalityExceptions(),
                p.billing());

        Assertions.assertThatThrownBy(() -> policies.changePracticeDefault(practice.getId(), 1, naming, "sam"))
                .isInstanceOfSatisfying(
                        InvalidPolicyException.class,
                        e -> assertThat(e.errors()).singleElement().satisfies(f -> {
                            assertThat(f.field()).isEqualTo("document.crisis.namesCoveringClinician");
                            assertThat(f.message()).contains(first.getUsername(), second.getUsername());
                        }));
        assertThat(policies.practiceDefault(practice.getId()).getVersion()).isEqualTo(1);

        // Each other's backup: the change is saved and each client reads their colleague's name.
        first.setBackupClinicianId(second.getId());
        second.setBackupClinicianId(first.getId());
        clinicians.saveAll(List.of(first, second));
        var change = policies.changePracticeDefault(practice.getId(), 1, naming, "sam");
        UUID client = client(first);
        assertThat(policies.render(clients.findById(client).orElseThrow(), change.policy(), "en")
                        .text())
                .contains("If I am away, my covering colleague: second, +1 555 0000");
    }

    private UUID consentedClient(Clinician clinician) {
        UUID id = client(clinician);
        ConsentRequest request = awaitStarted(id, ConsentRequest.Kind.INTAKE);
        consent.recordConsent(id, policies.effectiveFor(clinician).getVersion(), Channel.PORTAL, "portal");
        await().atMost(WAIT).until(() -> reload(request).getStatus() == ConsentRequest.Status.CONSENTED);
        return id;
    }

    private UUID client(Clinician clinician) {
        return registration
                .register(
                        new ClientRegistration.RegisterClient(
                                "Client " + UUID.randomUUID(), clinician.getUsername(), Channel.PORTAL, "en"),
                        practice.getId(),
                        "casey")
                .getId();
    }

    private Clinician clinician(String name) {
        StaffMember member = staff.save(
                new StaffMember(practice.getId(), name + "-" + UUID.randomUUID(), name, StaffRole.CLINICIAN));
        Clinician clinician = new Clinician(
                practice.getId(), member, ZoneId.of("America/Chicago"), name + "@test.example", "+1 555 0000");
        clinician.addOfficeHours(DayOfWeek.MONDAY, LocalTime.of(9, 0), LocalTime.of(17, 0));
        return clinicians.save(clinician);
    }
}
