package org.betweensessions.demo;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientConsent;
import org.betweensessions.client.ClientConsentRepository;
import org.betweensessions.client.ClientDirectory;
import org.betweensessions.client.ClientRepository;
import org.betweensessions.client.RiskLevel;
import org.betweensessions.clinician.Clinician;
import org.betweensessions.clinician.ClinicianRepository;
import org.betweensessions.message.Channel;
import org.betweensessions.policy.CommunicationPolicy;
import org.betweensessions.policy.CommunicationPolicyRepository;
import org.betweensessions.policy.PolicyDocument;
import org.betweensessions.policy.PolicyDocument.BillingRule;
import org.betweensessions.policy.PolicyDocument.ContactPurpose;
import org.betweensessions.policy.PolicyDocument.CrisisProtocol;
import org.betweensessions.policy.PolicyDocument.CrisisResource;
import org.betweensessions.policy.PolicyDocument.ModalityExceptions;
import org.betweensessions.policy.PolicyDocument.OfferedChannel;
import org.betweensessions.policy.PolicyDocument.ResponseWindow;
import org.betweensessions.practice.Practice;
import org.betweensessions.practice.PracticeRepository;
import org.betweensessions.practice.StaffMember;
import org.betweensessions.practice.StaffMemberRepository;
import org.betweensessions.security.StaffRole;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The demo practice of the embedded default: a policy, a supervisor, two clinicians with different
 * office hours and time zones, an intake coordinator, and four clients (consented low-risk,
 * high-risk, new without consent, terminated). Seeded once; the database keeps it across restarts.
 */
@Component
@Order(0)
@ConditionalOnProperty(name = "bsc.demo.enabled", havingValue = "true")
public class DemoPractice implements ApplicationRunner {

    public static final String PRACTICE_NAME = "Riverside Counseling (demo)";

    private static final Logger LOG = LoggerFactory.getLogger(DemoPractice.class);

    private final PracticeRepository practices;
    private final StaffMemberRepository staff;
    private final ClinicianRepository clinicians;
    private final ClientRepository clients;
    private final ClientConsentRepository consents;
    private final CommunicationPolicyRepository policies;
    private final ClientDirectory directory;

    DemoPractice(
            PracticeRepository practices,
            StaffMemberRepository staff,
            ClinicianRepository clinicians,
            ClientRepository clients,
            ClientConsentRepository consents,
            CommunicationPolicyRepository policies,
            ClientDirectory directory) {
        this.practices = practices;
        this.staff = staff;
        this.clinicians = clinicians;
        this.clients = clients;
        this.consents = consents;
        this.policies = policies;
        this.directory = directory;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        if (staff.findByUsername("sam").isPresent()) {
            LOG.info("Demo practice already present; not seeding again");
            return;
        }
        Practice practice = new Practice(PRACTICE_NAME, ZoneId.of("America/New_York"));
        practice.getHolidays().add(new Practice.Holiday(LocalDate.of(2026, 12, 25), "Christmas Day"));
        practice.getHolidays().add(new Practice.Holiday(LocalDate.of(2027, 1, 1), "New Year's Day"));
        practices.save(practice);
        UUID p = practice.getId();

        staff.save(new StaffMember(p, "sam", "Sam Rivera (supervisor)", StaffRole.SUPERVISOR));
        staff.save(new StaffMember(p, "casey", "Casey Morgan (intake)", StaffRole.COORDINATOR));
        staff.save(new StaffMember(p, "admin", "Practice admin", StaffRole.ADMIN));
        staff.save(new StaffMember(p, "portal", "Client portal integration", StaffRole.INTEGRATION));
        StaffMember alexStaff = staff.save(new StaffMember(p, "alex", "Dr. Alex Chen", StaffRole.CLINICIAN));
        StaffMember blairStaff = staff.save(new StaffMember(p, "blair", "Blair Okafor, LCSW", StaffRole.CLINICIAN));

        Clinician alex = new Clinician(
                p, alexStaff, ZoneId.of("America/New_York"), "alex.chen@riverside.example", "+1 555 0100 ext 1");
        for (DayOfWeek d : List.of(
                DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY)) {
            alex.addOfficeHours(d, LocalTime.of(9, 0), LocalTime.of(17, 0));
        }
        alex = clinicians.save(alex);

        // Blair works from the west coast, Tuesday to Saturday, with a lunch break.
        Clinician blair = new Clinician(
                p, blairStaff, ZoneId.of("America/Los_Angeles"), "blair.okafor@riverside.example", "+1 555 0100 ext 2");
        for (DayOfWeek d : List.of(
                DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY, DayOfWeek.SATURDAY)) {
            blair.addOfficeHours(d, LocalTime.of(10, 0), LocalTime.of(13, 0));
            blair.addOfficeHours(d, LocalTime.of(14, 0), LocalTime.of(18, 0));
        }
        blair.getDaysOff().add(new Clinician.DayOff(LocalDate.of(2026, 12, 24), "Personal day"));
        blair = clinicians.save(blair);

        // Each other's backup: a crisis one of them does not acknowledge in time goes to the other.
        alex.setBackupClinicianId(blair.getId());
        blair.setBackupClinicianId(alex.getId());

        CommunicationPolicy policy = policies.save(new CommunicationPolicy(p, null, 1, defaultPolicy(), "sam"));

        Client jordan = new Client(p, alex.getId(), "Jordan Lee", Channel.PORTAL, "en");
        jordan.activate();
        clients.save(jordan);
        directory.addContact(jordan.getId(), Channel.EMAIL, "jordan.lee@example.org");
        directory.addContact(jordan.getId(), Channel.SMS, "+1 555 0142");
        consents.save(new ClientConsent(
                jordan.getId(), policy.getId(), policy.getVersion(), Instant.now(), Channel.PORTAL, "alex"));

        Client maria = new Client(p, blair.getId(), "María Gómez", Channel.PORTAL, "es");
        maria.activate();
        maria.setRiskLevel(RiskLevel.HIGH);
        clients.save(maria);
        directory.addContact(maria.getId(), Channel.SMS, "+1 555 0177");
        consents.save(new ClientConsent(
                maria.getId(), policy.getId(), policy.getVersion(), Instant.now(), Channel.PORTAL, "blair"));

        clients.save(new Client(p, alex.getId(), "Taylor Brooks", Channel.EMAIL, "en"));

        Client robin = new Client(p, blair.getId(), "Robin Patel", Channel.PORTAL, "en");
        robin.activate();
        robin.terminate();
        clients.save(robin);

        LOG.info("Seeded the demo practice '{}'", PRACTICE_NAME);
    }

