package org.betweensessions.coverage;

import static io.camunda.zeebe.process.test.assertions.BpmnAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.zeebe.process.test.inspections.model.InspectedProcessInstance;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.betweensessions.api.ConflictException;
import org.betweensessions.api.InvalidFieldException;
import org.betweensessions.audit.AuditEvent;
import org.betweensessions.calendar.ResponseWindow;
import org.betweensessions.client.Client;
import org.betweensessions.client.RiskLevel;
import org.betweensessions.clinician.CareTeam;
import org.betweensessions.clinician.Clinician;
import org.betweensessions.clinician.ClinicianLeave;
import org.betweensessions.coverage.Coverage.Reason;
import org.betweensessions.coverage.Coverage.Status;
import org.betweensessions.crisis.CrisisAcknowledgement.ContactMade;
import org.betweensessions.crisis.CrisisAcknowledgement.NextStep;
import org.betweensessions.inbox.CrisisAcknowledgementRequest;
import org.betweensessions.inbox.InboundMessageRequest;
import org.betweensessions.inbox.ReplyRequest;
import org.betweensessions.message.Channel;
import org.betweensessions.message.Message;
import org.betweensessions.message.MessageStatus;
import org.betweensessions.outbox.OutboundNotification;
import org.betweensessions.policy.LanguageBank;
import org.betweensessions.practice.StaffMember;
import org.betweensessions.process.ProcessIds;
import org.betweensessions.security.CurrentUser;
import org.betweensessions.security.StaffRole;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * coverage-handoff on the real engine, driven by the engine clock and the application clock together:
 * a two-week vacation end to end (acceptance, supervisor approval, summaries, notices in the client's
 * language at the decided time, start, end, hand-back with counts); short notice needing the clinical
 * director; a decline and a conflict returning to planning; an emergency sick day routing at once;
 * an extension mid-absence moving the end timer; the covering clinician becoming unavailable; a
 * crisis during coverage alerting the covering clinician and escalating to the supervisor. Each test
 * makes clinicians of its own, so no other test's routing for alex or blair changes. Moves the
 * engine clock, so it gets its own engine.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestPropertySource(properties = "bsc.coverage.clinical-director=zoe-director")
class CoverageHandoffProcessTest extends CoverageTestSupport {

    static final String DIRECTOR = "zoe-director";

    // ---- the cases ----

