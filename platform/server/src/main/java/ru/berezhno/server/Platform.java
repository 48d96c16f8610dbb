package ru.berezhno.server;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.berezhno.core.access.Principal;
import ru.berezhno.core.access.Role;
import ru.berezhno.core.access.TokenService;
import ru.berezhno.core.actions.ActionService;
import ru.berezhno.core.history.SubjectHistory;
import ru.berezhno.core.plan.AnalyticalReport;
import ru.berezhno.core.plan.PlanService;
import ru.berezhno.core.plan.ProgrammeCatalog;
import ru.berezhno.core.plan.ProjectIndicators;
import ru.berezhno.core.projects.ProjectService;
import ru.berezhno.core.projects.SignificanceService;
import ru.berezhno.core.definitions.DefinitionCatalog;
import ru.berezhno.core.definitions.DefinitionException;
import ru.berezhno.core.definitions.DefinitionLoader;
import ru.berezhno.core.invitations.InvitationService;
import ru.berezhno.core.organizations.OrganizationDirectory;
import ru.berezhno.core.plugins.PluginRegistry;
import ru.berezhno.core.audit.AuditLog;
import ru.berezhno.core.limits.SubmissionGate;
import ru.berezhno.core.responses.BatchLedger;
import ru.berezhno.core.responses.Batches;
import ru.berezhno.core.responses.ResponseRepository;
import ru.berezhno.core.responses.ResponseService;
import ru.berezhno.core.responses.SubmissionParser;
import ru.berezhno.core.results.ResponseCounts;
import ru.berezhno.core.rounds.RoundService;
import ru.berezhno.core.results.ResultsService;
import ru.berezhno.core.store.Store;
import ru.berezhno.core.store.StoreException;
import ru.berezhno.server.backup.Backups;
import ru.berezhno.storage.DataFormat;
import ru.berezhno.storage.MapDbStore;

/**
 * Every long-lived object of a running platform, built in one place. Closing it closes the store.
 */
