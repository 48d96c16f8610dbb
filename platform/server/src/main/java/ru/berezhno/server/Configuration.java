package ru.berezhno.server;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import ru.berezhno.core.limits.SubmissionLimits;
import ru.berezhno.server.http.ClientKeys;
import ru.berezhno.storage.DamagePolicy;

/**
 * The settings of a command from four places, each overriding the one before: the defaults, a
 * configuration file in YAML ({@code --config FILE}, or {@code BEREZHNO_CONFIG}) whose keys are the
 * options without their {@code --}, the environment ({@code BEREZHNO_} and the key in capitals,
 * {@code _} for {@code -}: {@code BEREZHNO_BACKUP_DIR}), and the command line. Every option is
 * declared once, in {@link #OPTIONS}, which also writes the usage text.
 *
 * <p>Secrets are never taken from the command line, which every user of the machine can read in
 * the process list: only from the environment, the file, or a file of their own named by the
 * option with {@code -file} ({@code tls-keystore-password-file}). {@link #describe} prints the
 * effective settings with their sources and secrets masked.
 */
final class Configuration {
    static final String ENVIRONMENT_PREFIX = "BEREZHNO_";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Where a value came from. */
    enum Source {
        DEFAULT, FILE, ENVIRONMENT, COMMAND_LINE
    }

    /** What an option takes: a value, nothing (a switch), a secret, or a value for one command only. */
    enum Kind {
        VALUE, FLAG, SECRET, COMMAND
    }

    /** One option: its key, what its value looks like, what it does, its kind, and for a command option its command. */
    record Option(String key, String value, String help, Kind kind, String command) {
        String argument() {
            return "--" + key;
        }

        String environment() {
            return ENVIRONMENT_PREFIX + key.toUpperCase(Locale.ROOT).replace('-', '_');
        }
    }

    static final List<Option> OPTIONS = List.of(
            new Option("config", "FILE", "settings in YAML, the keys as these options without '--'", Kind.VALUE, null),
            new Option("port", "N", "port to listen on (default 8080; 0 picks a free one)", Kind.VALUE, null),
            new Option("host", "ADDRESS", "address to listen on (default 0.0.0.0)", Kind.VALUE, null),
            new Option("data", "DIR", "data folder (default ./data)", Kind.VALUE, null),
            new Option("definitions", "DIR", "survey definitions (default ./survey-definitions)", Kind.VALUE, null),
            new Option("organizations", "FILE", "organisation directory (default <definitions>/directory/organizations.yaml)", Kind.VALUE, null),
            new Option("zone", "ZONE", "time zone of reporting periods and of the backup time (default Asia/Novokuznetsk)", Kind.VALUE, null),
            new Option("min-group-size", "N", "fewest responses for a group to be shown (default 5, at least 3)", Kind.VALUE, null),
            new Option("min-comment-group-size", "N", "fewest responses for comments to be shown (default 8, at least 3)", Kind.VALUE, null),
            new Option("report-deadline-day", "N", "units report on the lean plan by this day of the month after the quarter (default 5, as"
                    + " the regulation §6.2 says; 1–28)", Kind.VALUE, null),
            new Option("base-url", "URL", "the public address of the platform, printed in QR codes and used for secure cookies (default"
                    + " http://localhost:<port>)", Kind.VALUE, null),
            new Option("rate-limit", "RATE", "anonymous submissions one client may make, as 30/min (the default), 2/s or 600/h; beyond,"
                    + " they are held in quarantine for an admin to decide on. 'off' takes everything (for benchmarks and load tests)",
                    Kind.VALUE, null),
            new Option("rate-burst", "N", "submissions one client may make at once (default 10)", Kind.VALUE, null),
            new Option("rate-limit-daily", "N", "submissions one client may make in a day (default 300)", Kind.VALUE, null),
            new Option("flood-floor", "N", "submissions to one organisation of a survey within 10 minutes that never count as a flood"
                    + " (default 100; a flood is also 10 times the organisation's usual rate); one client makes at most half of it",
                    Kind.VALUE, null),
            new Option("trusted-proxy", "A[,B]", "reverse proxies (IP addresses) whose X-Forwarded-For names the client; without, the"
                    + " header is ignored", Kind.VALUE, null),
            new Option("backup-dir", "DIR", "where backups are made: daily, and by POST /api/v1/admin/backups (default: none)", Kind.VALUE,
                    null),
            new Option("backup-keep", "N", "how many backups to keep in the backup folder, the newest (default 14)", Kind.VALUE, null),
            new Option("backup-at", "HH:MM", "when the daily backup is made, in the zone (default 02:30)", Kind.VALUE, null),
            new Option("min-free-disk-mb", "N", "below this many MiB free in the data folder's file system /ready answers 503"
                    + " (default 512)", Kind.VALUE, null),
            new Option("log-format", "text|json", "the log as lines (default) or as one JSON object a line, for a log collector",
                    Kind.VALUE, null),
            new Option("tls-keystore", "FILE", "serve HTTPS with this PKCS#12 keystore (the plain port then redirects to HTTPS, and"
                    + " responses carry HSTS)", Kind.VALUE, null),
            new Option("tls-keystore-password", "SECRET", "the keystore's password (environment or file only)", Kind.SECRET, null),
            new Option("tls-keystore-password-file", "FILE", "a file holding the keystore's password", Kind.VALUE, null),
            new Option("https-port", "N", "the HTTPS port (default 8443)", Kind.VALUE, null),
            new Option("salvage", null, "start even though the journal is damaged, keeping every record that can be read and reporting what"
                    + " was lost (only after reading the refusal's message)", Kind.FLAG, null),
            new Option("to", "FILE", "the backup archive to write", Kind.COMMAND, "backup"),
            new Option("from", "FILE", "the backup archive to restore", Kind.COMMAND, "restore"));

