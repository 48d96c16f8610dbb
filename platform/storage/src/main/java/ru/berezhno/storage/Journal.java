package ru.berezhno.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.berezhno.core.store.StoreException;

/**
 * The append-only journal: the durable record of every committed batch, in segment files
 * {@code segment-00000001.log}, … Appends are fsynced before they are acknowledged. Not
 * thread-safe: one writer thread owns it.
 *
 * <p>Reading tells two kinds of unreadable bytes apart. A <em>torn tail</em> is the end of the
 * last segment after its last whole record, with no whole record after it: a write cut short by a
 * crash, which was never acknowledged; opening cuts it off. <em>Damage</em> is an unreadable
 * stretch with whole records after it (or anywhere in an older segment, which was fsynced whole
 * before the next one began): the disk lost bytes of records that may have been acknowledged.
 * Opening refuses to go on, naming the file and the offset, unless told to salvage: then the
 * segment is copied to {@code journal/damaged/}, the stretch is overwritten in place by a gap
 * record of the same length (so that every offset after it stays valid), and every whole record
 * is kept. A whole record is one whose length is sane and whose CRC32C matches; after damage the
 * bytes are searched one offset at a time for the next one.
 *
 * <p>A kill leaves what the kernel had of a write, a prefix: a torn tail. A power cut could in
 * principle keep a later page of the unfinished write and lose an earlier one; that shows as
 * damage, and salvaging then loses only the unacknowledged write.
 */