    @Test
    void aTwoWeekVacationEndToEnd() throws Exception {
        Clinician away = newClinician("vac");
        Clinician covering = newClinician("cov");
        Client highRisk = newClient(away, "en", RiskLevel.HIGH);
        Client spanish = newClient(away, "es", RiskLevel.LOW);
        LocalDate from = today(away).plusDays(21);
        LocalDate to = from.plusDays(13);

        Coverage coverage = planned(away, covering, from, to, false);
        eventually(() -> assertThat(instance(coverage)).isWaitingAtElements(ProcessIds.ACCEPT_COVERAGE_TASK));
        assertThat(task(coverage, ProcessIds.ACCEPT_COVERAGE_TASK).assignee()).isEqualTo(covering.getUsername());
        assertThat(instance(coverage))
                .hasVariableWithValue("approvalLevel", "SUPERVISOR")
                .hasVariableWithValue("fullCoveragePlan", false)
                .hasVariableWithValue("lengthDays", 14);
        // Nothing is routed before the absence is approved and under way.
        assertThat(careTeam.responsibleFor(away.getId())).isEqualTo(away.getUsername());

        complete(coverage, ProcessIds.ACCEPT_COVERAGE_TASK, Map.of("coverageAnswer", "ACCEPT"));
        String supervisor = careTeam.supervisorOf(away.getPracticeId());
        assertThat(task(coverage, ProcessIds.APPROVE_COVERAGE_TASK).assignee()).isEqualTo(supervisor);
        complete(coverage, ProcessIds.APPROVE_COVERAGE_TASK, Map.of("coverageDecision", "APPROVE"));
        Coverage approved = awaitCoverage(coverage.getId(), c -> c.getApprovedAt() != null);

        // Summaries per the decision: full + warm hand-off for the high-risk client, short otherwise,
        // due 3 days before the start; clients are told 7 days before (coverage-schedule).
        eventually(() -> assertThat(instance(coverage))
                .isWaitingAtElements(ProcessIds.PREPARE_COVERAGE_SUMMARIES_TASK, ProcessIds.CLIENT_NOTICE_TIMER));
        assertThat(approved.getSummariesDueAt())
                .isEqualTo(approved.getStartsAt().minus(Duration.ofDays(3)));
        assertThat(approved.getNotifyAt()).isEqualTo(approved.getStartsAt().minus(Duration.ofDays(7)));
        assertThat(timerDueDates(coverage.getProcessInstanceKey(), ProcessIds.CLIENT_NOTICE_TIMER))
                .containsExactly(approved.getNotifyAt());
        assertThat(approved.getStartsAt())
                .isEqualTo(from.atStartOfDay(away.getTimeZone()).toInstant());
        var summaryTask = task(coverage, ProcessIds.PREPARE_COVERAGE_SUMMARIES_TASK);
        assertThat(summaryTask.assignee()).isEqualTo(away.getUsername());
        assertThat(ZonedDateTime.parse(summaryTask.dueDate()).toInstant()).isEqualTo(approved.getSummariesDueAt());
        assertThat(summaryRows.findByCoverageIdAndClientId(coverage.getId(), highRisk.getId()))
                .hasValueSatisfying(s -> {
                    assertThat(s.getKind()).isEqualTo(CoverageSummary.Kind.FULL);
                    assertThat(s.isWarmHandoffRequired()).isTrue();
                });
        assertThat(summaryRows.findByCoverageIdAndClientId(coverage.getId(), spanish.getId()))
                .hasValueSatisfying(s -> assertThat(s.getKind()).isEqualTo(CoverageSummary.Kind.SHORT));
        // Routing during the absence, stored with the leave (coverage-routing).
        ClinicianLeave leave = leaves.findById(approved.getLeaveId()).orElseThrow();
        assertThat(leave.getRouting())
                .containsEntry("SUPPORT_SEEKING", "COVERING")
                .containsEntry("BOUNDARY", "AFTER_RETURN");

        // Confirmed before they are written: the task comes back.
        complete(coverage, ProcessIds.PREPARE_COVERAGE_SUMMARIES_TASK, Map.of("summariesWritten", true));
        eventually(() -> assertThat(auditTypes(coverage)).contains("COVERAGE_SUMMARIES_INCOMPLETE"));
        String marker = "Prescriber Dr. Vance, sertraline 100mg; sister is emergency contact " + UUID.randomUUID();
        handoff.writeSummary(coverage.getId(), highRisk.getId(), marker, true, away.getUsername());
        handoff.writeSummary(
                coverage.getId(), spanish.getId(), "Stable; homework on sleep.", false, away.getUsername());
        // Written but not confirmed by the clinician (warm hand-off calls not done): it comes back.
        complete(coverage, ProcessIds.PREPARE_COVERAGE_SUMMARIES_TASK, Map.of("summariesWritten", false));
        eventually(() -> assertThat(audit.eventsFor("COVERAGE", coverage.getId()))
                .anySatisfy(e -> assertThat(e.getDetails()).contains("\"confirmedByClinician\":false")));
        eventually(
                () -> assertThat(instance(coverage)).isWaitingAtElements(ProcessIds.PREPARE_COVERAGE_SUMMARIES_TASK));
        assertThat(instance(coverage)).hasNotPassedElement("SummariesReadyEvent");
        complete(coverage, ProcessIds.PREPARE_COVERAGE_SUMMARIES_TASK, Map.of("summariesWritten", true));
        eventually(() -> assertThat(instance(coverage)).hasPassedElement("SummariesReadyEvent"));

        // Seven days before: every client told in their language, checked against the avoid list.
        advanceTo(approved.getNotifyAt());
        OutboundNotification en = sent("coverage-notice:" + coverage.getId() + ":" + highRisk.getId());
        OutboundNotification es = sent("coverage-notice:" + coverage.getId() + ":" + spanish.getId());
        assertThat(es.getLanguage()).isEqualTo("es");
        assertThat(es.getBody())
                .contains("estaré fuera desde el")
                .contains(covering.getStaffMember().getDisplayName())
                .contains("988");
        assertThat(en.getBody())
                .contains(covering.getStaffMember().getDisplayName())
                .contains("988")
                .contains(CoverageHandoff.day(from, "en"))
                .contains(CoverageHandoff.day(to.plusDays(1), "en"));
        assertThat(LanguageBank.findAvoidedPhrase(en.getBody())).isEmpty();
        assertThat(LanguageBank.findAvoidedPhrase(es.getBody())).isEmpty();
        assertThat(audit.eventsFor("CLIENT", spanish.getId()))
                .extracting(AuditEvent::getEventType)
                .contains("COVERAGE_NOTICE_SENT");

        // The first day away: routing goes to the covering clinician.
        advanceTo(approved.getStartsAt());
        Coverage active = awaitCoverage(coverage.getId(), c -> c.getStatus() == Status.ACTIVE);
        eventually(() -> assertThat(instance(coverage)).isWaitingAtElements(ABSENCE_EVENTS));
        assertThat(timerDueDates(coverage.getProcessInstanceKey(), ProcessIds.COVERAGE_END_TIMER))
                .containsExactly(active.getEndsAt());
        assertThat(careTeam.responsibleFor(away.getId())).isEqualTo(covering.getUsername());
        CareTeam.Team team = careTeam.forClinician(away.getId(), away.getPracticeId());
        assertThat(team.answererOf("SUPPORT_SEEKING")).isEqualTo(covering.getUsername());
        assertThat(team.answererOf("BOUNDARY")).isEqualTo(away.getUsername());
        // The covering clinician updates a summary during the absence (counted for the hand-back).
        handoff.writeSummary(coverage.getId(), highRisk.getId(), marker + " (update)", false, covering.getUsername());

        // Back: routing returns; the hand-back task is due within 2 business days of the return.
        advanceTo(active.getEndsAt());
        Coverage ended = awaitCoverage(coverage.getId(), c -> c.getStatus() == Status.ENDED);
        var handBack = task(coverage, ProcessIds.HAND_BACK_TASK);
        assertThat(handBack.assignee()).isEqualTo(away.getUsername());
        assertThat(ZonedDateTime.parse(handBack.dueDate()).toInstant()).isEqualTo(ended.getHandBackDueAt());
        assertThat(ended.getHandBackDueAt())
                .isEqualTo(calendars
                        .of(away)
                        .due(
                                ended.getEndsAt().isAfter(ended.getEndedAt()) ? ended.getEndsAt() : ended.getEndedAt(),
                                ResponseWindow.businessDays(2))
                        .truncatedTo(ChronoUnit.MILLIS));
        assertThat(careTeam.responsibleFor(away.getId())).isEqualTo(away.getUsername());
        assertThat(handBackRows(coverage))
                .hasSize(2)
                .anySatisfy(row -> assertThat(row)
                        .containsEntry("clientId", highRisk.getId().toString())
                        .containsEntry("summaryUpdates", 1));
        complete(coverage, ProcessIds.HAND_BACK_TASK, Map.of("handBackReviewed", true));
        eventually(() -> assertThat(instance(coverage)).isCompleted().hasPassedElement("CoverageHandedBackEvent"));
        assertThat(coverages.findById(coverage.getId()).orElseThrow().getStatus())
                .isEqualTo(Status.HANDED_BACK);
        assertThat(auditTypes(coverage))
                .contains(
                        "ABSENCE_PLANNED",
                        "COVERAGE_ACCEPTED",
                        "COVERAGE_APPROVED",
                        "COVERAGE_SUMMARIES_READY",
                        "COVERAGE_STARTED",
                        "COVERAGE_ENDED",
                        "COVERAGE_HANDED_BACK");
        assertThat(audit.eventsFor("COVERAGE", coverage.getId()))
                .filteredOn(e -> "COVERAGE_HANDED_BACK".equals(e.getEventType()))
                .singleElement()
                .satisfies(e -> assertThat(e.getDetails()).contains("\"reviewed\":true"));
        // Summary text is in the database (encrypted), never in the engine.
        assertThat(engineRecordsMentioning("sertraline")).isEmpty();
    }

