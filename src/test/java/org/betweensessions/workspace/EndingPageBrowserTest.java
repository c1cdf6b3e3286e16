package org.betweensessions.workspace;

import static io.camunda.zeebe.process.test.assertions.BpmnAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.zeebe.process.test.inspections.model.InspectedProcessInstance;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientStatus;
import org.betweensessions.engine.UserTasks;
import org.betweensessions.outbox.OutboundNotification;
import org.betweensessions.outbox.OutboundNotificationRepository;
import org.betweensessions.practice.ReferralProperties;
import org.betweensessions.process.ProcessIds;
import org.betweensessions.support.BrowserStackTest;
import org.betweensessions.support.MovableClock;
import org.betweensessions.termination.Termination;
import org.betweensessions.termination.TerminationRepository;
import org.betweensessions.termination.Terminations;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;

/**
 * A client's ending page in headless Chromium: the clinician edits the closing letter (a version
 * without the referrals is refused on the page, naming them, and the draft is kept; a good edit is
 * saved as version 2 and is the letter sent), the link from the "Review and send closing letter"
 * task, cancelling an ending with a reason (a note required for "Other"), and a colleague turned
 * away. Moves the engine clock to the last session, so it gets its own engine.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class EndingPageBrowserTest extends BrowserStackTest {

    @Autowired
    MovableClock clock;

    @Autowired
    Terminations terminations;

    @Autowired
    TerminationRepository rows;

    @Autowired
    UserTasks userTasks;

    @Autowired
    OutboundNotificationRepository outbox;

    @Autowired
    ReferralProperties referrals;

    @Test
    void theClinicianEditsTheClosingLetterOnThePageAndTheEditIsSent() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        Termination t = standingAt(
                terminations.planned(client, today(client), Termination.Reason.GOALS_MET, "alex"),
                ProcessIds.DISCUSS_ENDING_IN_SESSION_TASK);
        completeTask(
                t,
                ProcessIds.DISCUSS_ENDING_IN_SESSION_TASK,
                Map.of("endingDiscussed", true, "furtherCareAdvised", false));
        standingAt(t, ProcessIds.LAST_SESSION_TIMER);
        advanceTo(t.getLastSessionAt().plusSeconds(60));
        Termination review = standingAt(t, ProcessIds.REVIEW_CLOSING_LETTER_TASK);
        long taskKey = openTask(review, ProcessIds.REVIEW_CLOSING_LETTER_TASK).userTaskKey();

        signIn("alex");
        // The task page links to the ending, where the letter is read and edited.
        browser.get(base() + "/tasks/" + taskKey);
        assertThat(browser.findElement(By.id("ending-link")).getAttribute("href"))
                .endsWith("/clients/" + client.getId() + "/ending");
        browser.get(base() + "/clients/" + client.getId() + "/ending");
        assertThat(browser.findElement(By.id("ending-stage")).getText()).isEqualTo("Letter review");
        assertThat(browser.findElement(By.id("letter-version")).getText()).isEqualTo("1");
        WebElement letter = browser.findElement(By.id("letter-text"));
        String generated = letter.getAttribute("value");
        assertThat(generated).contains(referrals.referrals().getFirst().contact());
        screenshot("ending-letter");

        // Without the referrals: refused on the page, naming them; the draft stays in the box.
        String noReferrals = generated
                .lines()
                .filter(l -> referrals.referrals().stream().noneMatch(r -> l.contains(r.contact())))
                .collect(Collectors.joining("\n"));
        type(noReferrals);
        browser.findElement(By.id("save-letter")).click();
        assertThat(browser.findElement(By.id("problem")).getText()).contains("referrals");
        assertThat(browser.findElement(By.id("letter-text")).getAttribute("value"))
                .doesNotContain(referrals.referrals().getFirst().contact())
                .contains("Between-session contact ends on");
        assertThat(rows.findById(t.getId()).orElseThrow().getLetterVersion()).isEqualTo(1);

        String marker = "It was good to see how far you have come " + UUID.randomUUID() + ".";
        String edited = generated.replace("I wish you well.", "I wish you well. " + marker);
        type(edited);
        browser.findElement(By.id("save-letter")).click();
        assertThat(browser.findElement(By.id("notice")).getText()).contains("version 2");
        assertThat(browser.findElement(By.id("letter-version")).getText()).isEqualTo("2");
        assertThat(browser.findElements(By.cssSelector("#letter-versions > li")))
                .hasSize(2);
        assertThat(browser.findElement(By.id("letter-versions")).getText()).contains("Version 2 · alex");
        screenshot("ending-letter-saved");

        userTasks.complete(taskKey, Map.of("letterApproved", true));
        OutboundNotification sent = Awaitility.await()
                .atMost(WAIT)
                .until(() -> outbox.findByIdempotencyKey("closing-letter:" + t.getId()), Optional::isPresent)
                .orElseThrow();
        assertThat(sent.getBody())
                .contains(marker)
                .isEqualTo(rows.findById(t.getId()).orElseThrow().getLetter());
        browser.get(base() + "/clients/" + client.getId() + "/ending");
        assertThat(browser.findElements(By.id("letter-form"))).isEmpty();
        assertThat(browser.findElement(By.id("letter-text-sent")).getText()).contains(marker);

        // A colleague is turned away.
        browser.manage().deleteAllCookies();
        signIn("blair");
        browser.get(base() + "/clients/" + client.getId() + "/ending");
        assertThat(browser.findElement(By.id("problem-title")).getText()).startsWith("403");
        assertThat(browser.getPageSource()).doesNotContain(marker);
    }

    @Test
    void theClinicianCancelsAnEndingWithAReasonOnThePage() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        Termination t = standingAt(
                terminations.planned(client, today(client).plusDays(40), Termination.Reason.CLIENT_CHOICE, "alex"),
                ProcessIds.DISCUSS_ENDING_IN_SESSION_TASK);

        signIn("alex");
        browser.get(base() + "/clients/" + client.getId() + "/ending");
        assertThat(browser.findElement(By.id("ending-stage")).getText()).isEqualTo("Ending discussion");
        new Select(browser.findElement(By.id("cancel-reason"))).selectByValue("OTHER");
        browser.findElement(By.id("cancel-ending")).click();
        assertThat(browser.findElement(By.id("problem")).getText()).contains("note");
        assertThat(rows.findById(t.getId()).orElseThrow().isOpen()).isTrue();

        new Select(browser.findElement(By.id("cancel-reason"))).selectByValue("CLIENT_WANTS_TO_CONTINUE");
        browser.findElement(By.id("cancel-note")).sendKeys("Wants to keep working on the new goals");
        screenshot("ending-cancel");
        browser.findElement(By.id("cancel-ending")).click();
        assertThat(browser.findElement(By.id("notice")).getText()).contains("cancelled");
        assertThat(browser.findElement(By.id("ending-status")).getText()).isEqualTo("Stopped");
        assertThat(browser.findElement(By.id("stop-reason")).getText()).isEqualTo("cancelled");
        assertThat(browser.findElements(By.id("cancel-form"))).isEmpty();

        Termination stopped = rows.findById(t.getId()).orElseThrow();
        assertThat(stopped.getCancelReason()).isEqualTo(Termination.CancelReason.CLIENT_WANTS_TO_CONTINUE);
        assertThat(stopped.getStoppedBy()).isEqualTo("alex");
        eventually(() -> assertThat(new InspectedProcessInstance(stopped.getProcessInstanceKey()))
                .isCompleted()
                .hasPassedElement(ProcessIds.ENDING_CANCELLED_EVENT));
        assertThat(clients.findById(client.getId()).orElseThrow().getStatus()).isEqualTo(ClientStatus.ACTIVE);
    }

    // ---- helpers ----

    private void type(String text) {
        ((JavascriptExecutor) browser)
                .executeScript("arguments[0].value = arguments[1];", browser.findElement(By.id("letter-text")), text);
    }

    private LocalDate today(Client client) {
        return clock.instant()
                .atZone(clinicians
                        .findById(client.getClinicianId())
                        .orElseThrow()
                        .getTimeZone())
                .toLocalDate();
    }

    private void advanceTo(Instant target) {
        Duration by = Duration.between(clock.instant(), target);
        if (by.isPositive()) {
            engine.increaseTime(by);
            clock.advance(by);
        }
    }

    private Termination standingAt(Termination started, String elementId) {
        Termination t = Awaitility.await()
                .atMost(WAIT)
                .until(() -> rows.findById(started.getId()).orElseThrow(), x -> x.getProcessInstanceKey() != null);
        eventually(() -> assertThat(new InspectedProcessInstance(t.getProcessInstanceKey()))
                .isWaitingAtElements(elementId));
        return rows.findById(t.getId()).orElseThrow();
    }

    private UserTasks.OpenUserTask openTask(Termination t, String elementId) {
        return Awaitility.await()
                .atMost(WAIT)
                .until(() -> userTasks.findOpenTask(t.getProcessInstanceKey(), elementId), Optional::isPresent)
                .orElseThrow();
    }

    private void completeTask(Termination t, String elementId, Map<String, Object> variables) {
        userTasks.complete(openTask(t, elementId).userTaskKey(), variables);
    }
}
