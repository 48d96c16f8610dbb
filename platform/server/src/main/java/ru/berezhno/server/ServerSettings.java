package ru.berezhno.server;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;

import ru.berezhno.core.limits.SubmissionLimits;

/**
 * How a server runs: where it listens, where its data, definitions and organisation directory are,
 * the time zone of its periods, the anonymity thresholds, the day of the month after a quarter
 * by which units report on the lean plan, the limits on anonymous submissions and the reverse
 * proxies trusted to name the client.
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
        java.net.URI baseUrl,
        SubmissionLimits submissionLimits,
        List<String> trustedProxies) {

    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Novokuznetsk");

    public ServerSettings {
        requireNonNull(host, "host is null");
        dataFolder = resolved(requireNonNull(dataFolder, "dataFolder is null"));
        definitionsFolder = resolved(requireNonNull(definitionsFolder, "definitionsFolder is null"));
        organizationsFile = resolved(requireNonNull(organizationsFile, "organizationsFile is null"));
        requireNonNull(zone, "zone is null");
        requireNonNull(submissionLimits, "submissionLimits is null");
        trustedProxies = List.copyOf(trustedProxies);
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
        java.util.ArrayDeque<Path> missing = new java.util.ArrayDeque<>();
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

    /** The defaults: port 8080 on every interface, {@code ./data}, {@code ./survey-definitions}. */
    public static ServerSettings defaults() {
        Path definitions = Path.of("survey-definitions");
        return new ServerSettings("0.0.0.0", 8080, Path.of("data"), definitions, definitions.resolve("directory/organizations.yaml"),
                DEFAULT_ZONE, 5, 8, 5, null, SubmissionLimits.DEFAULTS, List.of());
    }

    public ServerSettings withPort(int newPort) {
        return new ServerSettings(host, newPort, dataFolder, definitionsFolder, organizationsFile, zone, minimumGroupSize, minimumCommentGroupSize, reportDeadlineDay, baseUrl, submissionLimits, trustedProxies);
    }

    public ServerSettings withHost(String newHost) {
        return new ServerSettings(newHost, port, dataFolder, definitionsFolder, organizationsFile, zone, minimumGroupSize, minimumCommentGroupSize, reportDeadlineDay, baseUrl, submissionLimits, trustedProxies);
    }

    public ServerSettings withDataFolder(Path folder) {
        return new ServerSettings(host, port, folder, definitionsFolder, organizationsFile, zone, minimumGroupSize, minimumCommentGroupSize, reportDeadlineDay, baseUrl, submissionLimits, trustedProxies);
    }

    /** Sets the definitions folder, and the directory file inside it unless set apart. */
    public ServerSettings withDefinitionsFolder(Path folder, Path directoryFile) {
        return new ServerSettings(host, port, dataFolder, folder, directoryFile == null ? folder.resolve("directory/organizations.yaml") : directoryFile,
                zone, minimumGroupSize, minimumCommentGroupSize, reportDeadlineDay, baseUrl, submissionLimits, trustedProxies);
    }

    public ServerSettings withZone(ZoneId newZone) {
        return new ServerSettings(host, port, dataFolder, definitionsFolder, organizationsFile, newZone, minimumGroupSize, minimumCommentGroupSize, reportDeadlineDay, baseUrl, submissionLimits, trustedProxies);
    }

    public ServerSettings withThresholds(int groupSize, int commentGroupSize) {
        return new ServerSettings(host, port, dataFolder, definitionsFolder, organizationsFile, zone, groupSize, commentGroupSize, reportDeadlineDay, baseUrl, submissionLimits, trustedProxies);
    }

    /** The programmes of lean management with their targets: {@code programmes/} beside the definitions. */
    public Path programmesFolder() {
        return definitionsFolder.resolve("programmes");
    }

    public ServerSettings withReportDeadlineDay(int day) {
        return new ServerSettings(host, port, dataFolder, definitionsFolder, organizationsFile, zone, minimumGroupSize, minimumCommentGroupSize, day, baseUrl, submissionLimits, trustedProxies);
    }

    /** The limits on anonymous submissions ({@link SubmissionLimits#OFF} for benchmarks and load tests). */
    public ServerSettings withSubmissionLimits(SubmissionLimits limits) {
        return new ServerSettings(host, port, dataFolder, definitionsFolder, organizationsFile, zone, minimumGroupSize, minimumCommentGroupSize,
                reportDeadlineDay, baseUrl, limits, trustedProxies);
    }

    /** The reverse proxies whose {@code X-Forwarded-For} names the client, as IP addresses. */
    public ServerSettings withTrustedProxies(List<String> proxies) {
        return new ServerSettings(host, port, dataFolder, definitionsFolder, organizationsFile, zone, minimumGroupSize, minimumCommentGroupSize,
                reportDeadlineDay, baseUrl, submissionLimits, proxies);
    }

    public ServerSettings withBaseUrl(java.net.URI newBaseUrl) {
        return new ServerSettings(host, port, dataFolder, definitionsFolder, organizationsFile, zone, minimumGroupSize, minimumCommentGroupSize,
                reportDeadlineDay, newBaseUrl, submissionLimits, trustedProxies);
    }
}
