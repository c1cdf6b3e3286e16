package org.betweensessions.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientStatus;
import org.betweensessions.coverage.Coverage;
import org.betweensessions.coverage.CoverageHandoff;
import org.betweensessions.support.BrowserStackTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An absence's page in a real browser (Debian's headless Chromium): the clinician opens it from "Time
 * away", writes a client's coverage summary and edits it (stored encrypted, as through the API),
 * extends the absence (a request until the process has checked it, then the new last day), and
 * cancels it. The absence lies far ahead, so no leave of alex is in force for other tests.
 */
class CoverageBrowserTest extends BrowserStackTest {

    @Autowired
    CoverageHandoff coverages;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theClinicianWritesASummaryExtendsTheAbsenceAndCancelsIt() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        UUID alex = clinicians.findByUsername("alex").orElseThrow().getId();
        UUID blair = clinicians.findByUsername("blair").orElseThrow().getId();
        LocalDate from =
                now().atZone(ZoneId.of("America/New_York")).toLocalDate().plusDays(400 + (int) (Math.random() * 300));
        Coverage coverage = coverages.plan(
                new CoverageHandoff.Plan(alex, blair, from, from.plusDays(4), Coverage.Reason.VACATION, false), "alex");

        signIn("alex");
        browser.get(base() + "/coverage");
        browser.findElement(By.cssSelector("a[href='/coverage/" + coverage.getId() + "']"))
                .click();
        assertThat(browser.findElement(By.id("absence-title")).getText())
                .contains(from.toString())
                .contains(from.plusDays(4).toString());

        // A summary for the client: written, saved encrypted, shown again for editing.
        String marker = "Risk moderate; safety plan v2 on file; lamotrigine, Dr. Achterberg " + UUID.randomUUID();
        WebElement text = browser.findElement(By.id("text-" + client.getId()));
        text.sendKeys(marker);
        browser.findElement(By.id("warm-" + client.getId())).click();
        submit(By.id("save-" + client.getId()));
        assertThat(browser.findElement(By.id("notice")).getText()).contains("saved");
        assertThat(storedText(coverage, client)).isEqualTo(marker);
        assertThat(jdbc.queryForObject(
                        "select text_enc from coverage_summary where coverage_id = ? and client_id = ?",
                        String.class,
                        coverage.getId().toString(),
                        client.getId().toString()))
                .startsWith("v1:")
                .doesNotContain("Achterberg");
        assertThat(browser.findElement(By.id("text-" + client.getId())).getAttribute("value"))
                .isEqualTo(marker);
        WebElement again = browser.findElement(By.id("text-" + client.getId()));
        again.sendKeys(" Prefers text reminders.");
        submit(By.id("save-" + client.getId()));
        assertThat(storedText(coverage, client)).isEqualTo(marker + " Prefers text reminders.");
        screenshot("coverage-summaries");

        // Extended by three days: a request first, then (checks passed) the new last day.
        LocalDate later = from.plusDays(7);
        WebElement endsOn = browser.findElement(By.id("endsOn"));
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1]", endsOn, later.toString());
        submit(By.id("change-dates"));
        assertThat(browser.findElement(By.id("notice")).getText())
                .contains("Extension to " + later)
                .contains("until then the last day stays " + from.plusDays(4));
        eventually(() -> assertThat(coverages.get(coverage.getId()).getEndsOn()).isEqualTo(later));
        browser.get(base() + "/coverage/" + coverage.getId());
        assertThat(browser.findElement(By.id("absence-title")).getText()).contains(later.toString());
        assertThat(browser.findElements(By.id("pending-change"))).isEmpty();

        // A last day before the first: shown on the page, nothing changed.
        ((JavascriptExecutor) browser)
                .executeScript(
                        "arguments[0].value = arguments[1]",
                        browser.findElement(By.id("endsOn")),
                        from.minusDays(1).toString());
        submit(By.id("change-dates"));
        assertThat(browser.findElement(By.id("problem")).getText()).contains("endsOn");
        assertThat(coverages.get(coverage.getId()).getEndsOn()).isEqualTo(later);

        submit(By.id("cancel"));
        assertThat(browser.findElement(By.id("notice")).getText()).contains("cancelled");
        assertThat(coverages.get(coverage.getId()).getStatus()).isEqualTo(Coverage.Status.CANCELLED);
        assertThat(browser.findElements(By.id("dates-form"))).isEmpty();
    }

    /** Clicks a form's button and waits for the page the form leads to (the old one goes stale). */
    private void submit(By button) {
        WebElement page = browser.findElement(By.tagName("html"));
        browser.findElement(button).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.stalenessOf(page));
    }

    private String storedText(Coverage coverage, Client client) {
        return coverages.summariesOf(coverage.getId()).stream()
                .filter(s -> s.getClientId().equals(client.getId()))
                .findFirst()
                .orElseThrow()
                .getText();
    }
}