    @Test
    void shortNoticeNeedsTheClinicalDirectorsApprovalOfAFullPlanAndClientsAreToldAtOnce() {
        ensureDirector();
        Clinician away = newClinician("short");
        Clinician covering = newClinician("cov");
        Client client = newClient(away, "en", RiskLevel.LOW);
        LocalDate from = today(away).plusDays(5);

        Coverage coverage = planned(away, covering, from, from.plusDays(2), false);
        eventually(() -> assertThat(instance(coverage)).isWaitingAtElements(ProcessIds.ACCEPT_COVERAGE_TASK));
        assertThat(instance(coverage))
                .hasVariableWithValue("approvalLevel", "CLINICAL_DIRECTOR")
                .hasVariableWithValue("fullCoveragePlan", true);
        complete(coverage, ProcessIds.ACCEPT_COVERAGE_TASK, Map.of("coverageAnswer", "ACCEPT"));
        assertThat(task(coverage, ProcessIds.APPROVE_COVERAGE_TASK).assignee()).isEqualTo(DIRECTOR);
        complete(
                coverage,
                ProcessIds.APPROVE_COVERAGE_TASK,
                Map.of("coverageDecision", "APPROVE", "fullCoveragePlanReviewed", true));
        Coverage approved = awaitCoverage(coverage.getId(), c -> c.getApprovedAt() != null);
        assertThat(approved.getApprovalLevel()).isEqualTo("CLINICAL_DIRECTOR");
        assertThat(approved.getApprovalRequestedFrom()).isEqualTo(DIRECTOR);
        assertThat(audit.eventsFor("COVERAGE", coverage.getId()))
                .filteredOn(e -> "COVERAGE_APPROVED".equals(e.getEventType()))
                .singleElement()
                .satisfies(e -> assertThat(e.getDetails())
                        .contains("\"fullCoveragePlan\":true")
                        .contains("\"fullCoveragePlanReviewed\":true"));
        // Starts in 5 days, less than the 7-day notice: clients are told at once.
        sent("coverage-notice:" + coverage.getId() + ":" + client.getId());

        // Cancelled before the start: the instance closes, the leave goes, the client hears it is off.
        handoff.cancel(coverage.getId(), away.getUsername());
        eventually(() -> assertThat(instance(coverage)).isCompleted().hasPassedElement("CoverageCancelledEndEvent"));
        assertThat(sent("coverage-cancelled:" + coverage.getId() + ":" + client.getId())
                        .getBody())
                .contains("988");
        assertThat(leaves.findById(approved.getLeaveId())).isEmpty();
        assertThat(coverages.findById(coverage.getId()).orElseThrow().getStatus())
                .isEqualTo(Status.CANCELLED);
    }

    private void ensureDirector() {
        if (staffMembers.findByUsername(DIRECTOR).isEmpty()) {
            UUID practice = clinicians.findByUsername("alex").orElseThrow().getPracticeId();
            staffMembers.save(new StaffMember(practice, DIRECTOR, "Zoe (clinical director)", StaffRole.SUPERVISOR));
        }
    }

    @Test
    void aDeclineAndAConflictReturnToPlanningUntilTheClinicianWithdraws() {
        Clinician away = newClinician("decl");
        Clinician first = newClinician("cov");
        Clinician alsoAway = newClinician("busy");
        newClient(away, "en", RiskLevel.LOW);
        LocalDate from = today(away).plusDays(30);
        leaves.saveAndFlush(new ClinicianLeave(alsoAway.getId(), from.plusDays(1), from.plusDays(9), first.getId()));

        Coverage coverage = planned(away, first, from, from.plusDays(6), false);
        complete(coverage, ProcessIds.ACCEPT_COVERAGE_TASK, Map.of("coverageAnswer", "DECLINE"));
        var revise = task(coverage, ProcessIds.REVISE_COVERAGE_PLAN_TASK);
        assertThat(revise.assignee()).isEqualTo(away.getUsername());
        assertThat(coverages.findById(coverage.getId()).orElseThrow().getDeclinedAt())
                .isNotNull();
        assertThat(auditTypes(coverage)).contains("COVERAGE_DECLINED");

        // The next choice is away at the same time: a conflict, straight back to planning.
        userTasks.complete(revise.userTaskKey(), Map.of("coveringClinicianUsername", alsoAway.getUsername()));
        eventually(() -> assertThat(instance(coverage)).hasPassedElement("Flow_CoveringAway"));
        var again = task(coverage, ProcessIds.REVISE_COVERAGE_PLAN_TASK);
        assertThat(again.userTaskKey()).isNotEqualTo(revise.userTaskKey());
        assertThat(coverages.findById(coverage.getId()).orElseThrow().getConflict())
                .isEqualTo("COVERAGE_CLINICIAN_AWAY".replace("COVERAGE_", "COVERING_"));
        assertThat(instance(coverage)).hasNotPassedElement(ProcessIds.APPROVE_COVERAGE_TASK);

        userTasks.complete(again.userTaskKey(), Map.of("withdrawPlan", true));
        eventually(() -> assertThat(instance(coverage)).isCompleted().hasPassedElement("CoverageWithdrawnEvent"));
        assertThat(coverages.findById(coverage.getId()).orElseThrow().getStatus())
                .isEqualTo(Status.WITHDRAWN);
    }

