package ru.berezhno.server;

import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
 * definitions and the organisation directory without starting anything, {@code backup},
 * {@code restore} and {@code verify} work on a data folder, {@code config} prints the effective
 * settings. Options come from the command line, the environment and a configuration file
 * ({@link Configuration}).
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
              java -jar berezhno.jar backup --to FILE [options]   back the data folder up, the server running or not
              java -jar berezhno.jar restore --from FILE --data NEWDIR   restore a backup into an empty folder
              java -jar berezhno.jar verify [options]             check every checksum of the data folder
              java -jar berezhno.jar config [options]             print the effective settings and where each came from

            Options (also BEREZHNO_<OPTION> in the environment, or <option>: value in the --config file;
            the command line wins over the environment, which wins over the file):
            """;

    private Main() {
    }

    public static void main(String[] args) {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        int status = run(args, System.getenv(), System.out, System.err);
        if (status != OK || args.length == 0 || !"serve".equals(args[0])) {
            System.exit(status);
        }
    }

    /** Runs a command with no settings from the environment; for {@code serve}, returns only when the server has stopped. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, Map.of(), out, err);
    }

    /** Runs a command; for {@code serve}, returns only when the server has stopped. */
    static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("help") || Arrays.stream(args).anyMatch(arg -> arg.equals("--help") || arg.equals("-h"))) {
            out.print(HELP + Configuration.usage());
            return args.length == 0 ? USAGE : OK;
        }
        try {
            Configuration configuration = Configuration.read(args, environment);
            return switch (args[0]) {
                case "serve" -> {
                    ServerSettings settings = configuration.settings();
                    Logging.use(settings.logFormat());
                    yield serve(settings, err);
                }
                case "check-definitions" -> check(configuration.settings(), out, err);
                case "backup" -> DataCommands.backup(configuration, out, err);
                case "restore" -> DataCommands.restore(configuration, out, err);
                case "verify" -> DataCommands.verify(configuration, out, err);
                case "config" -> {
                    configuration.describe().forEach(out::println);
                    yield OK;
                }
                default -> {
                    err.println("berezhno: unknown command '" + args[0] + "'; use serve, check-definitions, backup, restore, verify or config");
                    yield USAGE;
                }
            };
        }
        catch (IllegalArgumentException e) {
            err.println("berezhno: " + e.getMessage());
            err.println("Run with --help for usage.");
            return USAGE;
        }
    }

    /** The settings of a command line alone, as {@code serve} would take them. */
    static ServerSettings parse(String[] args) {
        return Configuration.read(args, Map.of()).settings();
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