    /**
     * The demo practice's policy, written in English with Spanish translations of every free text
     * (María Gómez reads Spanish: her crisis section must be in Spanish).
     */
    public static PolicyDocument defaultPolicy() {
        return new PolicyDocument(
                List.of(
                        new OfferedChannel(
                                Channel.PORTAL,
                                List.of(ContactPurpose.ADMINISTRATIVE, ContactPurpose.CLINICAL_CHECK_IN),
                                "https://portal.riverside.example",
                                "Sign in with the invitation we email you; messages are encrypted.",
                                es(
                                        "Inicie sesión con la invitación que le enviamos por correo; los mensajes van cifrados.")),
                        new OfferedChannel(
                                Channel.EMAIL,
                                List.of(ContactPurpose.ADMINISTRATIVE),
                                "office@riverside.example",
                                "Encrypted practice email, for scheduling, billing and paperwork.",
                                es("Correo cifrado de la consulta, para citas, facturación y trámites.")),
                        new OfferedChannel(
                                Channel.PHONE,
                                List.of(ContactPurpose.CLINICAL_CHECK_IN),
                                "+1 555 0100",
                                "Scheduled phone check-ins only.",
                                es("Solo llamadas de seguimiento programadas."))),
                List.of(Channel.SMS, Channel.SOCIAL_MEDIA),
                new ResponseWindow("BUSINESS_HOURS", 24, false, false, true),
                new CrisisProtocol(
                        "Thoughts of harming yourself or someone else, or any situation where you are not safe.",
                        List.of(
                                new CrisisResource(
                                        "988 Suicide & Crisis Lifeline",
                                        "Call or text 988",
                                        es("Línea 988 de Prevención del Suicidio y Crisis"),
                                        es("Llame al 988 y marque 2 para español, o envíe un mensaje de texto al 988")),
                                new CrisisResource("Emergency services", "911", es("Servicios de emergencia"), null)),
                        "Messages are not monitored after hours. In a crisis, call or text 988 or call 911.",
                        es("Pensamientos de hacerse daño o de hacer daño a otra persona, o cualquier situación en la"
                                + " que no esté a salvo."),
                        es("Fuera del horario de consulta nadie lee los mensajes. En una crisis, llame o envíe un"
                                + " mensaje de texto al 988, o llame al 911."),
                        true), // names each clinician's backup as the covering colleague
                "I do not connect with clients on social media, to protect your privacy.",
                "Small tokens are fine; I may decline gifts to keep our work focused on you.",
                new ModalityExceptions(false, true),
                new BillingRule(true, 10, 15),
                es("No me conecto con clientes en redes sociales, para proteger su privacidad."),
                es("Los detalles pequeños están bien; puedo declinar regalos para que nuestro trabajo siga"
                        + " centrado en usted."),
                new PolicyDocument.SmsReminders(true));
    }

    private static Map<String, String> es(String spanish) {
        return Map.of("es", spanish);
    }
}
