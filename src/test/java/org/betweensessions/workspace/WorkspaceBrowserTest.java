package org.betweensessions.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.betweensessions.billing.TimeSpentRepository;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientStatus;
import org.betweensessions.crisis.CrisisAcknowledgementRepository;
import org.betweensessions.engine.UserTasks;
import org.betweensessions.inbox.InboundMessageRequest;
import org.betweensessions.inbox.MessageService;
import org.betweensessions.message.Channel;
import org.betweensessions.message.Message;
import org.betweensessions.message.MessageStatus;
import org.betweensessions.process.ProcessIds;
import org.betweensessions.support.BrowserStackTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The workspace in a real browser: Debian's headless Chromium driven through its chromedriver. A
 * clinician signs in, sees the crisis above everything else, acknowledges it, answers a routine
 * message from a template; a coordinator answers an administrative message; a clinician cannot
 * open a colleague's client's message. Screenshots of the pages go to target/screenshots, and to
 * the folder named by -Dbsc.screenshots (docs/images for docs/workspace.md).
 */
class WorkspaceBrowserTest extends BrowserStackTest {

    @Autowired
    MessageService messageService;

    @Autowired
    UserTasks userTasks;

    @Autowired
    CrisisAcknowledgementRepository acknowledgements;

    @Autowired
    TimeSpentRepository times;

    @Test
    void clinicianSeesTheCrisisFirstAcknowledgesItAndAnswersFromATemplate() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        Message routine =
                send(client, "Rough week with my sister again. Could you give me some advice" + " before Thursday?");
        Message crisis = send(client, "I can't do this anymore. I have my pills saved up for tonight.");
        awaitOpenTask(routine, ProcessIds.ANSWER_TASKS);
        awaitOpenTask(crisis, ProcessIds.CRISIS_ACKNOWLEDGEMENT_TASKS);

        signIn("alex");
        List<WebElement> items = browser.findElements(By.cssSelector("ol.work > li"));
        int crisisAt = indexOf(items, client.getDisplayName(), "CRISIS");
        int routineAt = indexOf(items, client.getDisplayName(), "ANSWER");
        assertThat(crisisAt).as("the crisis is listed").isGreaterThanOrEqualTo(0);
        assertThat(routineAt).as("the routine message is listed").isGreaterThan(crisisAt);
        List<String> kinds =
                items.stream().map(i -> i.getAttribute("data-kind")).toList();
        assertThat(kinds.lastIndexOf("CRISIS"))
                .as("every crisis above every other item")
                .isLessThan(kinds.indexOf("ANSWER") < 0 ? Integer.MAX_VALUE : kinds.indexOf("ANSWER"));
        assertThat(items.get(routineAt).getText()).containsPattern("(left|overdue by)");
        screenshot("my-work");

        items.get(crisisAt).findElement(By.cssSelector("a.client")).click();
        assertThat(browser.findElement(By.id("thread")).getText()).contains("I have my pills saved up for tonight.");
        assertThat(browser.findElement(By.id("category")).getText()).isEqualTo("Crisis");
        assertThat(browser.findElement(By.id("signals")).getText()).isNotBlank();
        screenshot("crisis");
        // "I'm on it" is one click, with the escalation time in the reader's zone; nothing to fill in.
        assertThat(browser.findElement(By.id("escalates-at")).getText())
                .contains("left")
                .doesNotContain("Z");
        assertThat(browser.findElement(By.id("acknowledge-form"))
                        .findElements(By.cssSelector("select, input[type=checkbox]")))
                .isEmpty();
        browser.findElement(By.id("acknowledge")).click();
        assertThat(browser.findElement(By.cssSelector(".notice")).getText()).contains("escalation stopped");
        eventually(() -> assertThat(acknowledgements.findById(crisis.getId()))
                .hasValueSatisfying(a -> assertThat(a.getAcknowledgedBy()).isEqualTo("alex")));

        // The crisis leaves "My work" as a crisis; its documentation is there as a task, due today.
        awaitOpenTask(crisis, List.of(ProcessIds.DOCUMENT_CRISIS_TASK));
        // My work reads the open tasks as the engine exports them: a moment after the task exists.
        eventually(() -> {
            browser.get(base() + "/");
            List<WebElement> after = browser.findElements(By.cssSelector("ol.work > li"));
            assertThat(after.stream()
                            .filter(i -> i.getText().contains(client.getDisplayName())
                                    && "CRISIS".equals(i.getAttribute("data-kind")))
                            .toList())
                    .as("an acknowledged crisis leaves My work")
                    .isEmpty();
            assertThat(after.stream()
                            .filter(i -> "TASK".equals(i.getAttribute("data-kind"))
                                    && i.getText().contains("Document crisis")
                                    && i.getText().contains(client.getDisplayName()))
                            .toList())
                    .as("the documentation task is listed")
                    .hasSize(1);
        });