public final class Platform implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Platform.class);

    private final ServerSettings settings;
    private final PluginRegistry plugins;
    private final DefinitionCatalog definitions;
    private final OrganizationDirectory organizations;
    private final MapDbStore store;
    private final Backups backups;
    private final TokenService tokens;
    private final ResponseRepository repository;
    private final RoundService rounds;
    private final InvitationService invitations;
    private final ResponseService responses;
    private final ResultsService results;
    private final ActionService actions;
    private final SubjectHistory history;
    private final ProjectService projects;
    private final ProgrammeCatalog programmes;
    private final SignificanceService significance;
    private final ProjectIndicators projectIndicators;
    private final PlanService plan;
    private final AnalyticalReport analyticalReport;
    private final Clock clock;
    private final AuditLog audit;
    private final Batches batches;
    private final SubmissionGate gate;

    private Platform(ServerSettings settings, PluginRegistry plugins, DefinitionCatalog definitions, OrganizationDirectory organizations,
            ProgrammeCatalog programmes, MapDbStore store, Clock clock) {
        this.programmes = programmes;
        this.clock = clock;
        this.settings = settings;
        this.plugins = plugins;
        this.definitions = definitions;
        this.organizations = organizations;
        this.store = store;
        this.backups = new Backups(store, settings, clock);
        this.tokens = new TokenService(store, clock, settings.zone());
        long loading = System.nanoTime();
        ResponseCounts counts = ResponseCounts.load(store);
        LOG.info("Loaded the response counts in {} ms", (System.nanoTime() - loading) / 1_000_000);
        BatchLedger ledger = new BatchLedger(store);
        this.repository = new ResponseRepository(store, counts, plugins, ledger);
        this.audit = new AuditLog(store, clock);
        this.batches = new Batches(ledger, repository, definitions, audit, clock, settings.zone());
        this.gate = new SubmissionGate(settings.submissionLimits());
        this.rounds = new RoundService(store, definitions);
        this.invitations = new InvitationService(store, rounds, definitions);
        this.actions = new ActionService(store, clock, settings.zone());
        this.history = new SubjectHistory(repository, definitions, plugins, actions);
        this.projects = new ProjectService(store, clock);
        this.significance = new SignificanceService(projects, repository, definitions, plugins);
        this.projectIndicators = new ProjectIndicators(projects, programmes, organizations);
        this.plan = new PlanService(programmes, organizations, projects, repository, counts, definitions, clock, settings.zone(),
                settings.reportDeadlineDay());
        this.responses = new ResponseService(definitions, plugins, new SubmissionParser(organizations), repository, rounds, invitations, actions,
                history, projects, clock, settings.zone(), gate, batches);
        this.results = new ResultsService(definitions, plugins, repository, counts, organizations, rounds, settings.minimumGroupSize(),
                settings.minimumCommentGroupSize());
        this.analyticalReport = new AnalyticalReport(plan, results, actions, definitions);
    }

    /**
     * Opens the store of the settings' data folder as a server would, for a command that works on
     * the data of a stopped server: the plugins and definitions are loaded only to replay the
     * journal with (the counts and comments it derives).
     */
    public static MapDbStore openStore(ServerSettings settings) {
        PluginRegistry plugins = PluginRegistry.load(Platform.class.getClassLoader());
        DefinitionCatalog definitions = new DefinitionLoader(plugins).load(settings.definitionsFolder());
        return MapDbStore.open(settings.dataFolder(), ResponseRepository.derivation(definitions, plugins), settings.journalDamage());
    }

    /**
     * Loads plugins, definitions and the directory (failing on any problem before touching data),
     * then opens the store, upgrades a folder of an older format (backing it up first) and makes
     * sure an admin token exists.
     */
    public static Platform start(ServerSettings settings, Clock clock) {
        requireNonNull(settings, "settings is null");
        PluginRegistry plugins = PluginRegistry.load(Platform.class.getClassLoader());
        List<String> problems = new ArrayList<>();
        OrganizationDirectory organizations = null;
        DefinitionCatalog definitions = null;
        try {
            organizations = OrganizationDirectory.load(settings.organizationsFile());
        }
        catch (DefinitionException e) {
            problems.addAll(e.problems());
        }
        try {
            definitions = new DefinitionLoader(plugins).load(settings.definitionsFolder());
        }
        catch (DefinitionException e) {
            problems.addAll(e.problems());
        }
        ProgrammeCatalog programmes = null;
        try {
            programmes = ProgrammeCatalog.load(settings.programmesFolder());
        }
        catch (DefinitionException e) {
            problems.addAll(e.problems());
        }
        if (problems.isEmpty()) {
            problems.addAll(PlanService.check(programmes, definitions));
        }
        if (!problems.isEmpty()) {
            throw new DefinitionException(problems);
        }
        long opening = System.nanoTime();
        MapDbStore store = MapDbStore.open(settings.dataFolder(), ResponseRepository.derivation(definitions, plugins), settings.journalDamage());
        LOG.info("Opened the store in {} in {} ms", settings.dataFolder().toAbsolutePath(), (System.nanoTime() - opening) / 1_000_000);
        try {
            Platform platform = new Platform(settings, plugins, definitions, organizations, programmes, store, clock);
            platform.upgradeDataFormat();
            platform.ensureAdminToken();
            return platform;
        }
        catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** A folder of an older format is backed up, then upgraded; a new one is made in the current format by the store. */
    private void upgradeDataFormat() {
        int format = store.formatOnOpen();
        if (format == DataFormat.NEW || format >= DataFormat.CURRENT) {
            return;
        }
        try {
            Path backup = backups.beforeUpgrade(format);
            LOG.info("The data folder is in format {}; backed it up into {} before upgrading it to format {}", format, backup,
                    DataFormat.CURRENT);
        }
        catch (IOException | RuntimeException e) {
            throw new StoreException("the data folder " + settings.dataFolder() + " is in format " + format + " and needs an upgrade, but the"
                    + " backup taken first failed (" + e.getMessage() + "); nothing was upgraded. Free space or set --backup-dir, then start"
                    + " again", e);
        }
        store.upgrade(Set.of(InvitationService.USED));
    }

    private void ensureAdminToken() {
        if (tokens.hasAny(Role.ADMIN)) {
            return;
        }
        String token = tokens.issue(new Principal(Role.ADMIN, "administrator", null));
        Path file = settings.dataFolder().resolve("admin-token").toAbsolutePath();
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, token + System.lineSeparator(), StandardOpenOption.TRUNCATE_EXISTING);
        }
        catch (IOException | UnsupportedOperationException e) {
            throw new IllegalStateException("the admin token could not be written to " + file, e);
        }
        LOG.info("Generated the admin token; it is in {} (readable by this user only)", file);
    }

    public Clock clock() {
        return clock;
    }

    public ServerSettings settings() {
        return settings;
    }

    public PluginRegistry plugins() {
        return plugins;
    }

    public DefinitionCatalog definitions() {
        return definitions;
    }

    public OrganizationDirectory organizations() {
        return organizations;
    }

    public Store store() {
        return store;
    }

    /** The store as the storage module has it, for what only it offers (snapshots, the journal's metrics). */
    public MapDbStore mapDbStore() {
        return store;
    }

    public Backups backups() {
        return backups;
    }

    public TokenService tokens() {
        return tokens;
    }

    public ResponseRepository repository() {
        return repository;
    }

    public RoundService rounds() {
        return rounds;
    }

    public InvitationService invitations() {
        return invitations;
    }

    public ResponseService responses() {
        return responses;
    }

    public ResultsService results() {
        return results;
    }

    public ActionService actions() {
        return actions;
    }

    public SubjectHistory history() {
        return history;
    }

    public ProjectService projects() {
        return projects;
    }

    public ProgrammeCatalog programmes() {
        return programmes;
    }

    public SignificanceService significance() {
        return significance;
    }

    public ProjectIndicators projectIndicators() {
        return projectIndicators;
    }

    public PlanService plan() {
        return plan;
    }

    public AuditLog audit() {
        return audit;
    }

    public Batches batches() {
        return batches;
    }

    public SubmissionGate gate() {
        return gate;
    }

    public AnalyticalReport analyticalReport() {
        return analyticalReport;
    }

    @Override
    public void close() {
        backups.close();
        store.close();
    }
}
