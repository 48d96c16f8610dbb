package ru.berezhno.storage;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

import com.google.common.io.ByteStreams;

import ru.berezhno.core.store.StoreException;

/**
 * One append-only log of the store: a file of framed records (a 4-byte length, the record's 4-byte
 * CRC32C, the record), written by the applier without an fsync of its own. The journal is what
 * makes a record durable; the log is a derived copy like MapDB, forced to disk before each MapDB
 * commit, which records the log's length. On open, anything past that length was written after
 * the last commit and is cut off, and the journal's replay appends it again.
 *
 * <p>Records acknowledged by the writer but not yet written by the applier wait in memory, so a
 * scan sees every acknowledged record: it takes the file's length and a copy of the waiting
 * records together, under the lock the applier holds while it moves records from one to the other.
 */
final class AppendLog implements AutoCloseable {
    private static final int FRAME_HEADER = 8;
    private static final int FLUSH_RECORDS = 4096;

    private final Path file;
    private final FileChannel channel;
    private final Object lock = new Object();
    /** Acknowledged records not yet in the file, oldest first. */
    private final ArrayDeque<byte[]> waiting = new ArrayDeque<>();
    private long length;
    private long records;

    private AppendLog(Path file, FileChannel channel, long length, long records) {
        this.file = file;
        this.channel = channel;
        this.length = length;
        this.records = records;
    }

    /**
     * Opens a log at the length and record count of the last MapDB commit, cutting off anything
     * written after it. {@code file} lies inside {@code dataFolder} (both absolute): when the file
     * is new, every folder from the file's up to the data folder is fsynced, so that the new names
     * survive a power cut as surely as the lengths that commits record for them.
     *
     * @throws StoreException when the file is shorter than the commit says: it was damaged
     */
    static AppendLog open(Path dataFolder, Path file, long committedLength, long committedRecords) throws IOException {
        if (!dataFolder.isAbsolute() || !file.isAbsolute() || !file.normalize().startsWith(dataFolder.normalize()) || file.equals(dataFolder)) {
            throw new IllegalArgumentException("the log " + file + " must be an absolute path inside the absolute data folder " + dataFolder);
        }
        boolean created = !Files.exists(file);
        Files.createDirectories(file.getParent());
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        if (created) {
            Path end = dataFolder.normalize();
            for (Path folder = file.normalize().getParent(); ; folder = folder.getParent()) {
                Journal.syncFolder(folder);
                if (folder.equals(end)) {
                    break;
                }
            }
        }
        long size = channel.size();
        if (size < committedLength) {
            channel.close();
            throw new StoreException("the log " + file + " holds " + size + " bytes, but the store committed " + committedLength
                    + "; it was damaged or truncated: restore the data folder from a backup, or remove the folder 'mapdb' to rebuild from the journal");
        }
        if (size > committedLength) {
            channel.truncate(committedLength);
        }
        return new AppendLog(file, channel, committedLength, committedRecords);
    }

    /** Adds a record that is now durable in the journal; the applier writes it later. */
    void acknowledged(byte[] record) {
        synchronized (lock) {
            waiting.addLast(record);
        }
    }

    /** During replay on open: adds a record and writes the waiting ones once there are many. */
    void replayed(byte[] record) throws IOException {
        acknowledged(record);
        if (waiting.size() >= FLUSH_RECORDS) {
            writeWaiting(waiting.size());
        }
    }

    /** Writes the oldest {@code count} waiting records to the file, in one write. */
    void writeWaiting(int count) throws IOException {
        List<byte[]> batch = new ArrayList<>(count);
        synchronized (lock) {
            var iterator = waiting.iterator();
            for (int i = 0; i < count && iterator.hasNext(); i++) {
                batch.add(iterator.next());
            }
        }
        if (batch.size() != count) {
            throw new IllegalStateException("the log " + file + " has " + batch.size() + " waiting records, not " + count);
        }
        int bytes = 0;
        for (byte[] record : batch) {
            bytes += FRAME_HEADER + record.length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(bytes);
        CRC32C crc = new CRC32C();
        for (byte[] record : batch) {
            crc.reset();
            crc.update(record, 0, record.length);
            buffer.putInt(record.length).putInt((int) crc.getValue()).put(record);
        }
        buffer.flip();
        long position = length;
        while (buffer.hasRemaining()) {
            position += channel.write(buffer, position);
        }
        synchronized (lock) {
            for (int i = 0; i < count; i++) {
                waiting.removeFirst();
            }
            length = position;
            records += count;
        }
    }

    /** Writes every waiting record: at the end of a replay on open, before the first commit. */
    void writeAllWaiting() throws IOException {
        int count;
        synchronized (lock) {
            count = waiting.size();
        }
        if (count > 0) {
            writeWaiting(count);
        }
    }

    /**
     * Forces what was written to disk and returns the file's length and record count, for the
     * commit to record. Waiting records are left waiting: they come after the applied position.
     */
    long[] force() throws IOException {
        channel.force(false);
        synchronized (lock) {
            return new long[] {length, records};
        }
    }

    /** How many records were acknowledged, written or not. */
    long size() {
        synchronized (lock) {
            return records + waiting.size();
        }
    }

    /** Calls {@code consumer} with every record acknowledged before the call, in the order they came. */
    void scan(Consumer<byte[]> consumer) {
        long end;
        List<byte[]> notWritten;
        synchronized (lock) {
            // The file may grow while it is read: only what it held at the start is read.
            end = length;
            notWritten = new ArrayList<>(waiting);
        }
        read(file, end, consumer);
        notWritten.forEach(consumer);
    }

    /**
     * Calls {@code consumer} with every record of a log file up to {@code end}, checking each one's
     * checksum; returns how many there were.
     *
     * @throws StoreException when a record is damaged or the file ends early
     */
    static long read(Path file, long end, Consumer<byte[]> consumer) {
        try (FileChannel reader = FileChannel.open(file, StandardOpenOption.READ);
                DataInputStream in = new DataInputStream(new BufferedInputStream(ByteStreams.limit(Channels.newInputStream(reader), end), 1 << 16))) {
            CRC32C crc = new CRC32C();
            long read = 0;
            long records = 0;
            while (read < end) {
                int size = in.readInt();
                int checksum = in.readInt();
                if (size < 0 || read + FRAME_HEADER + size > end) {
                    throw new StoreException("the log " + file + " is damaged at byte " + read);
                }
                byte[] record = new byte[size];
                in.readFully(record);
                crc.reset();
                crc.update(record, 0, size);
                if ((int) crc.getValue() != checksum) {
                    throw new StoreException("the log " + file + " is damaged at byte " + read + " (checksum)");
                }
                read += FRAME_HEADER + size;
                records++;
                consumer.accept(record);
            }
            return records;
        }
        catch (EOFException e) {
            throw new StoreException("the log " + file + " ends before its committed length", e);
        }
        catch (IOException e) {
            throw new UncheckedIOException("the log " + file + " cannot be read", e);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