    /** A value and where it came from, named as the user wrote it. */
    record Value(String text, Source source, String origin) {
    }

    private final String command;
    private final Map<String, Value> values;

    private Configuration(String command, Map<String, Value> values) {
        this.command = command;
        this.values = values;
    }

    /**
     * Reads the options of a command ({@code args[0]}) from the command line, the environment and
     * the configuration file.
     *
     * @throws IllegalArgumentException naming the option and where it came from, for anything wrong
     */
    static Configuration read(String[] args, Map<String, String> environment) {
        String command = args[0];
        Map<String, Value> commandLine = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            String argument = args[i];
            Option option = OPTIONS.stream().filter(candidate -> candidate.argument().equals(argument)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown option " + argument));
            if (option.kind() == Kind.COMMAND && !option.command().equals(command)) {
                throw new IllegalArgumentException("option " + argument + " is for the " + option.command() + " command only");
            }
            if (option.kind() == Kind.SECRET) {
                throw new IllegalArgumentException(argument + " is a secret: give it in " + option.environment() + ", in the configuration"
                        + " file, or in a file named by --" + option.key() + "-file, never on the command line, where every user sees it");
            }
            if (option.kind() == Kind.FLAG) {
                commandLine.put(option.key(), new Value("true", Source.COMMAND_LINE, argument));
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + argument + " needs a value");
            }
            commandLine.put(option.key(), new Value(args[++i], Source.COMMAND_LINE, argument));
        }
        Map<String, Value> fromEnvironment = new LinkedHashMap<>();
        for (Option option : OPTIONS) {
            String value = environment.get(option.environment());
            if (value != null && option.kind() != Kind.COMMAND) {
                fromEnvironment.put(option.key(), new Value(value, Source.ENVIRONMENT, option.environment()));
            }
        }
        Map<String, Value> values = new LinkedHashMap<>();
        Value file = commandLine.containsKey("config") ? commandLine.get("config") : fromEnvironment.get("config");
        if (file != null) {
            values.putAll(readFile(Path.of(file.text())));
        }
        values.putAll(fromEnvironment);
        values.putAll(commandLine);
        return new Configuration(command, values);
    }

    private static Map<String, Value> readFile(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(absolute, StandardCharsets.UTF_8));
        }
        catch (IOException e) {
            throw new IllegalArgumentException("the configuration file " + absolute + " cannot be read: " + e.getMessage(), e);
        }
        Map<String, Value> values = new LinkedHashMap<>();
        if (root == null || root.isNull() || root.isMissingNode()) {
            return values;
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException("the configuration file " + absolute + " must be a mapping of keys to values");
        }
        List<String> problems = new ArrayList<>();
        root.fields().forEachRemaining(field -> {
            Optional<Option> option = OPTIONS.stream().filter(candidate -> candidate.key().equals(field.getKey())).findFirst();
            String origin = field.getKey() + " in " + absolute;
            if (option.isEmpty() || option.get().kind() == Kind.COMMAND || option.get().key().equals("config")) {
                problems.add(origin + ": unknown setting");
            }
            else if (!field.getValue().isValueNode() || field.getValue().isNull()) {
                problems.add(origin + ": needs a single value");
            }
            else {
                values.put(field.getKey(), new Value(field.getValue().asText(), Source.FILE, origin));
            }
        });
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return values;
    }

    String command() {
        return command;
    }

    /** A command option's value ({@code --to}, {@code --from}), if given. */
    Optional<String> commandOption(String key) {
        return Optional.ofNullable(values.get(key)).map(Value::text);
    }

    /** The settings, checked. */
    ServerSettings settings() {
        ServerSettings.Builder builder = ServerSettings.defaults().toBuilder();
        Path definitions = null;
        Path organizations = null;
        SubmissionLimits limits = ServerSettings.defaults().submissionLimits();
        for (Map.Entry<String, Value> entry : values.entrySet()) {
            Value value = entry.getValue();
            String text = value.text();
            switch (entry.getKey()) {
                case "port" -> builder.port(range(value, 0, 65_535));
                case "host" -> builder.host(text);
                case "data" -> builder.dataFolder(Path.of(text));
                case "definitions" -> definitions = Path.of(text);
                case "organizations" -> organizations = Path.of(text);
                case "zone" -> {
                    try {
                        builder.zone(ZoneId.of(text));
                    }
                    catch (DateTimeException e) {
                        throw new IllegalArgumentException(value.origin() + ": unknown time zone '" + text + "'", e);
                    }
                }
                case "min-group-size" -> builder.minimumGroupSize(threshold(value));
                case "min-comment-group-size" -> builder.minimumCommentGroupSize(threshold(value));
                case "report-deadline-day" -> builder.reportDeadlineDay(range(value, 1, 28));
                case "base-url" -> {
                    try {
                        builder.baseUrl(URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text));
                    }
                    catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(value.origin() + ": " + e.getMessage(), e);
                    }
                }
                case "rate-limit" -> {
                    try {
                        limits = limits.withClientRate(text);
                    }
                    catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(value.origin() + ": " + e.getMessage(), e);
                    }
                }
                case "rate-burst" -> limits = limits.withClientBurst(range(value, 1, 1_000_000));
                case "rate-limit-daily" -> limits = limits.withClientDaily(range(value, 1, 1_000_000));
                case "flood-floor" -> limits = limits.withFloodFloor(range(value, 1, 1_000_000));
                case "trusted-proxy" -> {
                    List<String> proxies = new ArrayList<>();
                    for (String proxy : text.split(",")) {
                        try {
                            proxies.add(ClientKeys.address(proxy).getHostAddress());
                        }
                        catch (IllegalArgumentException e) {
                            throw new IllegalArgumentException(value.origin() + ": " + e.getMessage(), e);
                        }
                    }
                    builder.trustedProxies(proxies);
                }
                case "backup-dir" -> builder.backupFolder(Path.of(text));
                case "backup-keep" -> builder.backupKeep(range(value, 1, 10_000));
                case "backup-at" -> {
                    try {
                        builder.backupTime(LocalTime.parse(text));
                    }
                    catch (DateTimeParseException e) {
                        throw new IllegalArgumentException(value.origin() + " needs a time of day as HH:MM, got '" + text + "'", e);
                    }
                }
                case "min-free-disk-mb" -> builder.minimumFreeDiskMegabytes(range(value, 0, Integer.MAX_VALUE));
                case "log-format" -> {
                    switch (text.toLowerCase(Locale.ROOT)) {
                        case "text" -> builder.logFormat(ServerSettings.LogFormat.TEXT);
                        case "json" -> builder.logFormat(ServerSettings.LogFormat.JSON);
                        default -> throw new IllegalArgumentException(value.origin() + " is text or json, not '" + text + "'");
                    }
                }
                case "salvage" -> builder.journalDamage(Boolean.parseBoolean(text) ? DamagePolicy.SALVAGE : DamagePolicy.REFUSE);
                default -> {
                    // config, to, from: not settings of the server
                }
            }
        }
        builder.submissionLimits(limits);
        Value keystore = values.get("tls-keystore");
        if (keystore != null) {
            Value port = values.get("https-port");
            builder.tls(Path.of(keystore.text()), secret("tls-keystore-password"), port == null ? 8443 : range(port, 0, 65_535));
        }
        if (definitions != null) {
            builder.definitionsFolder(definitions).organizationsFile(definitions.resolve("directory/organizations.yaml"));
        }
        if (organizations != null) {
            builder.organizationsFile(organizations);
        }
        try {
            return builder.build();
        }
        catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** A secret from its own setting, or from the file its {@code -file} setting names; null when neither is given. */
    private String secret(String key) {
        Value given = values.get(key);
        if (given != null) {
            return given.text();
        }
        Value file = values.get(key + "-file");
        if (file == null) {
            return null;
        }
        try {
            return Files.readString(Path.of(file.text()), StandardCharsets.UTF_8).strip();
        }
        catch (IOException e) {
            throw new IllegalArgumentException(file.origin() + ": the file " + file.text() + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static int range(Value value, int low, int high) {
        int number = integer(value);
        if (number < low || number > high) {
            throw new IllegalArgumentException(value.origin() + " must be from " + low + " to " + high + ", got " + number);
        }
        return number;
    }

    private static int threshold(Value value) {
        int threshold = integer(value);
        if (threshold < 3) {
            throw new IllegalArgumentException(value.origin() + " must be at least 3: smaller groups could identify people");
        }
        return threshold;
    }

    private static int integer(Value value) {
        try {
            return Integer.parseInt(value.text().strip());
        }
        catch (NumberFormatException e) {
            throw new IllegalArgumentException(value.origin() + " needs a whole number, got '" + value.text() + "'", e);
        }
    }

    /**
     * The effective settings as a configuration file would give them, each with where it came
     * from, secrets masked.
     */
    List<String> describe() {
        ServerSettings settings = settings();
        Map<String, String> effective = new LinkedHashMap<>();
        effective.put("port", String.valueOf(settings.port()));
        effective.put("host", settings.host());
        effective.put("data", settings.dataFolder().toString());
        effective.put("definitions", settings.definitionsFolder().toString());
        effective.put("organizations", settings.organizationsFile().toString());
        effective.put("zone", settings.zone().getId());
        effective.put("min-group-size", String.valueOf(settings.minimumGroupSize()));
        effective.put("min-comment-group-size", String.valueOf(settings.minimumCommentGroupSize()));
        effective.put("report-deadline-day", String.valueOf(settings.reportDeadlineDay()));
        effective.put("base-url", settings.baseUrl() == null ? "" : settings.baseUrl().toString());
        effective.put("rate-limit", settings.submissionLimits().describe());
        effective.put("trusted-proxy", String.join(",", settings.trustedProxies()));
        effective.put("backup-dir", settings.backupFolder() == null ? "" : settings.backupFolder().toString());
        effective.put("backup-keep", String.valueOf(settings.backupKeep()));
        effective.put("backup-at", settings.backupTime().toString());
        effective.put("min-free-disk-mb", String.valueOf(settings.minimumFreeDiskMegabytes()));
        effective.put("log-format", settings.logFormat().name().toLowerCase(Locale.ROOT));
        effective.put("tls-keystore", settings.tlsKeystore() == null ? "" : settings.tlsKeystore().toString());
        effective.put("tls-keystore-password", settings.tlsKeystorePassword() == null ? "" : settings.tlsKeystorePassword());
        effective.put("https-port", String.valueOf(settings.httpsPort()));
        effective.put("salvage", String.valueOf(settings.journalDamage() == DamagePolicy.SALVAGE));
        List<String> lines = new ArrayList<>();
        Value file = values.get("config");
        lines.add("# The effective settings" + (file == null ? "" : " (configuration file " + Path.of(file.text()).toAbsolutePath().normalize()
                + ")") + "; each line says where its value came from.");
        Set<String> secrets = Set.copyOf(OPTIONS.stream().filter(option -> option.kind() == Kind.SECRET).map(Option::key).toList());
        effective.forEach((key, value) -> {
            Value given = values.get(key);
            String shown = secrets.contains(key) && !value.isEmpty() ? "'********'" : yamlScalar(value);
            lines.add(key + ": " + shown + "    # " + (given == null ? "default" : describe(given)));
        });
        return lines;
    }

    private static String describe(Value value) {
        return switch (value.source()) {
            case COMMAND_LINE -> "command line " + value.origin();
            case ENVIRONMENT -> "environment " + value.origin();
            case FILE -> "file: " + value.origin();
            case DEFAULT -> "default";
        };
    }

    private static String yamlScalar(String value) {
        return value.isEmpty() ? "''" : value.matches("[A-Za-z0-9/._:@+-]+") && !value.matches("(?i)true|false|yes|no|null|~") ? value
                : "'" + value.replace("'", "''") + "'";
    }

    /** The options part of the usage text. */
    static String usage() {
        StringBuilder text = new StringBuilder();
        for (Option option : OPTIONS) {
            String left = "  " + option.argument() + (option.value() == null ? "" : " " + option.value());
            text.append(left);
            text.append(" ".repeat(Math.max(1, 28 - left.length())));
            text.append(option.help());
            if (option.kind() == Kind.COMMAND) {
                text.append(" (").append(option.command()).append(')');
            }
            text.append('\n');
        }
        return text.toString();
    }
}