final class Journal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
    private static final Pattern SEGMENT = Pattern.compile("segment-(\\d{8})\\.log");
    static final long SEGMENT_BYTES = 64L * 1024 * 1024;
    static final String DAMAGED = "damaged";

    /** A place in the journal: a segment number and a byte offset in it. */
    record Position(long segment, long offset) {
        static final Position START = new Position(1, 0);
    }

    /** How reading treats damage: stop, salvage, or only report it. */
    private enum Mode {
        REFUSE, SALVAGE, CHECK
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
     * leaves it ready for appending after the last valid record. Damage stops opening with a
     * {@link StoreException} unless {@code policy} is {@link DamagePolicy#SALVAGE}; what salvaging
     * did is added to {@code salvaged}.
     */
    static Journal open(Path folder, Position from, long sequenceAtFrom, DamagePolicy policy, List<String> salvaged,
            Consumer<JournalRecord> consumer) throws IOException {
        Files.createDirectories(folder);
        Journal journal = new Journal(folder);
        List<Long> segments = segments(folder);
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
        Reading reading = new Reading(policy == DamagePolicy.SALVAGE ? Mode.SALVAGE : Mode.REFUSE, sequenceAtFrom, consumer);
        for (long number : segments) {
            if (number < from.segment()) {
                continue;
            }
            long start = number == from.segment() ? from.offset() : 0;
            Path file = journal.file(number);
            long size = Files.size(file);
            if (start > size) {
                throw new StoreException("journal segment " + file + " holds " + size + " bytes, but the store applied it up to byte " + start
                        + ": it was truncated; restore the data folder from a backup");
            }
            long end = reading.segment(file, start, size, number == last);
            if (number == last) {
                journal.segment = number;
                journal.channel = FileChannel.open(file, StandardOpenOption.WRITE);
                if (size > end) {
                    LOG.warn("Journal segment {} ends with {} bytes of an unfinished record (a crash during a write that was never"
                            + " acknowledged); cutting them off", number, size - end);
                    journal.channel.truncate(end);
                    journal.channel.force(true);
                }
                journal.channel.position(end);
            }
        }
        journal.lastSequence = reading.lastSequence;
        salvaged.addAll(reading.findings);
        return journal;
    }

    /**
     * Reads a journal without changing it, up to {@code end} (or to the end of every segment when
     * {@code end} is null), checking every record's checksum and sequence number.
     */
    static JournalCheck check(Path folder, Position end) throws IOException {
        Reading reading = new Reading(Mode.CHECK, 0, record -> {
        });
        List<Long> segments = Files.isDirectory(folder) ? segments(folder) : List.of();
        long segmentsRead = 0;
        long bytes = 0;
        long expectedNumber = 1;
        for (long number : segments) {
            if (end != null && number > end.segment()) {
                break;
            }
            if (number != expectedNumber) {
                reading.damaged("the journal in " + folder + " lacks segment " + expectedNumber);
            }
            expectedNumber = number + 1;
            Path file = folder.resolve(name(number));
            long size = Files.size(file);
            long limit = end != null && number == end.segment() ? end.offset() : size;
            if (limit > size) {
                reading.damaged("journal segment " + file + " holds " + size + " bytes where " + limit + " were expected");
                limit = size;
            }
            reading.segment(file, 0, limit, end == null ? number == segments.get(segments.size() - 1) : number == end.segment());
            segmentsRead++;
            bytes += limit;
        }
        return new JournalCheck(segmentsRead, bytes, reading.records, reading.lastSequence, reading.damage, reading.findings);
    }

    /** What {@link #check} found: every finding is a sentence; {@code damaged} when any of them is damage. */
    record JournalCheck(long segments, long bytes, long records, long lastSequence, boolean damaged, List<String> findings) {
    }

    /** One pass over segments in order, carrying the sequence numbers from one to the next. */
    private static final class Reading {
        private final Mode mode;
        private final Consumer<JournalRecord> consumer;
        private final List<String> findings = new ArrayList<>();
        private long lastSequence;
        private boolean afterGap;
        /** Whether the gap just read was made by this reading (salvaged now), not found from an earlier salvage. */
        private boolean gapIsNew;
        private long records;
        private boolean damage;

        Reading(Mode mode, long lastSequence, Consumer<JournalRecord> consumer) {
            this.mode = mode;
            this.lastSequence = lastSequence;
            this.consumer = consumer;
        }

        void damaged(String finding) {
            damage = true;
            findings.add(finding);
        }

        /** Reads one segment from {@code start} to {@code end}; returns the offset after its last whole record. */
        long segment(Path file, long start, long end, boolean isLast) throws IOException {
            try (SegmentReader reader = new SegmentReader(file, end)) {
                long offset = start;
                while (offset < end) {
                    SegmentReader.Frame frame = reader.frame(offset);
                    JournalRecord record = frame == null || JournalRecord.isGap(frame.payload()) ? null : decode(frame.payload());
                    if (frame != null && JournalRecord.isGap(frame.payload())) {
                        if (mode == Mode.CHECK) {
                            findings.add("journal segment " + file + " holds a gap of " + frame.bytes() + " bytes at byte " + offset
                                    + " left by salvaging");
                        }
                        afterGap = true;
                        gapIsNew = false;
                        offset += frame.bytes();
                        continue;
                    }
                    if (record != null) {
                        accept(file, offset, record);
                        offset += frame.bytes();
                        continue;
                    }
                    long next = reader.nextFrame(offset + 1, lastSequence);
                    if (next < 0 && isLast) {
                        if (mode == Mode.CHECK) {
                            findings.add("journal segment " + file + " ends with " + (end - offset) + " bytes of an unfinished write"
                                    + " (cut off at the next start; it was never acknowledged)");
                        }
                        return offset;
                    }
                    long stretchEnd = next < 0 ? end : next;
                    String what = "journal segment " + file + " is damaged at byte " + offset + " (" + reader.describe(offset) + "): "
                            + (stretchEnd - offset) + " bytes cannot be read, and "
                            + (next < 0 ? "the segment is not the last one, so it was complete when written"
                                    : "whole records follow from byte " + next + ", so this is not an unfinished write cut short by a crash");
                    switch (mode) {
                        case REFUSE -> throw new StoreException(what + ". Answers that were acknowledged may be in the damaged part; nothing"
                                + " was changed. Restore the data folder from a backup (berezhno.jar restore --from FILE --data NEWDIR),"
                                + " or start once with --salvage to keep every record that can be read (the segment is copied to journal/"
                                + DAMAGED + "/ first, and what was lost is reported)");
                        case CHECK -> damaged(what);
                        case SALVAGE -> {
                            salvage(file, offset, stretchEnd, lastSequence + 1);
                            reader.forget();
                            findings.add(what + "; salvaged: the stretch is now a gap (a copy of the segment as it was is in "
                                    + file.resolveSibling(DAMAGED) + ")");
                        }
                        default -> throw new IllegalStateException();
                    }
                    afterGap = true;
                    gapIsNew = true;
                    offset = stretchEnd;
                }
                return offset;
            }
        }

        private void accept(Path file, long offset, JournalRecord record) {
            if (afterGap) {
                if (record.sequence() <= lastSequence) {
                    sequenceError(file, offset, record);
                }
                long lost = record.sequence() - lastSequence - 1;
                String lostRecords = lost + " journal record(s), " + (lastSequence + 1) + " to " + (record.sequence() - 1)
                        + ", could not be read before byte " + offset + " of " + file;
                if (lost > 0 && (gapIsNew || mode == Mode.CHECK)) {
                    findings.add(lostRecords);
                }
                else if (lost > 0) {
                    LOG.info("The journal holds a gap left by salvaging: {}", lostRecords);
                }
                afterGap = false;
            }
            else if (record.sequence() != lastSequence + 1) {
                sequenceError(file, offset, record);
            }
            consumer.accept(record);
            lastSequence = record.sequence();
            records++;
        }

        private void sequenceError(Path file, long offset, JournalRecord record) {
            String what = "journal segment " + file + " holds record " + record.sequence() + " at byte " + offset + " where "
                    + (lastSequence + 1) + " was expected";
            if (mode != Mode.CHECK) {
                throw new StoreException(what + "; restore the data folder from a backup");
            }
            damaged(what);
        }

        private static JournalRecord decode(byte[] payload) {
            try {
                return JournalRecord.decode(payload);
            }
            catch (IOException | RuntimeException e) {
                return null;
            }
        }

        /** Sets the segment aside once, then writes a gap over the stretch and forces it. */
        private static void salvage(Path file, long start, long end, long firstLost) throws IOException {
            Path damaged = Files.createDirectories(file.resolveSibling(DAMAGED));
            Path copy = damaged.resolve(file.getFileName());
            if (!Files.exists(copy)) {
                Files.copy(file, copy, StandardCopyOption.COPY_ATTRIBUTES);
                try (FileChannel out = FileChannel.open(copy, StandardOpenOption.WRITE)) {
                    out.force(true);
                }
                syncFolder(damaged);
                syncFolder(file.getParent());
            }
            long bytes = end - start;
            if (bytes < JournalRecord.HEADER_BYTES + JournalRecord.MIN_PAYLOAD_BYTES || bytes > Integer.MAX_VALUE) {
                throw new StoreException("the damaged stretch at byte " + start + " of " + file + " is " + bytes
                        + " bytes, which a gap cannot cover; restore the data folder from a backup");
            }
            ByteBuffer gap = JournalRecord.gap(firstLost, (int) bytes);
            try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
                long position = start;
                while (gap.hasRemaining()) {
                    position += out.write(gap, position);
                }
                out.force(true);
            }
        }
    }

    /** Reads the frames of one segment through a window of the file, up to a given end. */
    private static final class SegmentReader implements AutoCloseable {
        private static final int WINDOW_BYTES = 1 << 20;

        record Frame(long offset, int bytes, byte[] payload) {
        }

        private final FileChannel channel;
        private final long end;
        private ByteBuffer window = ByteBuffer.allocate(WINDOW_BYTES);
        private long windowStart;
        private int windowLength;

        SegmentReader(Path file, long end) throws IOException {
            this.channel = FileChannel.open(file, StandardOpenOption.READ);
            this.end = end;
        }

        /** The record at {@code offset} if a whole one with a matching checksum is there, else null. */
        Frame frame(long offset) throws IOException {
            int length = length(offset);
            if (length < 0 || !load(offset, JournalRecord.HEADER_BYTES + length)) {
                return null;
            }
            int at = (int) (offset - windowStart);
            CRC32C crc = new CRC32C();
            ByteBuffer payload = window.duplicate();
            payload.limit(at + JournalRecord.HEADER_BYTES + length).position(at + JournalRecord.HEADER_BYTES);
            crc.update(payload);
            if ((int) crc.getValue() != window.getInt(at + 4)) {
                return null;
            }
            byte[] bytes = new byte[length];
            window.get(at + JournalRecord.HEADER_BYTES, bytes);
            return new Frame(offset, JournalRecord.HEADER_BYTES + length, bytes);
        }

        /** The payload length a header at {@code offset} states, or -1 when no sane header is there. */
        private int length(long offset) throws IOException {
            if (offset + JournalRecord.HEADER_BYTES > end || !load(offset, JournalRecord.HEADER_BYTES)) {
                return -1;
            }
            int length = window.getInt((int) (offset - windowStart));
            if (length < JournalRecord.MIN_PAYLOAD_BYTES || length > JournalRecord.MAX_PAYLOAD_BYTES
                    || offset + JournalRecord.HEADER_BYTES + length > end) {
                return -1;
            }
            return length;
        }

        /** Why no record can be read at {@code offset}. */
        String describe(long offset) throws IOException {
            if (offset + JournalRecord.HEADER_BYTES > end) {
                return "the segment ends inside a record's header";
            }
            if (length(offset) < 0) {
                return "a record's header is invalid or the record runs past the end of the segment";
            }
            return frame(offset) == null ? "a record's checksum does not match" : "a record cannot be decoded";
        }

        /** The offset of the first whole record from {@code from} on with a sequence number above {@code sequence}, or -1. */
        long nextFrame(long from, long sequence) throws IOException {
            for (long offset = from; offset + JournalRecord.HEADER_BYTES + JournalRecord.MIN_PAYLOAD_BYTES <= end; offset++) {
                Frame frame = frame(offset);
                if (frame != null && (JournalRecord.isGap(frame.payload()) || ByteBuffer.wrap(frame.payload()).getLong() > sequence)) {
                    return offset;
                }
            }
            return -1;
        }

        /** Drops what the window holds: the file was written. */
        void forget() {
            windowLength = 0;
        }

        /** Makes {@code [offset, offset + bytes)} readable from the window; false when the segment ends first. */
        private boolean load(long offset, int bytes) throws IOException {
            if (offset >= windowStart && offset + bytes <= windowStart + windowLength) {
                return true;
            }
            if (offset + bytes > end) {
                return false;
            }
            if (window.capacity() < bytes) {
                window = ByteBuffer.allocate(bytes);
            }
            window.clear();
            window.limit((int) Math.min(window.capacity(), end - offset));
            long position = offset;
            while (window.hasRemaining()) {
                int read = channel.read(window, position);
                if (read < 0) {
                    break;
                }
                position += read;
            }
            windowStart = offset;
            windowLength = window.position();
            window.clear();
            return windowLength >= bytes;
        }

        @Override
        public void close() throws IOException {
            channel.close();
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

    /** Cuts the current segment back to {@code position} (in it), after an append that failed part-way. */
    void truncate(Position position) throws IOException {
        if (position.segment() != segment) {
            throw new IllegalStateException("the journal is at segment " + segment + ", not " + position.segment());
        }
        channel.truncate(position.offset());
        channel.position(position.offset());
        channel.force(false);
    }

    /** Whether an append failed because the disk is full (ENOSPC, or a quota's EDQUOT). */
    static boolean isDiskFull(IOException e) {
        String message = e.getMessage();
        return message != null && (message.contains("No space left on device") || message.contains("Disk quota exceeded"));
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
        return folder.resolve(name(number));
    }

    static String name(long number) {
        return String.format("segment-%08d.log", number);
    }

    static List<Long> segments(Path folder) throws IOException {
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
