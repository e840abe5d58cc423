package dev.streamvcr.browser;

import io.restassured.RestAssured;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.chromium.ChromiumDriver;
import org.openqa.selenium.devtools.CdpVersionFinder;
import org.openqa.selenium.remote.http.ClientConfig;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium at phone or desktop size, driven through Debian's chromedriver and pointed at
 * the app under test. Call {@link BrowserTools#ensureInstalled()} first.
 *
 * <p>Nothing is downloaded: Selenium asks Selenium Manager for a driver only when the service has no
 * executable, and here it always has one.
 *
 * <p>Use it in try-with-resources. Guaranteed after {@link #close()} returns, also when the browser
 * hung or crashed: chromedriver and every Chromium process it started are gone, and the browser's home
 * (profile, caches, crash database, temporary files) is deleted. If the JVM is stopped first, a
 * shutdown hook kills the processes.
 */
public final class Browser implements AutoCloseable {

    /** The screens tests look at the app on. */
    public enum Device {
        /** A 6.1-inch phone held upright: 390 × 844 CSS pixels, 3 device pixels each, touch, mobile user agent. */
        PHONE(390, 844, true),
        /** A laptop's browser window. */
        DESKTOP(1280, 800, false);

        private static final String MOBILE_USER_AGENT = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36"
                + " (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";

        public final int width;
        public final int height;
        public final boolean mobile;

        Device(int width, int height, boolean mobile) {
            this.width = width;
            this.height = height;
            this.mobile = mobile;
        }
    }

    /** Where {@link #screenshot(String)} puts its pictures, for a developer to look at. */
    public static final Path SCREENSHOTS = Path.of("target", "browser-screenshots");

    private static final System.Logger LOG = System.getLogger(Browser.class.getName());
    /**
     * Selenium warns at every start that it has no DevTools binding for this Chromium version. These
     * tests use none: {@link ChromeDriver#executeCdpCommand} goes through chromedriver. Held here so the
     * logger, and with it the level, is not garbage collected.
     */
    private static final List<java.util.logging.Logger> QUIETED = quiet(CdpVersionFinder.class, ChromiumDriver.class);
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Bounds every chromedriver call, so a hung browser fails the test instead of stalling the build. */
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration EXIT_WAIT = Duration.ofSeconds(10);
    /** Homes of every browser this JVM started: a Chromium process names its home in its arguments. */
    private static final Set<Path> HOMES = ConcurrentHashMap.newKeySet();

    private final Device device;
    private final URI app;
    private final Path home;
    private final Thread killOnExit;
    private ChromeDriverService service;
    private ProcessHandle chromedriver;
    private ChromeDriver driver;
    private boolean closed;

    /** A phone-sized browser on the app that {@code @QuarkusTest} started. */
    public static Browser phone() {
        return start(Device.PHONE);
    }

    /** A desktop-sized browser on the app that {@code @QuarkusTest} started. */
    public static Browser desktop() {
        return start(Device.DESKTOP);
    }

    /** A browser on the app that {@code @QuarkusTest} started. */
    public static Browser start(Device device) {
        // Quarkus points REST Assured at the app it started, with the port it really bound.
        return start(device, URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/"));
    }

    /** A browser whose {@link #open(String) open("/x")} loads {@code app.resolve("/x")}. */
    public static Browser start(Device device, URI app) {
        return new Browser(device, app);
    }

    private Browser(Device device, URI app) {
        this.device = device;
        this.app = app;
        try {
            this.home = Files.createTempDirectory("streamvcr-browser-");
            Files.createDirectory(home.resolve("tmp"));
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the browser's home", e);
        }
        HOMES.add(home);
        killOnExit = new Thread(() -> processes().forEach(ProcessHandle::destroyForcibly), "browser-kill-on-exit");
        Runtime.getRuntime().addShutdownHook(killOnExit);
        try {
            // HOME and TMPDIR keep Chromium's ~/.config, ~/.cache, ~/.pki and shared-memory files inside home.
            service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(BrowserTools.CHROMEDRIVER.toFile())
                    .usingAnyFreePort()
                    .withEnvironment(Map.of("HOME", home.toString(), "TMPDIR", home.resolve("tmp").toString()))
                    .build();
            service.start();
            chromedriver = findChromedriver(service.getUrl().getPort());
            driver = new ChromeDriver(service, options(), ClientConfig.defaultConfig().readTimeout(COMMAND_TIMEOUT));
            driver.manage().timeouts().pageLoadTimeout(COMMAND_TIMEOUT).scriptTimeout(WAIT);
        } catch (IOException e) {
            throw closedAfter(new UncheckedIOException("chromedriver did not start", e));
        } catch (RuntimeException e) {
            throw closedAfter(e);
        }
    }

    private RuntimeException closedAfter(RuntimeException failure) {
        try {
            close();
        } catch (RuntimeException cleanup) {
            failure.addSuppressed(cleanup);
        }
        return failure;
    }

    private ChromeOptions options() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BrowserTools.CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--user-data-dir=" + home.resolve("profile"),
                "--autoplay-policy=no-user-gesture-required", "--mute-audio",
                "--lang=en-US", "--window-size=" + device.width + "," + device.height);
        // --window-size alone is the outer size: headless Chromium keeps room for a toolbar it does not
        // draw, so a 1280 × 800 window has a 1280 × 657 page. chromedriver's emulation sets the page's size.
        Map<String, Object> metrics = Map.of("width", device.width, "height", device.height,
                "pixelRatio", device.mobile ? 3.0 : 1.0, "mobile", device.mobile, "touch", device.mobile);
        options.setExperimentalOption("mobileEmulation", device.mobile
                ? Map.of("deviceMetrics", metrics, "userAgent", Device.MOBILE_USER_AGENT)
                : Map.of("deviceMetrics", metrics));
        return options;
    }

    /**
     * Makes pages in this tab see {@code zone} as the local time zone (JavaScript {@code Date},
     * {@code Intl}), whatever the machine's zone. Lasts across navigations.
     */
    public Browser inTimeZone(ZoneId zone) {
        driver.executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", zone.getId()));
        return this;
    }

    public Device device() {
        return device;
    }

    /** The Selenium driver, for what these helpers do not cover. */
    public ChromeDriver driver() {
        return driver;
    }

    /** Loads {@code path} (e.g. {@code "/reservations/new"}) of the app and waits until it has loaded. */
    public Browser open(String path) {
        driver.get(app.resolve(path).toString());
        return this;
    }

    /** The path of the page shown now, e.g. {@code "/reservations/12"}. */
    public String path() {
        return URI.create(driver.getCurrentUrl()).getPath();
    }

    /** Logs in through the login form; throws with the page's message if the app refused. */
    public Browser loginAs(String username, String password) {
        open("/login");
        type("username", username);
        type("password", password);
        submitWith("form[action='/login'] button[type=submit]");
        if (path().equals("/login")) {
            throw new IllegalStateException("logging in as " + username + " failed: " + text(".error"));
        }
        return this;
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    /** The text a person sees in the first element matching {@code css}. */
    public String text(String css) {
        return find(css).getText();
    }

    /** The current value of the form field called {@code name}. */
    public String value(String name) {
        return driver.findElement(By.name(name)).getDomProperty("value");
    }

    /** Replaces what the form field called {@code name} holds by typing {@code text} into it. */
    public Browser type(String name, String text) {
        WebElement field = driver.findElement(By.name(name));
        field.clear();
        field.sendKeys(text);
        return this;
    }

    /** Clicks the button matching {@code css} and waits until the page it leads to has loaded. */
    public Browser submitWith(String css) {
        // Mark the current document; the next page is loaded when the mark is gone and it is complete.
        driver.executeScript("window.__streamvcrOldPage = true;");
        find(css).click();
        waitUntil(d -> {
            try {
                return driver.executeScript("return window.__streamvcrOldPage !== true"
                        + " && document.readyState === 'complete'");
            } catch (org.openqa.selenium.WebDriverException navigating) {
                return false; // the old document went away in the middle of the check
            }
        });
        return this;
    }

    /** Waits up to 10 s for {@code condition} to return something other than null or false. */
    public <T> T waitUntil(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT).until(condition);
    }

    /**
     * Whether the page is wider than the screen, so a person would have to scroll sideways. Compares
     * with the root's client width, not {@code innerWidth}: a mobile browser widens its layout viewport
     * to fit wide content, so {@code innerWidth} grows with the overflow and would hide it.
     */
    public boolean horizontalOverflow() {
        return (Boolean) driver.executeScript(
                "return document.scrollingElement.scrollWidth > document.documentElement.clientWidth");
    }

    /** Saves what the screen shows as {@code <device>-<name>.png} in {@link #SCREENSHOTS}. */
    public Path screenshot(String name) {
        return screenshot(SCREENSHOTS.resolve(device.name().toLowerCase(Locale.ROOT) + "-" + name + ".png"));
    }

    /** Saves what the screen shows as a PNG. */
    public Path screenshot(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("could not save a screenshot to " + file, e);
        }
    }

    /**
     * Ends the browser: asks chromedriver to quit, then kills whatever of it is still running and
     * deletes its home. Throws only if a process outlived that; calling it again does nothing.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<ProcessHandle> started = processes();
        try {
            // Without a live chromedriver quit() only waits for a timeout (20 s) before failing.
            if (driver != null && chromedriver.isAlive()) {
                driver.quit();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "chromedriver did not quit cleanly; killing its processes", e);
        }
        try {
            if (service != null) {
                service.stop();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "chromedriver did not stop cleanly; killing it", e);
        }
        List<ProcessHandle> left = killAll(Stream.concat(started.stream(), processes().stream()).distinct().toList());
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run; nothing to remove
        }
        if (!left.isEmpty()) {
            throw new IllegalStateException("browser processes outlived close(): " + describe(left));
        }
        deleteRecursively(home);
    }

    /**
     * Processes of browsers this JVM started that are still running, and Chromium or chromedriver
     * processes below this JVM: empty unless a browser was not closed or its cleanup failed.
     */
    public static List<ProcessHandle> strayProcesses() {
        Stream<ProcessHandle> ours = ProcessHandle.current().descendants().filter(p -> p.info().command()
                .map(command -> command.contains("chromium") || command.contains("chromedriver")).orElse(false));
        Stream<ProcessHandle> named = ProcessHandle.allProcesses().filter(p -> HOMES.stream().anyMatch(h -> names(p, h)));
        return Stream.concat(ours, named).filter(ProcessHandle::isAlive).distinct().toList();
    }

    /** For a failure message: pid and command line of each process. */
    public static String describe(List<ProcessHandle> processes) {
        return processes.stream().map(p -> p.pid() + " " + p.info().commandLine().orElse("?"))
                .reduce((a, b) -> a + "\n" + b).orElse("none");
    }

    /**
     * chromedriver and everything below it, plus processes that name this browser's home: Chromium's
     * crash handler double-forks, so it is no descendant of anyone here.
     */
    private List<ProcessHandle> processes() {
        Stream<ProcessHandle> tree = chromedriver == null ? Stream.empty()
                : Stream.concat(Stream.of(chromedriver), chromedriver.descendants());
        Stream<ProcessHandle> named = ProcessHandle.allProcesses().filter(p -> names(p, home));
        return Stream.concat(tree, named).filter(ProcessHandle::isAlive).distinct().toList();
    }

    private static List<java.util.logging.Logger> quiet(Class<?>... types) {
        List<java.util.logging.Logger> loggers = Stream.of(types)
                .map(type -> java.util.logging.Logger.getLogger(type.getName())).toList();
        loggers.forEach(logger -> logger.setLevel(java.util.logging.Level.SEVERE));
        return loggers;
    }

    private static boolean names(ProcessHandle process, Path home) {
        String inside = home + java.io.File.separator;
        return process.info().commandLine().map(line -> line.contains(inside)).orElse(false);
    }

    private static ProcessHandle findChromedriver(int port) {
        String portArgument = "--port=" + port;
        return ProcessHandle.current().children()
                .filter(p -> p.info().arguments().map(a -> List.of(a).contains(portArgument)).orElse(false))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("chromedriver with " + portArgument
                        + " is not among this JVM's children"));
    }

    /** Kills {@code processes} and waits for them to end; returns those still running after that. */
    private static List<ProcessHandle> killAll(List<ProcessHandle> processes) {
        processes.forEach(ProcessHandle::destroyForcibly);
        Instant deadline = Instant.now().plus(EXIT_WAIT);
        for (ProcessHandle process : processes) {
            try {
                Duration remaining = Duration.between(Instant.now(), deadline);
                if (!remaining.isNegative()) {
                    process.onExit().get(remaining.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (TimeoutException | ExecutionException e) {
                // reported below as still alive
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return processes.stream().filter(ProcessHandle::isAlive).toList();
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete the browser's home " + root, e);
        }
    }
}
