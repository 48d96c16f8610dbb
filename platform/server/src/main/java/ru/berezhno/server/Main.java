package ru.berezhno.server;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

import ru.berezhno.core.definitions.DefinitionCatalog;
import ru.berezhno.core.definitions.DefinitionException;
import ru.berezhno.core.definitions.DefinitionLoader;
import ru.berezhno.core.plan.PlanService;
import ru.berezhno.core.plan.ProgrammeCatalog;
import ru.berezhno.core.organizations.OrganizationDirectory;
import ru.berezhno.core.plugins.PluginLoadingException;
import ru.berezhno.core.plugins.PluginRegistry;
import ru.berezhno.core.store.StoreException;

/**
 * The command line: {@code serve} runs the platform, {@code check-definitions} validates the
 * definitions and the organisation directory without starting anything.
 */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);
    static final int OK = 0;
    static final int INVALID = 1;
    static final int USAGE = 2;

    private static final String HELP = """
            Berezhno: lean-management self-diagnosis and surveys for municipalities.

            Usage:
              java -jar berezhno.jar serve [options]              run the platform
              java -jar berezhno.jar check-definitions [options]  validate definitions without starting

            Options:
              --port N                 port to listen on (default 8080; 0 picks a free one)
              --host ADDRESS           address to listen on (default 0.0.0.0)
              --data DIR               data folder (default ./data)
              --definitions DIR        survey definitions (default ./survey-definitions)
              --organizations FILE     organisation directory (default <definitions>/directory/organizations.yaml)
              --zone ZONE              time zone of reporting periods (default Asia/Novokuznetsk)
              --min-group-size N       fewest responses for a group to be shown (default 5, at least 3)
              --min-comment-group-size N  fewest responses for comments to be shown (default 8, at least 3)
              --report-deadline-day N  units report on the lean plan by this day of the month after
                                       the quarter (default 5, as the regulation §6.2 says; 1–28)
              --base-url URL           the public address of the platform, printed in QR codes and used
                                       for secure cookies (default http://localhost:<port>)
              --rate-limit RATE        anonymous submissions one client may make, as 30/min (the default),
                                       2/s or 600/h; beyond, they are held in quarantine for an admin to
                                       decide on. 'off' takes everything (for benchmarks and load tests)
              --rate-burst N           submissions one client may make at once (default 10)
              --rate-limit-daily N     submissions one client may make in a day (default 300)
              --flood-floor N          submissions to one organisation of a survey within 10 minutes that
                                       never count as a flood (default 100; a flood is also 10 times the
                                       organisation's usual rate); one client makes at most half of it
              --trusted-proxy A[,B]    reverse proxies (IP addresses) whose X-Forwarded-For names the client;
                                       without, the header is ignored
            """;

    private Main() {
    }

    public static void main(String[] args) {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        int status = run(args, System.out, System.err);
        if (status != OK || args.length == 0 || !"serve".equals(args[0])) {
            System.exit(status);
        }
    }

    /** Runs a command; for {@code serve}, returns only when the server has stopped. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("help") || java.util.Arrays.stream(args).anyMatch(arg -> arg.equals("--help") || arg.equals("-h"))) {
            out.print(HELP);
            return args.length == 0 ? USAGE : OK;
        }
        ServerSettings settings;
        try {
            settings = parse(args);
        }
        catch (IllegalArgumentException e) {
            err.println("berezhno: " + e.getMessage());
            err.println("Run with --help for usage.");
            return USAGE;
        }
        return switch (args[0]) {
            case "serve" -> serve(settings, err);
            case "check-definitions" -> check(settings, out, err);
            default -> {
                err.println("berezhno: unknown command '" + args[0] + "'; use serve or check-definitions");
                yield USAGE;
            }
        };
    }

    static ServerSettings parse(String[] args) {
        ServerSettings settings = ServerSettings.defaults();
        Path definitions = null;
        Path organizations = null;
        Integer groupSize = null;
        Integer commentGroupSize = null;
        for (int i = 1; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + option + " needs a value");
            }
            String value = args[++i];
            switch (option) {
                case "--port" -> settings = settings.withPort(integer(option, value));
                case "--host" -> settings = settings.withHost(value);
                case "--data" -> settings = settings.withDataFolder(Path.of(value));
                case "--definitions" -> definitions = Path.of(value);
                case "--organizations" -> organizations = Path.of(value);
                case "--zone" -> {
                    try {
                        settings = settings.withZone(ZoneId.of(value));
                    }
                    catch (DateTimeException e) {
                        throw new IllegalArgumentException("--zone: unknown time zone '" + value + "'", e);
                    }
                }
                case "--min-group-size" -> groupSize = threshold(option, value);
                case "--min-comment-group-size" -> commentGroupSize = threshold(option, value);
                case "--report-deadline-day" -> {
                    int day = integer(option, value);
                    if (day < 1 || day > 28) {
                        throw new IllegalArgumentException(option + " must be a day from 1 to 28");
                    }
                    settings = settings.withReportDeadlineDay(day);
                }
                case "--base-url" -> {
                    try {
                        settings = settings.withBaseUrl(java.net.URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value));
                    }
                    catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("--base-url: " + e.getMessage(), e);
                    }
                }
                case "--rate-limit" -> {
                    try {
                        settings = settings.withSubmissionLimits(settings.submissionLimits().withClientRate(value));
                    }
                    catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("--rate-limit: " + e.getMessage(), e);
                    }
                }
                case "--rate-burst" -> settings = settings.withSubmissionLimits(settings.submissionLimits().withClientBurst(positive(option, value)));
                case "--rate-limit-daily" -> settings = settings.withSubmissionLimits(settings.submissionLimits().withClientDaily(positive(option, value)));
                case "--flood-floor" -> settings = settings.withSubmissionLimits(settings.submissionLimits().withFloodFloor(positive(option, value)));
                case "--trusted-proxy" -> {
                    List<String> proxies = new ArrayList<>();
                    for (String proxy : value.split(",")) {
                        try {
                            proxies.add(ru.berezhno.server.http.ClientKeys.address(proxy).getHostAddress());
                        }
                        catch (IllegalArgumentException e) {
                            throw new IllegalArgumentException("--trusted-proxy: " + e.getMessage(), e);
                        }
                    }
                    settings = settings.withTrustedProxies(proxies);
                }
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        if (definitions != null || organizations != null) {
            settings = settings.withDefinitionsFolder(definitions == null ? settings.definitionsFolder() : definitions, organizations);
        }
        return settings.withThresholds(groupSize == null ? settings.minimumGroupSize() : groupSize,
                commentGroupSize == null ? settings.minimumCommentGroupSize() : commentGroupSize);
    }

    private static int integer(String option, String value) {
        try {
            int port = Integer.parseInt(value);
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException(option + " must be from 0 to 65535");
            }
            return port;
        }
        catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a whole number, got '" + value + "'", e);
        }
    }

    private static int positive(String option, String value) {
        try {
            int number = Integer.parseInt(value);
            if (number < 1 || number > 1_000_000) {
                throw new IllegalArgumentException(option + " must be from 1 to 1000000");
            }
            return number;
        }
        catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a whole number, got '" + value + "'", e);
        }
    }

    private static int threshold(String option, String value) {
        try {
            int threshold = Integer.parseInt(value);
            if (threshold < 3) {
                throw new IllegalArgumentException(option + " must be at least 3: smaller groups could identify people");
            }
            return threshold;
        }
        catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a whole number, got '" + value + "'", e);
        }
    }

    private static int check(ServerSettings settings, PrintStream out, PrintStream err) {
        List<String> problems = new ArrayList<>();
        PluginRegistry plugins;
        try {
            plugins = PluginRegistry.load(Main.class.getClassLoader());
        }
        catch (PluginLoadingException e) {
            err.println("berezhno: " + e.getMessage());
            return INVALID;
        }
        try {
            OrganizationDirectory directory = OrganizationDirectory.load(settings.organizationsFile());
            out.println("Organisation directory " + settings.organizationsFile() + ": " + directory.all().size() + " organisations");
        }
        catch (DefinitionException e) {
            problems.addAll(e.problems());
        }
        DefinitionCatalog catalog = null;
        try {
            catalog = new DefinitionLoader(plugins).load(settings.definitionsFolder());
            catalog.latest().forEach(definition -> out.println("Definition " + definition.id() + " version " + definition.version() + " ("
                    + definition.kind() + "): valid"));
        }
        catch (DefinitionException e) {
            problems.addAll(e.problems());
        }
        try {
            ProgrammeCatalog programmes = ProgrammeCatalog.load(settings.programmesFolder());
            programmes.all().forEach(programme -> out.println("Programme " + programme.id() + " "
                    + programme.years() + ": " + programme.indicators().size() + " indicators"));
            if (catalog != null) {
                problems.addAll(PlanService.check(programmes, catalog));
            }
        }
        catch (DefinitionException e) {
            problems.addAll(e.problems());
        }
        if (!problems.isEmpty()) {
            err.println("berezhno: " + problems.size() + " problem(s) in " + settings.definitionsFolder() + ":");
            problems.forEach(problem -> err.println("  " + problem));
            return INVALID;
        }
        out.println("All definitions are valid.");
        return OK;
    }

    private static int serve(ServerSettings settings, PrintStream err) {
        BerezhnoServer server;
        try {
            Warmup.begin();
            server = BerezhnoServer.start(Platform.start(settings, Clock.systemUTC()));
        }
        catch (DefinitionException e) {
            err.println("berezhno: refusing to start: " + e.problems().size() + " problem(s) in the definitions:");
            e.problems().forEach(problem -> err.println("  " + problem));
            return INVALID;
        }
        catch (PluginLoadingException | StoreException e) {
            err.println("berezhno: refusing to start: " + e.getMessage());
            return INVALID;
        }
        catch (Exception e) {
            LOG.error("Start-up failed", e);
            return INVALID;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("Stopping");
            server.close();
            stopped.countDown();
        }, "shutdown"));
        try {
            stopped.await();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return OK;
    }
}
