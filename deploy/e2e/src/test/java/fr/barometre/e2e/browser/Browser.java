package fr.barometre.e2e.browser;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real browser for the tests: Debian's Chromium ({@code /usr/bin/chromium}) driven headless by
 * its chromedriver ({@code /usr/bin/chromedriver}), with a fresh profile (no cookie, no cache) that
 * {@link #close()} deletes. Windows 1280 px wide (a desktop) unless {@link #narrow()} asks for 360 px
 * (a phone). Screenshots go to {@code target/screenshots/}.
 */
public final class Browser implements AutoCloseable {

    public static final int WIDE = 1280;
    public static final int NARROW = 360;
    private static final int HEIGHT = 900;
    public static final Duration WAIT = Duration.ofSeconds(20);
    public static final Path SCREENSHOTS = Path.of("target/screenshots");

    private static final String CHROMIUM = System.getProperty("browser.chromium", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = System.getProperty("browser.chromedriver", "/usr/bin/chromedriver");

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** A new browser with an empty profile, 1280 px wide. */
    public static Browser open() {
        if (!Files.isExecutable(Path.of(CHROMIUM)) || !Files.isExecutable(Path.of(CHROMEDRIVER))) {
            throw new IllegalStateException("Chromium and its driver are needed (" + CHROMIUM + ", " + CHROMEDRIVER
                    + "): apt-get install -y chromium chromium-driver");
        }
        Path profile;
        try {
            profile = Files.createTempDirectory("barometre-chromium-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox" /* root in CI */, "--disable-dev-shm-usage",
                "--user-data-dir=" + profile, "--window-size=" + WIDE + "," + HEIGHT, "--lang=fr-FR",
                "--no-first-run", "--disable-extensions", "--disable-background-networking", "--disable-sync",
                "--disable-component-update", "--disable-default-apps", "--hide-scrollbars");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        return new Browser(driver, profile);
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** Opens a URL and waits until the page has loaded. */
    public Browser get(String url) {
        driver.get(url);
        return this;
    }

    public String url() {
        return driver.getCurrentUrl();
    }

    public String title() {
        return driver.getTitle();
    }

    public WebElement find(By by) {
        return driver.findElement(by);
    }

    public List<WebElement> findAll(By by) {
        return driver.findElements(by);
    }

    /** The visible text of the page's body. */
    public String text() {
        return driver.findElement(By.tagName("body")).getText();
    }

    /** Waits (up to {@link #WAIT}) until a condition holds, and returns its value. */
    public <T> T await(ExpectedCondition<T> condition) {
        return new WebDriverWait(driver, WAIT).until(condition);
    }

    public Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /**
     * The bytes the page cost: the navigation and every resource entry of the Performance API,
     * each counted at the larger of {@code transferSize} (what came over the network, headers
     * included) and {@code encodedBodySize} (the body as sent, so that a cached resource still
     * counts). Printed with the page's address.
     */
    public long transferSize() {
        Object size = script("""
                return performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
                    .reduce((sum, e) => sum + Math.max(e.transferSize || 0, e.encodedBodySize || 0), 0);
                """);
        long bytes = ((Number) size).longValue();
        Object resources = script("return performance.getEntriesByType('resource').length;");
        System.out.printf("[browser] %s: %,d bytes transferred (the page and %s resources)%n", url(), bytes, resources);
        return bytes;
    }

    /**
     * Writes two screenshots of the whole page, {@code <name>-1280.png} and {@code <name>-360.png},
     * under {@link #SCREENSHOTS}; the window is 1280 px wide again afterwards.
     */
    public void screenshots(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            for (int width : new int[] {WIDE, NARROW}) {
                resize(width, HEIGHT);
                long height = ((Number) script("return Math.max(document.documentElement.scrollHeight, document.body ? document.body.scrollHeight : 0);")).longValue();
                resize(width, (int) Math.min(Math.max(height, HEIGHT), 12_000));
                File shot = driver.getScreenshotAs(OutputType.FILE);
                Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + "-" + width + ".png"), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            resize(WIDE, HEIGHT);
        }
    }

    /** The window at 360 px wide (a phone), as far as the layout is concerned. */
    public Browser narrow() {
        resize(NARROW, HEIGHT);
        return this;
    }

    public Browser wide() {
        resize(WIDE, HEIGHT);
        return this;
    }

    /**
     * The elements that stick out of the window on the right, the page then needing a horizontal
     * scroll bar (an element inside a box that scrolls or clips horizontally is not counted): empty
     * when the page fits its width. Each as {@code tag#id.class (right edge px)}.
     */
    @SuppressWarnings("unchecked")
    public List<String> overflowing() {
        return (List<String>) script("""
                const width = document.documentElement.clientWidth, found = [];
                const clipped = e => { for (let p = e.parentElement; p; p = p.parentElement) {
                    const o = getComputedStyle(p).overflowX; if (o !== 'visible') return true; } return false; };
                for (const e of document.body.querySelectorAll('*')) {
                  const r = e.getBoundingClientRect();
                  if (r.width > 0 && r.right > width + 1 && !clipped(e)) {
                    found.push(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && e.className.baseVal === undefined
                        ? '.' + String(e.className).trim().replace(/\\s+/g, '.') : '') + ' (' + Math.round(r.right) + ' px)');
                    if (found.length >= 10) break;
                  }
                }
                return found;
                """);
    }

    private void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** Forgets every cookie of every site (signs out of Keycloak and of the services without a logout). */
    public void forgetCookies() {
        driver.executeCdpCommand("Network.clearBrowserCookies", java.util.Map.of());
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> paths = Files.walk(profile)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a leftover temporary profile is harmless
            }
        }
    }
}