    @Test
    void anEmergencySickDayRoutesToTheCoveringClinicianAtOnceAndEndsWithTheHandBack() {
        Clinician away = newClinician("sick");
        Clinician covering = newClinician("cov");
        Client client = newClient(away, "en", RiskLevel.HIGH);

        Coverage coverage = planned(away, covering, null, today(away), true);
        // In force before anyone accepts: crisis alerts go to the covering clinician today.
        assertThat(careTeam.responsibleFor(away.getId())).isEqualTo(covering.getUsername());
        assertThat(auditTypes(coverage)).contains("EMERGENCY_ABSENCE_REGISTERED");
        eventually(() -> assertThat(instance(coverage))
                .hasVariableWithValue("approvalLevel", "SUPERVISOR")
                .hasVariableWithValue("noticeDays", 0));
        acceptedAndApproved(coverage);

        // No notice period: clients told at once; the covering clinician prepares the summaries.
        sent("coverage-notice:" + coverage.getId() + ":" + client.getId());
        assertThat(task(coverage, ProcessIds.PREPARE_COVERAGE_SUMMARIES_TASK).assignee())
                .isEqualTo(covering.getUsername());
        Coverage active = awaitCoverage(coverage.getId(), c -> c.getStatus() == Status.ACTIVE);
        eventually(() -> assertThat(instance(coverage))
                .isWaitingAtElements(ABSENCE_EVENTS, ProcessIds.PREPARE_COVERAGE_SUMMARIES_TASK));
        handoff.writeSummary(
                coverage.getId(), client.getId(), "From the record: plan on file.", true, covering.getUsername());
        complete(coverage, ProcessIds.PREPARE_COVERAGE_SUMMARIES_TASK, Map.of("summariesWritten", true));

        advanceTo(active.getEndsAt());
        task(coverage, ProcessIds.HAND_BACK_TASK);
        assertThat(careTeam.responsibleFor(away.getId())).isEqualTo(away.getUsername());
        complete(coverage, ProcessIds.HAND_BACK_TASK, Map.of("handBackReviewed", true));
        eventually(() -> assertThat(instance(coverage)).isCompleted());
    }

