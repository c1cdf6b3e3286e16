package org.betweensessions.coverage;

import static io.camunda.zeebe.process.test.assertions.BpmnAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.CamundaClient;
import io.camunda.zeebe.process.test.inspections.model.InspectedProcessInstance;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.betweensessions.audit.AuditEvent;
import org.betweensessions.client.Client;
import org.betweensessions.client.RiskLevel;
import org.betweensessions.clinician.Clinician;
import org.betweensessions.clinician.ClinicianLeave;
import org.betweensessions.coverage.Coverage.Status;
import org.betweensessions.process.ProcessIds;
import org.betweensessions.reconcile.Reconciliation;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;

/**
 * A coverage whose coverage-handoff instance is lost (cancelled, as an operator in Operate or a crash
 * of the in-memory engine would) is driven again by the reconciliation where it stood, with its
 * stored times: before the start (notice and start timers), under way (the end timer), back
 * (the hand-back task and its due time). Nothing is sent twice; a second run starts nothing.
 * Moves the engine clock, so it gets its own engine.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class CoverageReconciliationProcessTest extends CoverageTestSupport {

    @Autowired
    Reconciliation reconciliation;

    @Autowired
    CamundaClient camunda;

    private void lose(long key) {
        camunda.newCancelInstanceCommand(key).send().join();
        eventually(() -> assertThat(new InspectedProcessInstance(key)).isTerminated());
    }

    private Coverage redriven(Coverage coverage) {
        long lost = coverage.getProcessInstanceKey();
        lose(lost);
        Reconciliation.Outcome outcome = reconciliation.reconcileCoverages(List.of(coverage.getId()));
        assertThat(outcome.redriven()).isEqualTo(1);
        Coverage again = awaitCoverage(
                coverage.getId(), c -> c.getProcessInstanceKey() != null && c.getProcessInstanceKey() != lost);
        assertThat(audit.eventsFor("COVERAGE", coverage.getId()))
                .extracting(AuditEvent::getEventType)
                .contains("ENGINE_INSTANCE_RESTORED");
        return again;
    }

    @Test
    void anApprovedCoverageResumesBeforeTheStartWithItsStoredTimesAndNoSecondNotice() throws Exception {
        Clinician away = newClinician("rec");
        Clinician covering = newClinician("cov");
        Client client = newClient(away, "en", RiskLevel.LOW);
        LocalDate from = today(away).plusDays(20);
        Coverage approved = acceptedAndApproved(planned(away, covering, from, from.plusDays(4), false));
        eventually(() -> assertThat(instance(approved))
                .isWaitingAtElements(ProcessIds.CLIENT_NOTICE_TIMER, ProcessIds.PREPARE_COVERAGE_SUMMARIES_TASK));

        Coverage again = redriven(approved);
        eventually(() -> assertThat(instance(again))
                .isWaitingAtElements(ProcessIds.CLIENT_NOTICE_TIMER, ProcessIds.PREPARE_COVERAGE_SUMMARIES_TASK));
        assertThat(timerDueDates(again.getProcessInstanceKey(), ProcessIds.CLIENT_NOTICE_TIMER))
                .containsExactly(approved.getNotifyAt());
        assertThat(ZonedDateTime.parse(task(again, ProcessIds.PREPARE_COVERAGE_SUMMARIES_TASK)
                                .dueDate())
                        .toInstant())
                .isEqualTo(approved.getSummariesDueAt());
        assertThat(instance(again)).hasNotPassedElement(ProcessIds.ACCEPT_COVERAGE_TASK);
        // Alive now: a second run starts nothing.
        assertThat(reconciliation.reconcileCoverages(List.of(approved.getId())).lost())
                .isZero();

        // The notice goes out once at its stored time; losing the instance after it sends nothing twice.
        advanceTo(approved.getNotifyAt());
        String key = "coverage-notice:" + approved.getId() + ":" + client.getId();
        sent(key);
        eventually(() -> assertThat(instance(again))
                .isWaitingAtElements(ProcessIds.COVERAGE_START_TIMER, ProcessIds.PREPARE_COVERAGE_SUMMARIES_TASK));
        Coverage third = redriven(coverages.findById(approved.getId()).orElseThrow());
        eventually(() -> assertThat(instance(third))
                .isWaitingAtElements(ProcessIds.COVERAGE_START_TIMER, ProcessIds.PREPARE_COVERAGE_SUMMARIES_TASK));
        assertThat(timerDueDates(third.getProcessInstanceKey(), ProcessIds.COVERAGE_START_TIMER))
                .containsExactly(approved.getStartsAt());
        assertThat(outbox.findByClientIdOrderByCreatedAtAsc(client.getId()))
                .filteredOn(n -> n.getTemplateKey().equals(CoverageHandoff.NOTICE_TEMPLATE))
                .hasSize(1);
        handoff.cancel(approved.getId(), away.getUsername());
        eventually(() -> assertThat(instance(third)).isCompleted());
    }

    @Test
    void aRunningAbsenceResumesWithItsEndAndAnEndedOneWithItsHandBackTask() throws Exception {
        Clinician away = newClinician("rec");
        Clinician covering = newClinician("cov");
        Client client = newClient(away, "en", RiskLevel.HIGH);
        Coverage coverage =
                acceptedAndApproved(planned(away, covering, null, today(away).plusDays(1), true));
        Coverage active = awaitCoverage(coverage.getId(), c -> c.getStatus() == Status.ACTIVE);
        eventually(() -> assertThat(instance(active)).isWaitingAtElements(ABSENCE_EVENTS));

        Coverage again = redriven(active);
        eventually(() -> assertThat(instance(again)).isWaitingAtElements(ABSENCE_EVENTS));
        assertThat(timerDueDates(again.getProcessInstanceKey(), ProcessIds.COVERAGE_END_TIMER))
                .containsExactly(active.getEndsAt());
        assertThat(instance(again))
                .hasNotPassedElement(ProcessIds.APPROVE_COVERAGE_TASK)
                .hasNotPassedElement(ProcessIds.CLIENT_NOTICE_TIMER);
        assertThat(careTeam.responsibleFor(away.getId())).isEqualTo(covering.getUsername());

        // Back; the hand-back task is lost and comes back with the same due time.
        advanceTo(active.getEndsAt());
        Coverage ended = awaitCoverage(coverage.getId(), c -> c.getStatus() == Status.ENDED);
        task(again, ProcessIds.HAND_BACK_TASK);
        Coverage fourth = redriven(ended);
        var handBack = task(fourth, ProcessIds.HAND_BACK_TASK);
        assertThat(handBack.assignee()).isEqualTo(away.getUsername());
        assertThat(ZonedDateTime.parse(handBack.dueDate()).toInstant()).isEqualTo(ended.getHandBackDueAt());
        assertThat(handBackRows(fourth))
                .singleElement()
                .satisfies(row ->
                        assertThat(row).containsEntry("clientId", client.getId().toString()));
        assertThat(audit.eventsFor("COVERAGE", coverage.getId()))
                .extracting(AuditEvent::getEventType)
                .filteredOn("COVERAGE_ENDED"::equals)
                .hasSize(1);
        complete(fourth, ProcessIds.HAND_BACK_TASK, Map.of("handBackReviewed", true));
        eventually(() -> assertThat(instance(fourth)).isCompleted());
        assertThat(coverages.findById(coverage.getId()).orElseThrow().getStatus())
                .isEqualTo(Status.HANDED_BACK);
        // Closed: nothing left for the reconciliation.
        assertThat(reconciliation.reconcileCoverages(List.of(coverage.getId())).open())
                .isZero();
    }

    @Test
    void aPlanRebuiltAfterTheAcceptanceAsksOnlyForTheApprovalAndOneBackWithTheClinicianResumesThere() {
        Clinician away = newClinician("rec");
        Clinician covering = newClinician("cov");
        newClient(away, "en", RiskLevel.LOW);
        LocalDate from = today(away).plusDays(40);
        Coverage coverage = planned(away, covering, from, from.plusDays(4), false);
        complete(coverage, ProcessIds.ACCEPT_COVERAGE_TASK, Map.of("coverageAnswer", "ACCEPT"));
        task(coverage, ProcessIds.APPROVE_COVERAGE_TASK);

        // Lost while the approval is open: the new instance asks for the approval only.
        Coverage again = redriven(coverages.findById(coverage.getId()).orElseThrow());
        var approve = task(again, ProcessIds.APPROVE_COVERAGE_TASK);
        assertThat(instance(again))
                .hasNotPassedElement(ProcessIds.ACCEPT_COVERAGE_TASK)
                .hasPassedElement("Flow_AcceptedBefore");
        assertThat(auditTypes(coverage)).filteredOn("COVERAGE_ACCEPTED"::equals).hasSize(1);

        // Returned by the approver; lost while back with the clinician: it resumes at the revision.
        userTasks.complete(approve.userTaskKey(), Map.of("coverageDecision", "RETURN"));
        task(again, ProcessIds.REVISE_COVERAGE_PLAN_TASK);
        // The reconciliation leaves an instance it started alone for its grace period.
        advance(Duration.ofMinutes(3));
        Coverage third = redriven(awaitCoverage(coverage.getId(), c -> "NOT_APPROVED".equals(c.getRevisionReason())));
        assertThat(task(third, ProcessIds.REVISE_COVERAGE_PLAN_TASK).assignee()).isEqualTo(away.getUsername());
        assertThat(instance(third))
                .hasNotPassedElement(ProcessIds.ACCEPT_COVERAGE_TASK)
                .hasNotPassedElement(ProcessIds.APPROVE_COVERAGE_TASK);
        complete(third, ProcessIds.REVISE_COVERAGE_PLAN_TASK, Map.of("withdrawPlan", true));
        eventually(() -> assertThat(instance(third)).isCompleted());
        assertThat(coverages.findById(coverage.getId()).orElseThrow().getStatus())
                .isEqualTo(Status.WITHDRAWN);
    }

    @Test
    void aWaitingExtensionIsCheckedAgainAfterARebuildWithoutAskingForAnAcceptanceAlreadyGiven() {
        Clinician away = newClinician("rec");
        Clinician covering = newClinician("cov");
        Clinician other = newClinician("oth");
        newClient(away, "en", RiskLevel.LOW);
        LocalDate from = today(away).plusDays(30);
        LocalDate to = from.plusDays(13);
        leaves.saveAndFlush(new ClinicianLeave(covering.getId(), to.plusDays(1), to.plusDays(20), other.getId()));
        Coverage approved = acceptedAndApproved(planned(away, covering, from, to, false));

        // 25 days on days the covering clinician is away: another colleague accepts, the director approves.
        handoff.changeEnd(approved.getId(), from.plusDays(24), away.getUsername());
        complete(
                approved,
                ProcessIds.REVISE_DATES_CHANGE_TASK,
                Map.of("changeCoveringClinicianUsername", other.getUsername()));
        complete(approved, ProcessIds.ACCEPT_DATES_CHANGE_TASK, Map.of("changeAnswer", "ACCEPT"));
        task(approved, ProcessIds.APPROVE_DATES_CHANGE_TASK);
        assertThat(coverages.findById(approved.getId()).orElseThrow().getChangeAcceptedAt())
                .isNotNull();

        Coverage again = redriven(coverages.findById(approved.getId()).orElseThrow());
        var approve = task(again, ProcessIds.APPROVE_DATES_CHANGE_TASK);
        assertThat(instance(again))
                .hasNotPassedElement(ProcessIds.ACCEPT_DATES_CHANGE_TASK)
                .hasNotPassedElement(ProcessIds.REVISE_DATES_CHANGE_TASK)
                .hasNotPassedElement(ProcessIds.ACCEPT_COVERAGE_TASK);
        userTasks.complete(approve.userTaskKey(), Map.of("changeDecision", "APPROVE"));
        Coverage extended = awaitCoverage(approved.getId(), c -> c.getEndsOn().equals(from.plusDays(24)));
        assertThat(extended.getCoveringClinicianId()).isEqualTo(other.getId());
        assertThat(auditTypes(approved))
                .filteredOn("DATES_CHANGE_ACCEPTED"::equals)
                .hasSize(1);
        handoff.cancel(approved.getId(), away.getUsername());
        eventually(() -> assertThat(instance(again)).isCompleted());
    }
}