        browser.get(base() + "/messages/" + crisis.getId());
        assertThat(browser.findElement(By.id("documentation-due")).getText()).contains("left");
        assertThat(Integer.parseInt(browser.findElement(By.id("minutesSpent")).getAttribute("value")))
                .as("minutes prefilled from the time on the page")
                .isPositive();
        new Select(browser.findElement(By.id("contactMade"))).selectByValue("PHONE_CALL");
        browser.findElement(By.id("safetyAssessed")).click();
        new Select(browser.findElement(By.id("nextStep"))).selectByValue("SAFETY_PLAN_REVIEWED");
        WebElement minutes = browser.findElement(By.id("minutesSpent"));
        minutes.clear();
        minutes.sendKeys("20");
        screenshot("crisis-documentation");
        browser.findElement(By.id("document")).click();
        assertThat(browser.findElement(By.cssSelector(".notice")).getText()).contains("documented");
        eventually(() -> assertThat(acknowledgements.findById(crisis.getId()))
                .hasValueSatisfying(a -> assertThat(a.getContactMade()).isEqualTo("PHONE_CALL")));
        eventually(() -> assertThat(times.findByMessageIdAndKind(crisis.getId(), "CRISIS"))
                .hasValueSatisfying(t -> assertThat(t.getMinutes()).isEqualTo(20)));

        browser.get(base() + "/messages/" + routine.getId());
        assertThat(browser.findElement(By.id("thread")).getText()).contains("Rough week with my sister again.");
        assertThat(browser.findElement(By.id("policy")).getText()).contains("answers within");
        // The avoid list stops a reply that withdraws care; the draft is kept.
        browser.findElement(By.id("body")).sendKeys("Sorry, I am too busy to respond this week.");
        browser.findElement(By.id("send")).click();
        assertThat(browser.findElement(By.id("problem")).getText()).contains("too busy to respond");
        assertThat(messages.findById(routine.getId()).orElseThrow().getStatus())
                .isEqualTo(MessageStatus.AWAITING_RESPONSE);
        new Select(browser.findElement(By.id("template"))).selectByValue("ack.therapeutic-update");
        String templateText = browser.findElement(By.id("body")).getAttribute("value");
        assertThat(templateText).contains("explore it more deeply in our next session");
        assertThat(Integer.parseInt(browser.findElement(By.id("replyMinutes")).getAttribute("value")))
                .as("minutes prefilled from the time on the page")
                .isPositive();
        screenshot("message");
        phoneScreenshot("message-phone");
        browser.findElement(By.id("send")).click();
        assertThat(browser.findElement(By.cssSelector(".notice")).getText()).contains("Reply sent");
        Message answered = messages.findById(routine.getId()).orElseThrow();
        assertThat(answered.getStatus()).isEqualTo(MessageStatus.ANSWERED);
        assertThat(messages.findByInReplyToIdOrderByCreatedAtAsc(routine.getId()))
                .anySatisfy(r -> assertThat(r.getBody()).isEqualTo(templateText));

