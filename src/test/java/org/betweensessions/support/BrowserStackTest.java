package org.betweensessions.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.util.FileSystemUtils;

/**
 * A test of the workspace's pages in a real browser (headless Chromium) against the real stack: a new
 * browser with its own profile for each test, sign-in through the login page, screenshots to
 * {@code target/screenshots} (and to {@code -Dbsc.screenshots=docs/images} when the docs' pictures are
 * retaken).
 */
public abstract class BrowserStackTest extends EmbeddedStackTest {

    protected WebDriver browser;
    private Path profile;

    @BeforeEach
    void startBrowser() throws IOException {
        Chromium.assumeInstalled();
        profile = Files.createTempDirectory("bsc-chromium");
        browser = Chromium.start(profile);
        browser.manage().timeouts().implicitlyWait(Duration.ofSeconds(2));
    }

    @AfterEach
    void stopBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            FileSystemUtils.deleteRecursively(profile);
        }
    }

    protected String base() {
        return "http://localhost:" + port;
    }

    /** Signs in through the login page (password {@code demo}) and waits for "My work". */
    protected void signIn(String username) {
        browser.get(base() + "/");
        assertThat(browser.getCurrentUrl()).endsWith("/login");
        assertThat(browser.findElements(By.id("username")))
                .as(browser.getPageSource())
                .isNotEmpty();
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys("demo");
        browser.findElement(By.id("sign-in")).click();
        // The sign-in page's heading goes stale while the browser moves on to "My work": look again.
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElements(By.tagName("h1")).stream()
                        .anyMatch(h -> h.getText().equals("My work")));
    }

    protected void screenshot(String name) {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        try {
            Path target = Path.of("target", "screenshots");
            Files.createDirectories(target);
            Files.copy(shot.toPath(), target.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
            String docs = System.getProperty("bsc.screenshots");
            if (docs != null && !docs.isBlank()) {
                Files.createDirectories(Path.of(docs));
                Files.copy(shot.toPath(), Path.of(docs, name + ".png"), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
