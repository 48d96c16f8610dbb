package ru.berezhno.storage;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

import ru.berezhno.core.store.StoreException;

/**
 * A collection kept apart from the journal, in {@code apart/<collection>}: every entry in key
 * order and nothing else (no order of arrival, no time), then a CRC32C of all of it. It is
 * rewritten whole at each MapDB commit that changed it: a new file, fsynced, renamed over the old
 * one.
 */
final class ApartFile {
    static final String FOLDER = "apart";
    private static final int MAGIC = 0x425A4150;
    private static final int VERSION = 1;

    private ApartFile() {
    }

    static Path of(Path dataFolder, String collection) {
        return dataFolder.resolve(FOLDER).resolve(collection);
    }

    /** Writes {@code entries} (in key order) to the file of {@code collection}, durably. */
    static void write(Path dataFolder, String collection, Iterable<Map.Entry<String, byte[]>> entries, long count) throws IOException {
        Path folder = Files.createDirectories(dataFolder.resolve(FOLDER));
        Path file = of(dataFolder, collection);
        Path temporary = folder.resolve(collection + ".new");
        CRC32C crc = new CRC32C();
        try (DataOutputStream out = new DataOutputStream(new CheckedOutputStream(new BufferedOutputStream(Files.newOutputStream(temporary)), crc))) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeLong(count);
            long written = 0;
            for (Map.Entry<String, byte[]> entry : entries) {
                out.writeUTF(entry.getKey());
                out.writeInt(entry.getValue().length);
                out.write(entry.getValue());
                written++;
            }
            if (written != count) {
                throw new IllegalStateException("the collection " + collection + " changed while it was written apart");
            }
        }
        // The checksum of everything before it, after it.
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            channel.write(ByteBuffer.allocate(Integer.BYTES).putInt(0, (int) crc.getValue()));
            channel.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Journal.syncFolder(folder);
    }

    /**
     * Reads the file of a collection.
     *
     * @throws StoreException when it is damaged
     */
    static TreeMap<String, byte[]> read(Path file) {
        TreeMap<String, byte[]> entries = new TreeMap<>();
        try {
            long size = Files.size(file);
            if (size < 20) {
                throw new StoreException("the file " + file + " is damaged: it holds only " + size + " bytes");
            }
            CRC32C crc = new CRC32C();
            try (InputStream raw = new BufferedInputStream(Files.newInputStream(file));
                    DataInputStream in = new DataInputStream(new CheckedInputStream(com.google.common.io.ByteStreams.limit(raw, size - 4), crc))) {
                if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                    throw new StoreException("the file " + file + " is not a collection kept apart by this version");
                }
                long count = in.readLong();
                for (long i = 0; i < count; i++) {
                    String key = in.readUTF();
                    int length = in.readInt();
                    if (length < 0 || length > size) {
                        throw new StoreException("the file " + file + " is damaged: an entry of " + length + " bytes");
                    }
                    byte[] value = new byte[length];
                    in.readFully(value);
                    entries.put(key, value);
                }
                if (in.read() != -1) {
                    throw new StoreException("the file " + file + " is damaged: it holds more than its " + count + " entries");
                }
                int stored = new DataInputStream(raw).readInt();
                if (stored != (int) crc.getValue()) {
                    throw new StoreException("the file " + file + " is damaged: its checksum does not match");
                }
            }
        }
        catch (IOException e) {
            throw new StoreException("the file " + file + " is damaged or cannot be read: " + e, e);
        }
        return entries;
    }
}