        // The client's billing list: the crisis and the answer with their minutes, never text.
        browser.get(base() + "/clients/" + client.getId() + "/billing");
        String billing = browser.findElement(By.id("billing")).getText();
        assertThat(billing).contains("Crisis").contains("Answer").contains("20");
        assertThat(browser.getPageSource())
                .doesNotContain("Rough week with my sister")
                .doesNotContain("pills saved up");
        screenshot("billing");
    }

    @Test
    void coordinatorAnswersAnAdministrativeMessage() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        Message admin =
                send(client, "I need to reschedule my appointment next Tuesday, could we move" + " it to Thursday?");
        awaitOpenTask(admin, ProcessIds.ANSWER_TASKS);
        assertThat(messages.findById(admin.getId()).orElseThrow().getRoute()).isEqualTo("COORDINATOR");

        signIn("casey");
        List<WebElement> items = browser.findElements(By.cssSelector("ol.work > li"));
        int at = indexOf(items, client.getDisplayName(), "ADMINISTRATIVE");
        assertThat(at)
                .as("the administrative message is on the coordinator's list")
                .isNotNegative();
        items.get(at).findElement(By.cssSelector("a.client")).click();
        assertThat(browser.findElement(By.id("thread")).getText()).contains("reschedule my appointment");
        screenshot("administrative");
        browser.findElement(By.id("body"))
                .sendKeys("Thursday at 3 pm is free; I have moved your" + " appointment. See you then.");
        browser.findElement(By.id("send")).click();
        assertThat(browser.findElement(By.cssSelector(".notice")).getText()).contains("Reply sent");
        assertThat(messages.findById(admin.getId()).orElseThrow().getStatus()).isEqualTo(MessageStatus.ANSWERED);
    }

    @Test
    void aClinicianCannotOpenAColleaguesClientsMessage() {
        Client alexs = demoClient("alex", ClientStatus.ACTIVE);
        Message message =
                send(alexs, "Rough week with my sister again. Could you give me some advice" + " before Thursday?");

        signIn("blair");
        browser.get(base() + "/messages/" + message.getId());
        assertThat(browser.findElement(By.id("problem-title")).getText()).startsWith("403");
        assertThat(browser.getPageSource()).doesNotContain("Rough week with my sister");
        assertThat(browser.getPageSource()).doesNotContain(alexs.getDisplayName());
    }

    @Test
    void aTaskIsCompletedWithItsOwnCamundaForm() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        Message routine =
                send(client, "Rough week with my sister again. Could you give me some advice" + " before Thursday?");
        awaitOpenTask(routine, ProcessIds.ANSWER_TASKS);

        signIn("alex");
        browser.get(base() + "/tasks");
        WebElement row = browser.findElements(By.cssSelector("#tasks > li")).stream()
                .filter(li -> li.getText().contains(client.getDisplayName()))
                .findFirst()
                .orElseThrow();
        assertThat(row.getText()).contains("Respond to message").contains("Portal");
        screenshot("tasks");
        row.findElement(By.cssSelector("a.kind")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(d -> "true".equals(d.findElement(By.id("form")).getAttribute("data-ready")));
        String form = browser.findElement(By.id("form")).getText();
        // What a person recognises, not ids or raw UTC: the client, channel, arrival, due time.
        assertThat(form)
                .contains("Answer " + client.getDisplayName())
                .contains("Portal")
                .contains("arrived")
                .contains("answer by")
                .doesNotContain(routine.getId().toString())
                .doesNotContainPattern("\\d{2}:\\d{2}:\\d{2}Z");
        assertThat(form).doesNotContain("Reply sent through the secure portal");
        assertThat(browser.findElement(By.id("task-about")).getText()).contains(client.getDisplayName());
        assertThat(browser.findElement(By.id("workspace-link")).getAttribute("href"))
                .endsWith("/messages/" + routine.getId());
        browser.findElement(By.id("complete")).click();
        assertThat(browser.findElement(By.id("form-problem")).getText())
                .as("a required field left empty")
                .contains("complete the highlighted fields");
        // "No answer needed" asks why.
        clickRadio("No answer is needed");
        assertThat(browser.findElement(By.id("form")).getText()).contains("Why is no answer needed?");
        clickRadio("I answered by phone");
        assertThat(browser.findElement(By.id("form")).getText()).doesNotContain("Why is no answer needed?");
        browser.findElement(By.cssSelector(".fjs-form-field-number input")).sendKeys("7");
        screenshot("task-form");
        // On a 390 px phone the labels wrap: nothing runs off the screen.
        Dimension desktop = browser.manage().window().getSize();
        browser.manage().window().setSize(new Dimension(390, 844));
        Long overflow = (Long) ((JavascriptExecutor) browser)
                .executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertThat(overflow).as("horizontal overflow at 390 px").isLessThanOrEqualTo(0L);
        screenshot("task-form-phone");
        browser.manage().window().setSize(desktop);
        browser.findElement(By.id("complete")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(d -> d.getCurrentUrl().contains("/tasks?done"));
        eventually(() -> assertThat(ProcessIds.ANSWER_TASKS.stream()
                        .anyMatch(e -> userTasks
                                .findOpenTask(
                                        routine.getProcessInstanceKey() == null
                                                ? messages.findById(routine.getId())
                                                        .orElseThrow()
                                                        .getProcessInstanceKey()
                                                : routine.getProcessInstanceKey(),
                                        e)
                                .isPresent()))
                .isFalse());
    }

    // ---- helpers ----

    private void clickRadio(String label) {
        browser.findElements(By.cssSelector(".fjs-form-field-radio label")).stream()
                .filter(l -> l.getText().contains(label))
                .findFirst()
                .orElseThrow()
                .click();
    }

    private Message send(Client client, String body) {
        return messageService
                .accept(InboundMessageRequest.fromClient(
                        Channel.PORTAL, "browser-" + UUID.randomUUID(), client.getId(), body))
                .message();
    }

    private void awaitOpenTask(Message message, List<String> elementIds) {
        eventually(() -> {
            Message m = messages.findById(message.getId()).orElseThrow();
            assertThat(m.getProcessInstanceKey()).isNotNull();
            assertThat(elementIds.stream()
                            .anyMatch(e -> userTasks
                                    .findOpenTask(m.getProcessInstanceKey(), e)
                                    .isPresent()))
                    .as("open task")
                    .isTrue();
        });
    }

    private static int indexOf(List<WebElement> items, String clientName, String kind) {
        for (int i = 0; i < items.size(); i++) {
            if (kind.equals(items.get(i).getAttribute("data-kind"))
                    && items.get(i).getText().contains(clientName)) {
                return i;
            }
        }
        return -1;
    }

    private void phoneScreenshot(String name) {
        Dimension desktop = browser.manage().window().getSize();
        browser.manage().window().setSize(new Dimension(390, 844));
        screenshot(name);
        browser.manage().window().setSize(desktop);
    }
}
