package ru.berezhno.server;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;

import ru.berezhno.core.definitions.DefinitionException;
import ru.berezhno.core.store.StoreException;
import ru.berezhno.server.backup.BackupArchive;
import ru.berezhno.server.backup.BackupException;
import ru.berezhno.server.backup.BackupManifest;
import ru.berezhno.server.backup.Backups;
import ru.berezhno.server.backup.ControlSocket;
import ru.berezhno.storage.DataFormat;
import ru.berezhno.storage.DataSnapshot;
import ru.berezhno.storage.MapDbStore;

/**
 * The commands on a data folder: {@code backup} (of a running server through its control socket,
 * or of a stopped folder directly), {@code restore} into an empty folder, and {@code verify} of
 * every checksum. Each prints what it did, or why it did not, for an administrator.
 */
final class DataCommands {
    private DataCommands() {
    }

    static int backup(Configuration configuration, PrintStream out, PrintStream err) {
        Path target = Path.of(configuration.commandOption("to").orElseThrow(() -> new IllegalArgumentException("backup needs --to FILE")))
                .toAbsolutePath().normalize();
        ServerSettings settings = configuration.settings();
        Path data = settings.dataFolder();
        if (Files.exists(target)) {
            err.println("berezhno: " + target + " exists; give the backup a new name (nothing was changed)");
            return Main.INVALID;
        }
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        try {
            Files.createDirectories(target.getParent());
            if (ControlSocket.answers(data)) {
                out.println("The server running on " + data + " writes the backup; submissions go on meanwhile.");
                ControlSocket.backup(data, partial);
            }
            else {
                if (DataFormat.of(data) == DataFormat.NEW) {
                    err.println("berezhno: " + data + " holds no data to back up");
                    return Main.INVALID;
                }
                try (MapDbStore store = Platform.openStore(settings);
                        OutputStream file = new BufferedOutputStream(Files.newOutputStream(partial, StandardOpenOption.CREATE_NEW), 1 << 16)) {
                    new Backups(store, settings, Clock.systemUTC()).write(file);
                }
            }
            BackupManifest manifest = BackupArchive.verify(partial);
            try (var channel = java.nio.channels.FileChannel.open(partial, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            out.println("Backup " + target + ": " + Files.size(target) + " bytes, " + manifest.files().size() + " files, journal point "
                    + manifest.journalPoint() + " (record " + manifest.sequence() + ")");
            manifest.surveys().forEach((survey, count) -> out.println("  " + survey + ": " + count + " responses"));
            return Main.OK;
        }
        catch (BackupException | StoreException | DefinitionException | IOException | java.io.UncheckedIOException e) {
            err.println("berezhno: the backup failed: " + message(e) + (ControlSocket.answers(data) ? "" : "; nothing was written to " + target));
            return Main.INVALID;
        }
        finally {
            try {
                Files.deleteIfExists(partial);
            }
            catch (IOException e) {
                err.println("berezhno: " + partial + " could not be removed: " + e.getMessage());
            }
        }
    }

    static int restore(Configuration configuration, PrintStream out, PrintStream err) {
        Path archive = Path.of(configuration.commandOption("from").orElseThrow(() -> new IllegalArgumentException("restore needs --from FILE")));
        Path data = configuration.settings().dataFolder();
        try {
            BackupManifest manifest = BackupArchive.restore(archive, data);
            out.println("Restored " + archive.toAbsolutePath().normalize() + " (made " + manifest.created() + " by Berezhno " + manifest.server()
                    + ", data format " + manifest.dataFormat() + ") into " + data + "; every checksum matches");
            manifest.surveys().forEach((survey, count) -> out.println("  " + survey + ": " + count + " responses"));
            out.println("Start the server with --data " + data + ".");
            return Main.OK;
        }
        catch (BackupException e) {
            err.println("berezhno: " + e.getMessage());
            return Main.INVALID;
        }
    }

    static int verify(Configuration configuration, PrintStream out, PrintStream err) {
        Path data = configuration.settings().dataFolder();
        Backups.VerifyReport report;
        try {
            if (ControlSocket.answers(data)) {
                report = ControlSocket.verify(data);
            }
            else {
                try (DataSnapshot snapshot = DataSnapshot.ofStoppedFolder(data)) {
                    report = Backups.VerifyReport.of(snapshot, "the stopped server's data");
                }
            }
        }
        catch (BackupException | StoreException | IOException | java.io.UncheckedIOException e) {
            err.println("berezhno: the check could not be made: " + message(e));
            return Main.INVALID;
        }
        report.lines().forEach(out::println);
        return report.damaged() ? Main.INVALID : Main.OK;
    }

    private static String message(Exception e) {
        return e instanceof DefinitionException definition ? String.join("; ", definition.problems()) : e.getMessage();
    }
}
