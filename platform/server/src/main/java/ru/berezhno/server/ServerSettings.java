package ru.berezhno.server;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.List;

import ru.berezhno.core.limits.SubmissionLimits;
import ru.berezhno.storage.DamagePolicy;

/**
 * How a server runs: where it listens, where its data, definitions and organisation directory are,
 * the time zone of its periods, the anonymity thresholds, the day of the month after a quarter by
 * which units report on the lean plan, what opening does with a damaged journal, where and when
 * it backs its data up (no scheduled backups without a backup folder), the free disk space below
 * which it is not ready, the form of its log, HTTPS (a PKCS#12 keystore and its password), the
 * limits on anonymous submissions and the reverse proxies trusted to name the client.
 */
public record ServerSettings(
        String host,
        int port,
        Path dataFolder,
        Path definitionsFolder,
        Path organizationsFile,
        ZoneId zone,
        int minimumGroupSize,
        int minimumCommentGroupSize,
        int reportDeadlineDay,
        URI baseUrl,
        DamagePolicy journalDamage,
        Path backupFolder,
        int backupKeep,
        LocalTime backupTime,
        long minimumFreeDiskMegabytes,
        LogFormat logFormat,
        Path tlsKeystore,
        String tlsKeystorePassword,
        int httpsPort,
        SubmissionLimits submissionLimits,
        List<String> trustedProxies) {

    /** How the server writes its log: lines for people, or one JSON object a line for a log collector. */
    public enum LogFormat {
        TEXT, JSON
    }

    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Novokuznetsk");

    public ServerSettings {
        requireNonNull(host, "host is null");
        dataFolder = resolved(requireNonNull(dataFolder, "dataFolder is null"));
        definitionsFolder = resolved(requireNonNull(definitionsFolder, "definitionsFolder is null"));
        organizationsFile = resolved(requireNonNull(organizationsFile, "organizationsFile is null"));
        backupFolder = backupFolder == null ? null : resolved(backupFolder);
        requireNonNull(zone, "zone is null");
        requireNonNull(journalDamage, "journalDamage is null");
        requireNonNull(backupTime, "backupTime is null");
        if (reportDeadlineDay < 1 || reportDeadlineDay > 28) {
            throw new IllegalArgumentException("the report deadline must be a day from 1 to 28, got " + reportDeadlineDay);
        }
        if (baseUrl != null && (!baseUrl.isAbsolute() || !(baseUrl.getScheme().equals("https") || baseUrl.getScheme().equals("http"))
                || baseUrl.getHost() == null || baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null)) {
            throw new IllegalArgumentException("the base URL must be an http(s) address without query, got " + baseUrl);
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be from 0 to 65535, got " + port);
        }
        requireNonNull(logFormat, "logFormat is null");
        requireNonNull(submissionLimits, "submissionLimits is null");
        trustedProxies = List.copyOf(trustedProxies);
        tlsKeystore = tlsKeystore == null ? null : resolved(tlsKeystore);
        if (tlsKeystore != null && tlsKeystorePassword == null) {
            throw new IllegalArgumentException("the keystore " + tlsKeystore + " needs its password: BEREZHNO_TLS_KEYSTORE_PASSWORD, or"
                    + " --tls-keystore-password-file FILE");
        }
        if (httpsPort < 0 || httpsPort > 65_535) {
            throw new IllegalArgumentException("the HTTPS port must be from 0 to 65535, got " + httpsPort);
        }
        if (minimumFreeDiskMegabytes < 0) {
            throw new IllegalArgumentException("the free disk space to keep cannot be negative, got " + minimumFreeDiskMegabytes);
        }
        if (backupKeep < 1) {
            throw new IllegalArgumentException("at least one backup must be kept, got " + backupKeep);
        }
    }

    /**
     * A path setting as the platform uses it from start-up on: absolute, with the part that exists
     * resolved on disk (symbolic links and {@code ..} as the system follows them) and the rest
     * normalised. A relative path is taken against the working folder once, here; nothing later
     * depends on the working folder or walks up past the root of a relative path.
     */
    static Path resolved(Path path) {
        Path absolute = path.toAbsolutePath();
        Path existing = absolute;
        ArrayDeque<Path> missing = new ArrayDeque<>();
        while (existing.getParent() != null && !Files.exists(existing)) {
            missing.push(existing.getFileName());
            existing = existing.getParent();
        }
        Path result;
        try {
            result = existing.toRealPath();
        }
        catch (IOException e) {
            throw new IllegalArgumentException("the path " + path + " cannot be resolved: " + e.getMessage(), e);
        }
        for (Path name : missing) {
            result = result.resolve(name);
        }
        return result.normalize();
    }

    /**
     * The defaults: port 8080 on every interface, {@code ./data}, {@code ./survey-definitions}; a
     * damaged journal refuses start-up; 14 backups kept, taken at 02:30 once a folder is given.
     */
    public static ServerSettings defaults() {
        Path definitions = Path.of("survey-definitions");
        return new ServerSettings("0.0.0.0", 8080, Path.of("data"), definitions, definitions.resolve("directory/organizations.yaml"),
                DEFAULT_ZONE, 5, 8, 5, null, DamagePolicy.REFUSE, null, 14, LocalTime.of(2, 30), 512, LogFormat.TEXT, null, null, 8443,
                SubmissionLimits.DEFAULTS, List.of());
    }

    /** A builder that starts from these settings. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    public ServerSettings withPort(int newPort) {
        return toBuilder().port(newPort).build();
    }

    public ServerSettings withHost(String newHost) {
        return toBuilder().host(newHost).build();
    }

    public ServerSettings withDataFolder(Path folder) {
        return toBuilder().dataFolder(folder).build();
    }

    /** Sets the definitions folder, and the directory file inside it unless set apart. */
    public ServerSettings withDefinitionsFolder(Path folder, Path directoryFile) {
        return toBuilder().definitionsFolder(folder).organizationsFile(directoryFile == null ? folder.resolve("directory/organizations.yaml")
                : directoryFile).build();
    }

    public ServerSettings withZone(ZoneId newZone) {
        return toBuilder().zone(newZone).build();
    }

    public ServerSettings withThresholds(int groupSize, int commentGroupSize) {
        return toBuilder().minimumGroupSize(groupSize).minimumCommentGroupSize(commentGroupSize).build();
    }

    /** Whether HTTPS is served (the plain port then only redirects to it). */
    public boolean tls() {
        return tlsKeystore != null;
    }

    /** The settings with the keystore's password masked, for logs and messages. */
    @Override
    public String toString() {
        return "ServerSettings[host=" + host + ", port=" + port + ", dataFolder=" + dataFolder + ", tlsKeystore=" + tlsKeystore
                + ", httpsPort=" + httpsPort + ", …]";
    }

    /** The programmes of lean management with their targets: {@code programmes/} beside the definitions. */
    public Path programmesFolder() {
        return definitionsFolder.resolve("programmes");
    }

    public ServerSettings withReportDeadlineDay(int day) {
        return toBuilder().reportDeadlineDay(day).build();
    }

    public ServerSettings withBaseUrl(URI newBaseUrl) {
        return toBuilder().baseUrl(newBaseUrl).build();
    }

    public ServerSettings withSubmissionLimits(SubmissionLimits limits) {
        return toBuilder().submissionLimits(limits).build();
    }

    /** The addresses of reverse proxies whose forwarded-for header names the client. */
    public ServerSettings withTrustedProxies(List<String> proxies) {
        return toBuilder().trustedProxies(proxies).build();
    }

    /** Settings changed one at a time; {@link #build} checks them all together. */
    public static final class Builder {
        private String host;
        private int port;
        private Path dataFolder;
        private Path definitionsFolder;
        private Path organizationsFile;
        private ZoneId zone;
        private int minimumGroupSize;
        private int minimumCommentGroupSize;
        private int reportDeadlineDay;
        private URI baseUrl;
        private DamagePolicy journalDamage;
        private Path backupFolder;
        private int backupKeep;
        private LocalTime backupTime;
        private long minimumFreeDiskMegabytes;
        private LogFormat logFormat;
        private Path tlsKeystore;
        private String tlsKeystorePassword;
        private int httpsPort;
        private SubmissionLimits submissionLimits;
        private List<String> trustedProxies;

        private Builder(ServerSettings settings) {
            host = settings.host;
            port = settings.port;
            dataFolder = settings.dataFolder;
            definitionsFolder = settings.definitionsFolder;
            organizationsFile = settings.organizationsFile;
            zone = settings.zone;
            minimumGroupSize = settings.minimumGroupSize;
            minimumCommentGroupSize = settings.minimumCommentGroupSize;
            reportDeadlineDay = settings.reportDeadlineDay;
            baseUrl = settings.baseUrl;
            journalDamage = settings.journalDamage;
            backupFolder = settings.backupFolder;
            backupKeep = settings.backupKeep;
            backupTime = settings.backupTime;
            minimumFreeDiskMegabytes = settings.minimumFreeDiskMegabytes;
            logFormat = settings.logFormat;
            tlsKeystore = settings.tlsKeystore;
            tlsKeystorePassword = settings.tlsKeystorePassword;
            httpsPort = settings.httpsPort;
            submissionLimits = settings.submissionLimits;
            trustedProxies = settings.trustedProxies;
        }

        public Builder host(String value) {
            host = value;
            return this;
        }

        public Builder port(int value) {
            port = value;
            return this;
        }

        public Builder dataFolder(Path value) {
            dataFolder = value;
            return this;
        }

        public Builder definitionsFolder(Path value) {
            definitionsFolder = value;
            return this;
        }

        public Builder organizationsFile(Path value) {
            organizationsFile = value;
            return this;
        }

        public Builder zone(ZoneId value) {
            zone = value;
            return this;
        }

        public Builder minimumGroupSize(int value) {
            minimumGroupSize = value;
            return this;
        }

        public Builder minimumCommentGroupSize(int value) {
            minimumCommentGroupSize = value;
            return this;
        }

        public Builder reportDeadlineDay(int value) {
            reportDeadlineDay = value;
            return this;
        }

        public Builder baseUrl(URI value) {
            baseUrl = value;
            return this;
        }

        public Builder journalDamage(DamagePolicy value) {
            journalDamage = value;
            return this;
        }

        public Builder backupFolder(Path value) {
            backupFolder = value;
            return this;
        }

        public Builder backupKeep(int value) {
            backupKeep = value;
            return this;
        }

        public Builder backupTime(LocalTime value) {
            backupTime = value;
            return this;
        }

        public Builder minimumFreeDiskMegabytes(long value) {
            minimumFreeDiskMegabytes = value;
            return this;
        }

        public Builder logFormat(LogFormat value) {
            logFormat = value;
            return this;
        }

        public Builder submissionLimits(SubmissionLimits value) {
            submissionLimits = value;
            return this;
        }

        public Builder trustedProxies(List<String> value) {
            trustedProxies = value;
            return this;
        }

        /** Serves HTTPS on {@code port} with the PKCS#12 keystore; the plain port then redirects to it. */
        public Builder tls(Path keystore, String password, int port) {
            tlsKeystore = keystore;
            tlsKeystorePassword = password;
            httpsPort = port;
            return this;
        }

        public ServerSettings build() {
            return new ServerSettings(host, port, dataFolder, definitionsFolder, organizationsFile, zone, minimumGroupSize,
                    minimumCommentGroupSize, reportDeadlineDay, baseUrl, journalDamage, backupFolder, backupKeep, backupTime,
                    minimumFreeDiskMegabytes, logFormat, tlsKeystore, tlsKeystorePassword, httpsPort, submissionLimits, trustedProxies);
        }
    }
}
