package ru.berezhno.storage;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.berezhno.core.store.StoreException;

/**
 * The append-only journal: the durable record of every committed batch, in segment files
 * {@code segment-00000001.log}, … Appends are fsynced before they are acknowledged. A record cut
 * short by a crash can only be at the end of the last segment, and is cut off when the journal is
 * opened; any other damage stops start-up. Not thread-safe: one writer thread owns it.
 */
final class Journal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
    private static final Pattern SEGMENT = Pattern.compile("segment-(\\d{8})\\.log");
    static final long SEGMENT_BYTES = 64L * 1024 * 1024;

    /** A place in the journal: a segment number and a byte offset in it. */
    record Position(long segment, long offset) {
        static final Position START = new Position(1, 0);
    }

    private final Path folder;
    private FileChannel channel;
    private long segment;
    private long lastSequence;

    private Journal(Path folder) {
        this.folder = folder;
    }

    /**
     * Opens the journal, passing every record after {@code from} to {@code consumer} in order, and
     * leaves it ready for appending after the last valid record.
     */
    static Journal open(Path folder, Position from, long sequenceAtFrom, Consumer<JournalRecord> consumer) throws IOException {
        Files.createDirectories(folder);
        Journal journal = new Journal(folder);
        List<Long> segments = journal.segments();
        if (segments.isEmpty()) {
            journal.segment = 1;
            journal.lastSequence = sequenceAtFrom;
            journal.channel = FileChannel.open(journal.file(1), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            syncFolder(folder);
            return journal;
        }
        long last = segments.get(segments.size() - 1);
        if (from.segment() > last || !segments.contains(from.segment())) {
            throw new StoreException("the journal in " + folder + " lacks segment " + from.segment() + " that the store refers to;"
                    + " restore the data folder from a backup");
        }
        journal.lastSequence = sequenceAtFrom;
        for (long number : segments) {
            if (number < from.segment()) {
                continue;
            }
            long start = number == from.segment() ? from.offset() : 0;
            long end = journal.read(number, start, journal.lastSequence + 1, number == last, consumer);
            if (number == last) {
                journal.segment = number;
                journal.channel = FileChannel.open(journal.file(number), StandardOpenOption.WRITE);
                if (journal.channel.size() > end) {
                    LOG.warn("Journal segment {} ends with {} bytes of an unfinished record (a crash during a write that was never"
                            + " acknowledged); cutting them off", number, journal.channel.size() - end);
                    journal.channel.truncate(end);
                    journal.channel.force(true);
                }
                journal.channel.position(end);
            }
        }
        return journal;
    }

    /** Reads one segment from {@code start}; returns the offset after its last valid record. */
    private long read(long number, long start, long expectedSequence, boolean isLast, Consumer<JournalRecord> consumer) throws IOException {
        Path file = file(number);
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = in.size();
            in.position(start);
            DataInputStream data = new DataInputStream(new BufferedInputStream(Channels.newInputStream(in), 1 << 16));
            long offset = start;
            long expected = expectedSequence;
            while (offset < size) {
                String damage = null;
                JournalRecord record = null;
                try {
                    int length = data.readInt();
                    int checksum = data.readInt();
                    if (length < 12 || length > JournalRecord.MAX_PAYLOAD_BYTES || offset + JournalRecord.HEADER_BYTES + length > size) {
                        damage = "a record header is invalid or the record is cut short";
                    }
                    else {
                        byte[] payload = new byte[length];
                        data.readFully(payload);
                        if (!JournalRecord.checksumMatches(payload, checksum)) {
                            damage = "a record's checksum does not match";
                        }
                        else {
                            record = JournalRecord.decode(payload);
                            if (record.sequence() != expected) {
                                throw new StoreException("journal segment " + file + " holds record " + record.sequence() + " where "
                                        + expected + " was expected; restore the data folder from a backup");
                            }
                            offset += JournalRecord.HEADER_BYTES + length;
                        }
                    }
                }
                catch (EOFException e) {
                    damage = "the last record is cut short";
                }
                if (damage != null) {
                    if (!isLast) {
                        throw new StoreException("journal segment " + file + " is damaged at byte " + offset + ": " + damage
                                + "; restore the data folder from a backup");
                    }
                    return offset;
                }
                consumer.accept(record);
                lastSequence = record.sequence();
                expected = lastSequence + 1;
            }
            return offset;
        }
    }

    /** Appends records and fsyncs them; returns the position after them. */
    Position append(List<ByteBuffer> records) throws IOException {
        ByteBuffer[] buffers = records.toArray(ByteBuffer[]::new);
        long remaining = 0;
        for (ByteBuffer buffer : buffers) {
            remaining += buffer.remaining();
        }
        while (remaining > 0) {
            remaining -= channel.write(buffers);
        }
        channel.force(false);
        return position();
    }

    Position position() throws IOException {
        return new Position(segment, channel.position());
    }

    long lastSequence() {
        return lastSequence;
    }

    void sequenceWritten(long sequence) {
        lastSequence = sequence;
    }

    /** Starts a new segment when the current one is large; call between appends. */
    void rollIfLarge() throws IOException {
        if (channel.position() < SEGMENT_BYTES) {
            return;
        }
        channel.force(true);
        channel.close();
        segment++;
        channel = FileChannel.open(file(segment), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        syncFolder(folder);
        LOG.info("Started journal segment {}", segment);
    }

    private Path file(long number) {
        return folder.resolve(String.format("segment-%08d.log", number));
    }

    private List<Long> segments() throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(path -> SEGMENT.matcher(path.getFileName().toString())).filter(Matcher::matches)
                    .map(matcher -> Long.parseLong(matcher.group(1))).sorted().toList();
        }
    }

    static void syncFolder(Path folder) throws IOException {
        try (FileChannel directory = FileChannel.open(folder, StandardOpenOption.READ)) {
            directory.force(true);
        }
    }

    @Override
    public void close() throws IOException {
        if (channel != null && channel.isOpen()) {
            channel.force(true);
            channel.close();
        }
    }
}