    @Test
    void anExtensionMidAbsenceMovesTheEndAndTheSupervisorCoversWhenTheCoveringClinicianCannot() {
        Clinician away = newClinician("ext");
        Clinician covering = newClinician("cov");
        Client client = newClient(away, "en", RiskLevel.HIGH);
        LocalDate from = today(away).plusDays(15);
        LocalDate to = from.plusDays(4);
        Coverage coverage = acceptedAndApproved(planned(away, covering, from, to, false));

        // No summaries written: at the start the supervisor hears of it.
        advanceTo(coverage.getStartsAt());
        Coverage active = awaitCoverage(coverage.getId(), c -> c.getStatus() == Status.ACTIVE);
        eventually(() -> assertThat(auditTypes(coverage)).contains("COVERAGE_SUMMARIES_MISSING"));
        assertThat(instance(coverage)).hasPassedElement("SummariesMissingEvent");
        eventually(() -> assertThat(instance(coverage)).isWaitingAtElements(ABSENCE_EVENTS));

        // Extended by three days while away.
        Instant oldEnd = active.getEndsAt();
        handoff.changeEnd(coverage.getId(), to.plusDays(3), away.getUsername());
        Instant newEnd = to.plusDays(4).atStartOfDay(away.getTimeZone()).toInstant();
        eventually(() -> assertThat(timerDueDates(coverage.getProcessInstanceKey(), ProcessIds.COVERAGE_END_TIMER))
                .contains(oldEnd, newEnd));
        assertThat(leaves.findById(active.getLeaveId()).orElseThrow().getEndsOn())
                .isEqualTo(to.plusDays(3));
        assertThat(sent("coverage-dates:" + coverage.getId() + ":" + to.plusDays(3) + ":" + client.getId())
                        .getBody())
                .contains(CoverageHandoff.day(to.plusDays(4), "en"));
        assertThat(auditTypes(coverage)).contains("ABSENCE_EXTENDED");

        // The covering clinician falls ill: the supervisor covers from now on.
        String supervisor = careTeam.supervisorOf(away.getPracticeId());
        handoff.coveringUnavailable(coverage.getId(), covering.getUsername());
        assertThat(careTeam.responsibleFor(away.getId())).isEqualTo(supervisor);
        eventually(() -> assertThat(auditTypes(coverage)).contains("SUPERVISOR_COVERS"));

        advanceTo(oldEnd);
        eventually(() -> assertThat(instance(coverage)).isWaitingAtElements(ABSENCE_EVENTS));
        assertThat(coverages.findById(coverage.getId()).orElseThrow().getStatus())
                .isEqualTo(Status.ACTIVE);
        advanceTo(newEnd);
        task(coverage, ProcessIds.HAND_BACK_TASK);
        assertThat(coverages.findById(coverage.getId()).orElseThrow().getStatus())
                .isEqualTo(Status.ENDED);
        complete(coverage, ProcessIds.HAND_BACK_TASK, Map.of("handBackReviewed", true));
        eventually(() -> assertThat(instance(coverage)).isCompleted());

        // Bad input names the field; a closed coverage refuses changes.
        assertThatThrownBy(() -> handoff.changeEnd(coverage.getId(), from.minusDays(1), "x"))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void aCrisisDuringCoverageAlertsTheCoveringClinicianAndEscalatesToTheSupervisor() throws Exception {
        Clinician away = newClinician("cri");
        Clinician covering = newClinician("cov");
        // The covering clinician's own backup is the clinician who is away: never escalate to them.
        covering.setBackupClinicianId(away.getId());
        clinicians.saveAndFlush(covering);
        Client client = newClient(away, "en", RiskLevel.LOW);
        Coverage coverage =
                acceptedAndApproved(planned(away, covering, null, today(away).plusDays(2), true));
        awaitCoverage(coverage.getId(), c -> c.getStatus() == Status.ACTIVE);

        Message m = messageService
                .accept(InboundMessageRequest.fromClient(
                        Channel.PORTAL,
                        "crisis-" + UUID.randomUUID(),
                        client.getId(),
                        "I don't want to be alive anymore. I have the pills ready for tonight. " + UUID.randomUUID()))
                .message();
        Message screened = awaitMessage(m.getId(), x -> x.getProcessInstanceKey() != null && x.getCategory() != null);
        assertThat(screened.getCategory()).isEqualTo("CRISIS");
        InspectedProcessInstance triage = new InspectedProcessInstance(screened.getProcessInstanceKey());
        eventually(() -> assertThat(triage).isWaitingAtElements("AcknowledgeCrisisTask"));
        assertThat(alertLevels(m)).containsExactly("CLINICIAN:" + covering.getUsername());
        assertThat(userTasks.findOpenTask(screened.getProcessInstanceKey(), "AcknowledgeCrisisTask"))
                .hasValueSatisfying(t -> assertThat(t.assignee()).isEqualTo(covering.getUsername()));
        // The client's crisis resources name the covering clinician and the return date.
        eventually(() -> assertThat(messages.findByInReplyToIdOrderByCreatedAtAsc(m.getId()))
                .anyMatch(r -> r.getBody().contains("988")
                        && r.getBody().contains(covering.getStaffMember().getDisplayName())
                        && r.getBody().contains(CoverageHandoff.day(today(away).plusDays(3), "en"))));

        String supervisor = careTeam.supervisorOf(away.getPracticeId());
        advance(Duration.ofMinutes(10));
        eventually(() -> assertThat(alertLevels(m))
                .containsExactly("CLINICIAN:" + covering.getUsername(), "COVERING:" + supervisor));
        assertThat(alertLevels(m)).noneMatch(a -> a.endsWith(":" + away.getUsername()));

        // The escalated task appears a moment after the alert is recorded; until then the API says 409.
        Awaitility.await().atMost(WAIT).ignoreException(ConflictException.class).until(() -> {
            messageService.acknowledgeCrisis(
                    m.getId(),
                    new CrisisAcknowledgementRequest(ContactMade.PHONE_CALL, true, NextStep.SAFETY_PLAN_REVIEWED),
                    new CurrentUser(supervisor, StaffRole.SUPERVISOR));
            return true;
        });
        eventually(() -> assertThat(triage).isCompleted());

        // Back early: the hand-back counts the crisis and its acknowledgement.
        handoff.cancel(coverage.getId(), away.getUsername());
        task(coverage, ProcessIds.HAND_BACK_TASK);
        assertThat(handBackRows(coverage))
                .singleElement()
                .satisfies(row -> assertThat(row)
                        .containsEntry("clientId", client.getId().toString())
                        .containsEntry("messages", 1)
                        .containsEntry("crises", 1)
                        .containsEntry("crisesAcknowledged", 1)
                        .containsEntry("openItems", 0));
        assertThat(auditTypes(coverage)).contains("ABSENCE_ENDED_EARLY");
    }

    @Test
    void openAnswerTasksMoveToTheCoveringClinicianAtTheStartWithTheirDeadlines() {
        ensureDirector();
        Clinician away = newClinician("open");
        Clinician covering = newClinician("cov");
        Client client = newClient(away, "en", RiskLevel.LOW);
        Message m = messageService
                .accept(InboundMessageRequest.fromClient(
                        Channel.PORTAL,
                        "open-" + UUID.randomUUID(),
                        client.getId(),
                        "Could we talk this week? Things with my"
                                + " sister have been hard and I could use some advice."))
                .message();
        Message waiting = awaitMessage(m.getId(), x -> x.getStatus() == MessageStatus.AWAITING_RESPONSE);
        long firstKey = waiting.getProcessInstanceKey();
        eventually(() -> assertThat(userTasks.findOpenTask(firstKey, "RespondToMessageTask"))
                .hasValueSatisfying(t -> assertThat(t.assignee()).isEqualTo(away.getUsername())));

        Coverage coverage = acceptedAndApproved(
                planned(away, covering, today(away).plusDays(1), today(away).plusDays(3), false));
        advanceTo(coverage.getStartsAt());
        Coverage active =
                awaitCoverage(coverage.getId(), c -> c.getTasksReassigned() != null && c.getTasksReassigned() > 0);
        assertThat(active.getTasksReassigned()).isEqualTo(1);
        Message moved = awaitMessage(m.getId(), x -> x.getProcessInstanceKey() != firstKey);
        eventually(() -> assertThat(userTasks.findOpenTask(moved.getProcessInstanceKey(), "RespondToMessageTask"))
                .hasValueSatisfying(t -> {
                    assertThat(t.assignee()).isEqualTo(covering.getUsername());
                    assertThat(ZonedDateTime.parse(t.dueDate()).toInstant()).isEqualTo(moved.getDueAt());
                }));
        assertThat(audit.eventsFor("MESSAGE", m.getId()))
                .extracting(AuditEvent::getEventType)
                .contains("ANSWER_REASSIGNED");
        assertThat(auditTypes(coverage)).contains("OPEN_ANSWERS_REASSIGNED");
        assertThat(new InspectedProcessInstance(firstKey)).isTerminated();
        // The covering clinician finds it in their open work, reads it and answers it here, where the
        // text lives; a clinician with no part in it still may not read it.
        CurrentUser cover = new CurrentUser(covering.getUsername(), StaffRole.CLINICIAN);
        assertThat(messageService.openWork(cover)).extracting(Message::getId).contains(m.getId());
        assertThat(messageService.get(m.getId(), cover).getBody()).contains("sister");
        Clinician bystander = newClinician("none");
        assertThatThrownBy(() ->
                        messageService.get(m.getId(), new CurrentUser(bystander.getUsername(), StaffRole.CLINICIAN)))
                .isInstanceOf(AccessDeniedException.class);
        messageService.reply(m.getId(), new ReplyRequest("Yes, let us talk on Wednesday " + UUID.randomUUID()), cover);
        awaitMessage(m.getId(), x -> x.getStatus() == MessageStatus.ANSWERED);
        handoff.cancel(coverage.getId(), away.getUsername());
        task(coverage, ProcessIds.HAND_BACK_TASK);
    }

    @Test
    void everyStepRunTwiceHasOneEffect() {
        Clinician away = newClinician("twice");
        Clinician covering = newClinician("cov");
        Client client = newClient(away, "es", RiskLevel.HIGH);
        Coverage coverage =
                acceptedAndApproved(planned(away, covering, null, today(away).plusDays(1), true));
        Coverage active = awaitCoverage(coverage.getId(), c -> c.getStatus() == Status.ACTIVE);
        eventually(() -> assertThat(instance(active))
                .isWaitingAtElements(ABSENCE_EVENTS, ProcessIds.PREPARE_COVERAGE_SUMMARIES_TASK));
        long outboxBefore =
                outbox.findByClientIdOrderByCreatedAtAsc(client.getId()).size();
        int auditBefore = auditTypes(coverage).size();
        int clientAuditBefore = audit.eventsFor("CLIENT", client.getId()).size();
        UUID id = coverage.getId();

        // What a redelivered job does: the same step again, with the same variables.
        handoff.open(id, active.getProcessInstanceKey());
        handoff.check(id, "SUPERVISOR");
        handoff.accepted(id, covering.getUsername());
        handoff.approved(id, "sam", 0, 0);
        handoff.needs(
                id,
                List.of(new CoverageHandoff.SummaryNeed(client.getId().toString(), "FULL", true)),
                List.of(new CoverageHandoff.RouteDuringAbsence("BOUNDARY", "AFTER_RETURN")));
        handoff.sendNotices(id);
        handoff.start(id);
        handoff.summariesMissing(id);

        assertThat(outbox.findByClientIdOrderByCreatedAtAsc(client.getId())).hasSize((int) outboxBefore);
        assertThat(auditTypes(coverage)).hasSize(auditBefore);
        assertThat(audit.eventsFor("CLIENT", client.getId())).hasSize(clientAuditBefore);
        assertThat(summaryRows.findByCoverageId(id)).hasSize(1);
        Coverage after = coverages.findById(id).orElseThrow();
        assertThat(after.getNotifyAt()).isEqualTo(active.getNotifyAt());
        assertThat(after.getStartedAt()).isEqualTo(active.getStartedAt());
        assertThat(after.getApprovedAt()).isEqualTo(active.getApprovedAt());

        // The end and the hand-back, twice each: one due time, one audit entry each.
        handoff.cancel(id, away.getUsername());
        task(coverage, ProcessIds.HAND_BACK_TASK);
        Coverage ended = coverages.findById(id).orElseThrow();
        handoff.end(id, 2);
        assertThat(coverages.findById(id).orElseThrow().getHandBackDueAt()).isEqualTo(ended.getHandBackDueAt());
        complete(coverage, ProcessIds.HAND_BACK_TASK, Map.of("handBackReviewed", true));
        eventually(() -> assertThat(instance(coverage)).isCompleted());
        handoff.handedBack(id, away.getUsername());
        assertThat(auditTypes(coverage))
                .filteredOn("COVERAGE_HANDED_BACK"::equals)
                .hasSize(1);
        assertThat(auditTypes(coverage)).filteredOn("COVERAGE_ENDED"::equals).hasSize(1);
    }

    @Test
    void badPlansAreRefusedNamingTheField() {
        Clinician away = newClinician("bad");
        Clinician covering = newClinician("cov");
        LocalDate today = today(away);
        assertThatThrownBy(() -> handoff.plan(
                        new CoverageHandoff.Plan(
                                away.getId(),
                                covering.getId(),
                                today.plusDays(3),
                                today.plusDays(1),
                                Reason.VACATION,
                                false),
                        away.getUsername()))
                .isInstanceOf(InvalidFieldException.class)
                .extracting("field")
                .isEqualTo("endsOn");
        assertThatThrownBy(() -> handoff.plan(
                        new CoverageHandoff.Plan(
                                away.getId(),
                                away.getId(),
                                today.plusDays(3),
                                today.plusDays(4),
                                Reason.VACATION,
                                false),
                        away.getUsername()))
                .isInstanceOf(InvalidFieldException.class)
                .extracting("field")
                .isEqualTo("coveringClinician");
        assertThatThrownBy(() -> handoff.plan(
                        new CoverageHandoff.Plan(
                                away.getId(),
                                covering.getId(),
                                today.minusDays(1),
                                today.plusDays(4),
                                Reason.VACATION,
                                false),
                        away.getUsername()))
                .isInstanceOf(InvalidFieldException.class)
                .extracting("field")
                .isEqualTo("startsOn");
        Coverage first = planned(away, covering, today.plusDays(40), today.plusDays(45), false);
        assertThatThrownBy(() -> handoff.plan(
                        new CoverageHandoff.Plan(
                                away.getId(),
                                covering.getId(),
                                today.plusDays(44),
                                today.plusDays(50),
                                Reason.CONFERENCE,
                                false),
                        away.getUsername()))
                .isInstanceOf(ConflictException.class);
        handoff.cancel(first.getId(), away.getUsername());
        eventually(() -> assertThat(instance(first)).isCompleted());
    }

    private List<String> alertLevels(Message m) {
        return alerts.findByMessageIdOrderByCreatedAtAsc(m.getId()).stream()
                .map(a -> a.getLevel() + ":" + a.getRecipient())
                .toList();
    }

    // ---- an extension re-runs the checks; licences where the practice records them ----

    @Autowired
    Licences licences;

    @Test
    void anExtensionPastTheLengthLimitWaitsForTheClinicalDirectorWhileTheOldDatesHold() {
        ensureDirector();
        Clinician away = newClinician("long");
        Clinician covering = newClinician("cov");
        newClient(away, "en", RiskLevel.LOW);
        LocalDate from = today(away).plusDays(15);
        LocalDate to = from.plusDays(13);
        Coverage coverage = acceptedAndApproved(planned(away, covering, from, to, false));
        assertThat(coverage.getApprovalLevel()).isEqualTo("SUPERVISOR");
        advanceTo(coverage.getStartsAt());
        Coverage active = awaitCoverage(coverage.getId(), c -> c.getStatus() == Status.ACTIVE);
        eventually(() -> assertThat(instance(coverage)).isWaitingAtElements(ABSENCE_EVENTS));
        Instant oldEnd = active.getEndsAt();

        // 25 days in all: longer than the supervisor approves alone (coverage-approval).
        LocalDate longer = from.plusDays(24);
        Coverage requested = handoff.changeEnd(coverage.getId(), longer, away.getUsername());
        assertThat(requested.getEndsOn()).isEqualTo(to);
        assertThat(requested.getChangeEndsOn()).isEqualTo(longer);
        var approve = task(coverage, ProcessIds.APPROVE_DATES_CHANGE_TASK);
        assertThat(approve.assignee()).isEqualTo(DIRECTOR);
        assertThat(instance(coverage)).hasVariableWithValue("changeApprovalLevel", "CLINICAL_DIRECTOR");
        // Until the director decides, the old dates hold: the coverage, the leave, the end timer.
        assertThat(leaves.findById(active.getLeaveId()).orElseThrow().getEndsOn())
                .isEqualTo(to);
        assertThat(timerDueDates(coverage.getProcessInstanceKey(), ProcessIds.COVERAGE_END_TIMER))
                .containsExactly(oldEnd);
        assertThatThrownBy(() -> handoff.changeEnd(coverage.getId(), longer.plusDays(1), away.getUsername()))
                .isInstanceOf(ConflictException.class);
        // The same request again (a double submit, the supervisor asking too) is the one waiting.
        assertThat(handoff.changeEnd(coverage.getId(), longer, "sam").getChangeEndsOn())
                .isEqualTo(longer);
        assertThat(auditTypes(coverage).stream().filter("ABSENCE_EXTENSION_REQUESTED"::equals))
                .hasSize(1);

        // Returned: the request closes, nothing changed.
        userTasks.complete(approve.userTaskKey(), Map.of("changeDecision", "RETURN"));
        Coverage kept = awaitCoverage(coverage.getId(), c -> c.getChangeEndsOn() == null);
        assertThat(kept.getEndsOn()).isEqualTo(to);
        eventually(() -> assertThat(instance(coverage)).hasPassedElement("DatesChangeNotApprovedEvent"));
        assertThat(auditTypes(coverage))
                .contains("ABSENCE_EXTENSION_REQUESTED", "DATES_CHANGE_NOT_APPROVED")
                .doesNotContain("ABSENCE_EXTENDED");

        // Asked again and approved: in force, and the end timer moves.
        handoff.changeEnd(coverage.getId(), longer, away.getUsername());
        var again = task(coverage, ProcessIds.APPROVE_DATES_CHANGE_TASK);
        assertThat(again.userTaskKey()).isNotEqualTo(approve.userTaskKey());
        userTasks.complete(again.userTaskKey(), Map.of("changeDecision", "APPROVE"));
        Instant newEnd = longer.plusDays(1).atStartOfDay(away.getTimeZone()).toInstant();
        eventually(() -> assertThat(timerDueDates(coverage.getProcessInstanceKey(), ProcessIds.COVERAGE_END_TIMER))
                .contains(oldEnd, newEnd));
        Coverage extended = coverages.findById(coverage.getId()).orElseThrow();
        assertThat(extended.getEndsOn()).isEqualTo(longer);
        assertThat(extended.getChangeEndsOn()).isNull();
        assertThat(leaves.findById(active.getLeaveId()).orElseThrow().getEndsOn())
                .isEqualTo(longer);
        assertThat(auditTypes(coverage)).contains("DATES_CHANGE_APPROVED", "ABSENCE_EXTENDED");
        assertThat(instance(coverage)).hasPassedElement("NewDatesInForceEvent");

        // A shortening is in force at once, without a check.
        handoff.changeEnd(coverage.getId(), longer.minusDays(2), away.getUsername());
        assertThat(coverages.findById(coverage.getId()).orElseThrow().getEndsOn())
                .isEqualTo(longer.minusDays(2));
    }

    @Test
    void anExtensionOnDaysTheCoveringClinicianIsAwayGoesBackToTheClinicianAndAnotherColleagueAccepts() {
        Clinician away = newClinician("conf");
        Clinician covering = newClinician("cov");
        Clinician other = newClinician("oth");
        newClient(away, "en", RiskLevel.LOW);
        LocalDate from = today(away).plusDays(15);
        LocalDate to = from.plusDays(4);
        // The covering clinician is away themselves from the second day after the planned return.
        leaves.saveAndFlush(new ClinicianLeave(covering.getId(), to.plusDays(2), to.plusDays(8), other.getId()));
        Coverage coverage = acceptedAndApproved(planned(away, covering, from, to, false));
        advanceTo(coverage.getStartsAt());
        Coverage active = awaitCoverage(coverage.getId(), c -> c.getStatus() == Status.ACTIVE);
        eventually(() -> assertThat(instance(coverage)).isWaitingAtElements(ABSENCE_EVENTS));

        handoff.changeEnd(coverage.getId(), to.plusDays(3), away.getUsername());
        var revise = task(coverage, ProcessIds.REVISE_DATES_CHANGE_TASK);
        assertThat(revise.assignee()).isEqualTo(away.getUsername());
        Coverage waiting = coverages.findById(coverage.getId()).orElseThrow();
        assertThat(waiting.getChangeConflict()).isEqualTo("COVERING_CLINICIAN_AWAY");
        assertThat(waiting.getEndsOn()).isEqualTo(to);
        assertThat(careTeam.responsibleFor(away.getId())).isEqualTo(covering.getUsername());
        assertThat(auditTypes(coverage)).contains("DATES_CHANGE_CONFLICT");

        // Another colleague for the whole absence, who must accept first.
        userTasks.complete(revise.userTaskKey(), Map.of("changeCoveringClinicianUsername", other.getUsername()));
        var accept = task(coverage, ProcessIds.ACCEPT_DATES_CHANGE_TASK);
        assertThat(accept.assignee()).isEqualTo(other.getUsername());
        assertThat(coverages.findById(coverage.getId()).orElseThrow().getEndsOn())
                .isEqualTo(to);
        userTasks.complete(accept.userTaskKey(), Map.of("changeAnswer", "ACCEPT"));
        Coverage extended = awaitCoverage(coverage.getId(), c -> c.getEndsOn().equals(to.plusDays(3)));
        assertThat(extended.getCoveringClinicianId()).isEqualTo(other.getId());
        assertThat(extended.getChangeEndsOn()).isNull();
        assertThat(leaves.findById(active.getLeaveId()).orElseThrow().getCoveringClinicianId())
                .isEqualTo(other.getId());
        assertThat(careTeam.responsibleFor(away.getId())).isEqualTo(other.getUsername());
        assertThat(auditTypes(coverage)).contains("DATES_CHANGE_REVISED", "DATES_CHANGE_ACCEPTED", "ABSENCE_EXTENDED");
        Instant newEnd = to.plusDays(4).atStartOfDay(away.getTimeZone()).toInstant();
        eventually(() -> assertThat(timerDueDates(coverage.getProcessInstanceKey(), ProcessIds.COVERAGE_END_TIMER))
                .contains(newEnd));

        // The clinician can also keep the old dates: the request closes, nothing changes.
        leaves.saveAndFlush(new ClinicianLeave(other.getId(), to.plusDays(4), to.plusDays(6), covering.getId()));
        handoff.changeEnd(coverage.getId(), to.plusDays(5), away.getUsername());
        var second = task(coverage, ProcessIds.REVISE_DATES_CHANGE_TASK);
        userTasks.complete(second.userTaskKey(), Map.of("keepOldDates", true));
        Coverage kept = awaitCoverage(coverage.getId(), c -> c.getChangeEndsOn() == null);
        assertThat(kept.getEndsOn()).isEqualTo(to.plusDays(3));
        assertThat(auditTypes(coverage)).contains("DATES_CHANGE_WITHDRAWN");
    }

    @Test
    void aCoveringClinicianNotLicensedForAClientsStateIsAConflictNamingTheClientByInitialsOnly() {
        Clinician away = newClinician("lic");
        Clinician covering = newClinician("cov");
        Clinician unrecorded = newClinician("unr");
        Client inJersey = newClient(away, "en", RiskLevel.LOW);
        Client noState = newClient(away, "en", RiskLevel.LOW);
        licences.recordClinician(covering.getId(), List.of("NY", "ct"), "sam");
        licences.recordClient(inJersey.getId(), "nj", "alex");
        assertThat(licences.ofClient(noState.getId())).isEmpty();
        LocalDate from = today(away).plusDays(30);

        Coverage coverage = planned(away, covering, from, from.plusDays(4), false);
        var revise = task(coverage, ProcessIds.REVISE_COVERAGE_PLAN_TASK);
        assertThat(revise.assignee()).isEqualTo(away.getUsername());
        assertThat(instance(coverage))
                .hasNotPassedElement(ProcessIds.ACCEPT_COVERAGE_TASK)
                .hasVariableWithValue("coverageConflict", "COVERING_CLINICIAN_NOT_LICENSED")
                .hasVariableWithValue(
                        "coverageConflictClients", List.of(inJersey.getInitials() + " (NJ, " + inJersey.getId() + ")"));
        assertThat(coverages.findById(coverage.getId()).orElseThrow().getConflict())
                .isEqualTo("COVERING_CLINICIAN_NOT_LICENSED");
        assertThat(audit.eventsFor("COVERAGE", coverage.getId()))
                .filteredOn(e -> "COVERAGE_CONFLICT".equals(e.getEventType()))
                .singleElement()
                .satisfies(e -> assertThat(e.getDetails())
                        .contains(inJersey.getId() + ":NJ")
                        .doesNotContain(noState.getId().toString()));
        assertThat(engineRecordsMentioning(inJersey.getDisplayName())).isEmpty();

        // A colleague with no licence recorded: no check; the plan goes on to their acceptance.
        userTasks.complete(revise.userTaskKey(), Map.of("coveringClinicianUsername", unrecorded.getUsername()));
        assertThat(task(coverage, ProcessIds.ACCEPT_COVERAGE_TASK).assignee()).isEqualTo(unrecorded.getUsername());
        handoff.cancel(coverage.getId(), away.getUsername());
        eventually(() -> assertThat(instance(coverage)).isCompleted());
    }
}
