package ru.berezhno.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ru.berezhno.core.store.StoreException;

/**
 * The version of a data folder's format, in {@code format.json}. Version 1 is every folder made
 * before the file existed (a journal, response logs, MapDB). Version 2 adds the file itself and
 * {@code apart/}: collections kept out of the journal ({@link ru.berezhno.core.store.Write#asKeptApart}),
 * each in a file of its own in key order, so that a rebuild from the journal keeps them. A server
 * opens its own version and older ones (an older one after a backup, then upgrading it) and
 * refuses newer ones.
 */
public final class DataFormat {
    /** The version this code writes. */
    public static final int CURRENT = 2;
    /** What a folder with neither a journal nor a format file is: new. */
    public static final int NEW = 0;
    static final String FILE = "format.json";
    /** Written while a restore is under way: the folder is not whole until it is gone. */
    public static final String RESTORE_MARKER = "restore-in-progress";
    private static final Pattern VERSION = Pattern.compile("\"format\"\\s*:\\s*(\\d+)");

    private DataFormat() {
    }

    /** The format of the folder: {@link #NEW} when it holds no data yet, 1 when it predates format files. */
    public static int of(Path dataFolder) {
        Path file = dataFolder.resolve(FILE);
        try {
            if (Files.isRegularFile(file)) {
                Matcher matcher = VERSION.matcher(Files.readString(file, StandardCharsets.UTF_8));
                if (!matcher.find()) {
                    throw new StoreException("the data folder's " + file + " does not say its format; restore the folder from a backup");
                }
                return Integer.parseInt(matcher.group(1));
            }
        }
        catch (IOException e) {
            throw new StoreException("the data folder's " + file + " cannot be read: " + e.getMessage(), e);
        }
        return Files.isDirectory(dataFolder.resolve(MapDbStore.JOURNAL)) ? 1 : NEW;
    }

    /** Refuses a folder this code cannot open: one of a newer format, or one a restore did not finish. */
    static void checkOpenable(Path dataFolder, int format) {
        if (Files.exists(dataFolder.resolve(RESTORE_MARKER))) {
            throw new StoreException("a restore into " + dataFolder + " did not finish (" + dataFolder.resolve(RESTORE_MARKER)
                    + " is there); remove the folder and restore again");
        }
        if (format > CURRENT) {
            throw new StoreException("the data folder " + dataFolder + " is in format " + format + ", written by a newer Berezhno; this one"
                    + " reads formats up to " + CURRENT + ". Run the newer version, or restore a backup made before the upgrade into a"
                    + " new folder (berezhno.jar restore --from FILE --data NEWDIR)");
        }
    }

    /** Records the folder's format, atomically and durably. */
    static void write(Path dataFolder, int version) throws IOException {
        Path temporary = dataFolder.resolve(FILE + ".new");
        Files.writeString(temporary, "{\"format\": " + version + "}\n", StandardCharsets.UTF_8);
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(temporary, dataFolder.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Journal.syncFolder(dataFolder);
    }
}
