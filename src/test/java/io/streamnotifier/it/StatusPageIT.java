package io.streamnotifier.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import io.streamnotifier.deadletter.DeadLetter;
import io.streamnotifier.it.support.FaultProxy;
import io.streamnotifier.it.support.FaultProxy.Fault;
import io.streamnotifier.ops.OpsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The status page in a real browser: Debian's headless Chromium (installed by the build, local-stack/install-chromium)
 * driven by Selenium through Debian's chromedriver loads {@code /status} from the running service after orders were
 * sent and dead-lettered, and the test reads what a person would see. It saves a screenshot to
 * {@code target/status-page/status-page.png}; with {@code -Dstatus-page.update-docs=true} also to
 * {@code docs/status-page.png} (the picture in docs/operations.md).
 */
class StatusPageIT extends ServiceITSupport {

    private static final String CHROMIUM = envOr("CHROMIUM", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = envOr("CHROMEDRIVER", "/usr/bin/chromedriver");
    private static final Path OUT = Path.of("target", "status-page");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final FaultProxy PROXY = FaultProxy.shared();

    private WebDriver browser;
    private Path profile;

    @Override
    protected java.util.Properties extraProperties() {
        // SES through the fault proxy, to open the circuit at the end
        PROXY.plan(recipient -> Fault.PASS);
        java.util.Properties properties = new java.util.Properties();
        properties.put("notifier.ses.endpoint", PROXY.endpoint().toString());
        properties.put("notifier.ses.probe-interval-ms", "300");
        return properties;
    }

    @AfterEach
    void closeBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (var paths = Files.walk(profile)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void status_page_shows_sends_shards_circuit_and_masked_dead_letters_without_personal_data() throws Exception {
        List<String> sentTo = List.of(uniqueRecipient(), uniqueRecipient(), uniqueRecipient());
        List<String> titles = List.of("Harvest", "Tonight's the Night", "<script>alert(1)</script> Live Rust");
        for (int i = 0; i < sentTo.size(); i++) {
            orders().put(OrdersTable.order("ORD-S" + i, sentTo.get(i), titles.get(i)));
        }
        // an address without a dot in its domain, and one whose domain is markup: both are dead-lettered, and the
        // second's masked form (the domain is kept) must reach the page as text, not as an element
        String invalid = "buyer-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "@localhost";
        String hostile = "evil@<img src=x onerror=document.title='pwned'>";
        orders().put(OrdersTable.order("ORD-INVALID", invalid, "Harvest"));
        orders().put(OrdersTable.order("ORD-HOSTILE", hostile, "Harvest"));
        awaitCount("sent", 3);
        awaitCount("dead-lettered", 2);
        sentTo.forEach(ServiceITSupport::awaitOneMailTo);
        List<DeadLetter> deadLetters = deadLetters();
        assertEquals(2, deadLetters.size());
        DeadLetter invalidLetter = deadLetters.get(0);
        DeadLetter hostileLetter = deadLetters.get(1);

        String base = "http://127.0.0.1:" + context.getRegistry().lookupByNameAndType("opsServer", OpsServer.class)
                .port();
        HttpResponse<String> root = get(base + "/");
        assertEquals(302, root.statusCode());
        assertEquals("/status", root.headers().firstValue("Location").orElse(null));
        assertEquals(404, get(base + "/nothing-here").statusCode());
        HttpResponse<String> page = get(base + "/status");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("script-src 'self'"));

        browser = chromium();
        browser.get(base + "/status");
        WebElement sent = awaitElement(() -> browser.findElement(By.cssSelector(
                "tr[data-route='order-confirmation'] td[data-counter='sent']")), "3");
        assertEquals("3", sent.getText(), "sent count");
        assertEquals(1, browser.findElements(By.cssSelector("tr[data-route]")).size(),
                "one row, the notification's: not the stream-source Kamelet's own route");
        assertEquals("5", counter("read"));
        assertEquals("2", counter("deadLettered"));
        assertEquals("0", counter("duplicates"));
        assertEquals("3", browser.findElement(By.id("ses-accepted")).getText());
        assertEquals("0", browser.findElement(By.id("ses-failed")).getText());
        assertEquals("CLOSED", browser.findElement(By.id("circuit-state")).getText());
        assertEquals("ready", browser.findElement(By.id("readiness")).getText());

        // the shard's saved position reaches the last record (the hostile one) once its batch is checkpointed; the
        // page reads the lease table at most every 2 s and refreshes every 5 s
        await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> hostileLetter
                .sequenceNumber().equals(browser.findElement(By.cssSelector("#stream-list td[data-position]"))
                        .getText()));
        WebElement shardRow = browser.findElement(By.cssSelector("#stream-list tr[data-shard]"));
        assertTrue(shardRow.getAttribute("data-shard").startsWith("shardId-"), shardRow.getText());
        assertTrue(shardRow.getText().contains("it-worker (this instance)"), shardRow.getText());
        String lag = shardRow.findElement(By.cssSelector("td[data-lag]")).getText();
        assertTrue(lag.matches("[0-9.]+ (ms|s|min|h)"), "lag shown as a duration: " + lag);

        // the last dead letters, newest first, masked, with their reasons
        List<WebElement> rows = browser.findElements(By.cssSelector("#dead-letter-rows tr[data-event-id]"));
        assertEquals(2, rows.size());
        assertEquals(hostileLetter.eventId(), rows.get(0).getAttribute("data-event-id"));
        assertEquals(invalidLetter.eventId(), rows.get(1).getAttribute("data-event-id"));
        assertTrue(rows.get(1).getText().contains(invalidLetter.eventId()), rows.get(1).getText());
        assertEquals("b***@localhost", cell(rows.get(1), "data-recipient"));
        assertEquals("InvalidRecordException: invalid e-mail address in attribute 'email': not a syntactically valid "
                + "address", cell(rows.get(1), "data-reason"));
        assertEquals("e***@<img src=x onerror=document.title='pwned'>", cell(rows.get(0), "data-recipient"),
                "markup in a value is shown as text");
        assertTrue(cell(rows.get(0), "data-reason").contains("not a plain address"), cell(rows.get(0), "data-reason"));
        assertTrue(browser.findElements(By.cssSelector("#dead-letter-rows img")).isEmpty(), "no element injected");
        assertEquals("stream-notifier status", browser.getTitle());

        // the chart: one bar per minute of the last hour, the three sends in it
        assertEquals(60, browser.findElements(By.cssSelector("#sparkline svg rect.bar")).size());
        assertEquals("3", browser.findElement(By.id("sends-hour")).getText());
        assertTrue(browser.findElements(By.cssSelector("#sparkline svg rect.bar")).stream()
                .anyMatch(bar -> Double.parseDouble(bar.getAttribute("height")) > 0), "a bar for the sends");

        // no personal data: neither the page as shown, nor its DOM, nor the JSON it reads holds an address or a title
        String text = browser.findElement(By.tagName("body")).getText();
        String dom = browser.getPageSource();
        String json = get(base + "/status.json").body();
        for (String where : List.of(text, dom, json)) {
            for (String address : List.of(sentTo.get(0), sentTo.get(1), sentTo.get(2), invalid, hostile)) {
                assertFalse(where.contains(address), "an address unmasked on the page: " + address);
            }
            for (String localPart : List.of(invalid.substring(0, invalid.indexOf('@')), "evil@")) {
                assertFalse(where.contains(localPart), "an address's local part on the page: " + localPart);
            }
            for (String title : titles) {
                assertFalse(where.contains(title), "an album title on the page: " + title);
            }
            assertFalse(where.contains("ORD-"), "an order id on the page");
        }

        screenshot();

        // SES refuses every send: the page shows the circuit open with SES's reason, and readiness down
        PROXY.plan(recipient -> Fault.ACCOUNT_PAUSED);
        String held = uniqueRecipient();
        orders().put(OrdersTable.order("ORD-HELD", held, "Harvest"));
        await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> "OPEN".equals(browser.findElement(By.id("circuit-state")).getText()));
        String detail = browser.findElement(By.id("circuit-detail")).getText();
        assertTrue(detail.contains("SendingPausedException"), detail);
        assertEquals("not ready", browser.findElement(By.id("readiness")).getText());
        assertFalse(browser.findElement(By.tagName("body")).getText().contains(held), "the held order's address");
        PROXY.plan(recipient -> Fault.PASS);
        awaitElement(() -> browser.findElement(By.id("circuit-state")), "CLOSED");
        awaitElement(() -> browser.findElement(By.cssSelector(
                "tr[data-route='order-confirmation'] td[data-counter='sent']")), "4");
    }

    private String counter(String name) {
        return browser.findElement(By.cssSelector("tr[data-route='order-confirmation'] td[data-counter='" + name
                + "']")).getText();
    }

    private static String cell(WebElement row, String attribute) {
        return row.findElement(By.cssSelector("td[" + attribute + "]")).getText();
    }

    /** Waits until the element is there with this text (the page fills itself from status.json). */
    private static WebElement awaitElement(Supplier<WebElement> find, String text) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> text.equals(find.get().getText()));
        return find.get();
    }

    /** The whole page as one PNG: the viewport is made as tall as the page first (Chrome's device emulation). */
    private void screenshot() throws IOException {
        ChromeDriver chrome = (ChromeDriver) browser;
        long height = ((Number) chrome.executeScript("return document.documentElement.scrollHeight")).longValue();
        chrome.executeCdpCommand("Emulation.setDeviceMetricsOverride", java.util.Map.of("width", 1200, "height",
                (int) Math.min(4000, height), "deviceScaleFactor", 1, "mobile", false));
        byte[] png = chrome.getScreenshotAs(OutputType.BYTES);
        Files.createDirectories(OUT);
        Path file = OUT.resolve("status-page.png");
        Files.write(file, png);
        if (Boolean.getBoolean("status-page.update-docs")) {
            Files.copy(file, Path.of("docs", "status-page.png"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private WebDriver chromium() throws IOException {
        for (String binary : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!new File(binary).canExecute()) {
                throw new IllegalStateException(binary + " is missing: the build installs it with "
                        + "local-stack/install-chromium (Debian's chromium and chromium-driver)");
            }
        }
        Files.createDirectories(OUT);
        profile = Files.createTempDirectory(OUT.toAbsolutePath(), "chromium-profile-");
        ChromeOptions options = new ChromeOptions();
        // both paths given: Selenium Manager is not asked for a browser or a driver (nothing is downloaded)
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1200,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .withLogFile(OUT.resolve("chromedriver.log").toFile())
                .build();
        return new ChromeDriver(service, options);
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String envOr(String name, String otherwise) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? otherwise : value;
    }
}
