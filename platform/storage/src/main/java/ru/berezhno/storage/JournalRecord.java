package ru.berezhno.storage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

import ru.berezhno.core.store.Write;

/**
 * One committed batch in the journal; derived writes are left out (they are derived again on replay). On disk: a 4-byte payload length, the payload's 4-byte
 * CRC32C, then the payload: the sequence number and the writes.
 *
 * <p>A <em>gap</em> is what salvaging writes over a damaged stretch of a segment, so that every
 * offset after it stays where it was: a frame of the same length whose payload is the first lost
 * sequence number, a write count of {@value #GAP_MARKER} and zeros. The records after a gap go on
 * with whatever sequence number they have.
 */
record JournalRecord(long sequence, List<Write> writes) {
    static final int HEADER_BYTES = 8;
    static final int MIN_PAYLOAD_BYTES = 12;
    static final int MAX_PAYLOAD_BYTES = 256 * 1024 * 1024;
    private static final int GAP_MARKER = -1;

    private static final byte DELETE = 0;
    private static final byte PUT = 1;
    private static final byte ADD = 2;
    private static final byte APPEND = 3;

    /** The record framed for the journal: length, checksum, payload. */
    ByteBuffer encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(0);
            out.writeInt(0);
            List<Write> journaled = writes.stream().filter(write -> !write.derived()).toList();
            out.writeLong(sequence);
            out.writeInt(journaled.size());
            for (Write write : journaled) {
                out.writeUTF(write.collection());
                out.writeUTF(write.key());
                switch (write.kind()) {
                    case DELETE -> out.writeByte(DELETE);
                    case PUT, APPEND -> {
                        out.writeByte(write.kind() == Write.Kind.PUT ? PUT : APPEND);
                        out.writeInt(write.value().length);
                        out.write(write.value());
                    }
                    case ADD -> {
                        out.writeByte(ADD);
                        out.writeLong(write.delta());
                    }
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes.toByteArray());
        int payloadLength = buffer.capacity() - HEADER_BYTES;
        CRC32C crc = new CRC32C();
        crc.update(buffer.array(), HEADER_BYTES, payloadLength);
        buffer.putInt(0, payloadLength);
        buffer.putInt(4, (int) crc.getValue());
        return buffer;
    }

    /** Whether {@code payload} matches the checksum stored in the header. */
    static boolean checksumMatches(byte[] payload, int storedChecksum) {
        CRC32C crc = new CRC32C();
        crc.update(payload, 0, payload.length);
        return (int) crc.getValue() == storedChecksum;
    }

    /** A gap of {@code frameBytes} in all (header included), standing for lost records from {@code firstLost} on. */
    static ByteBuffer gap(long firstLost, int frameBytes) {
        if (frameBytes < HEADER_BYTES + MIN_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("a gap needs at least " + (HEADER_BYTES + MIN_PAYLOAD_BYTES) + " bytes, not " + frameBytes);
        }
        ByteBuffer buffer = ByteBuffer.allocate(frameBytes);
        int payloadLength = frameBytes - HEADER_BYTES;
        buffer.putInt(payloadLength).putInt(0).putLong(firstLost).putInt(GAP_MARKER);
        CRC32C crc = new CRC32C();
        crc.update(buffer.array(), HEADER_BYTES, payloadLength);
        buffer.putInt(4, (int) crc.getValue());
        buffer.rewind();
        return buffer;
    }

    /** Whether a payload (whose checksum matched) is a gap left by salvaging. */
    static boolean isGap(byte[] payload) {
        return payload.length >= MIN_PAYLOAD_BYTES && ByteBuffer.wrap(payload).getInt(Long.BYTES) == GAP_MARKER;
    }

    static JournalRecord decode(byte[] payload) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            long sequence = in.readLong();
            int count = in.readInt();
            if (count < 0) {
                throw new IOException("a record of " + count + " writes");
            }
            List<Write> writes = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String collection = in.readUTF();
                String key = in.readUTF();
                byte kind = in.readByte();
                if (kind == PUT || kind == APPEND) {
                    byte[] value = new byte[in.readInt()];
                    in.readFully(value);
                    writes.add(kind == PUT ? Write.put(collection, key, value) : Write.append(collection, key, value));
                }
                else if (kind == DELETE) {
                    writes.add(Write.delete(collection, key));
                }
                else if (kind == ADD) {
                    writes.add(Write.add(collection, key, in.readLong()));
                }
                else {
                    throw new IOException("unknown write kind " + kind);
                }
            }
            return new JournalRecord(sequence, writes);
        }
    }
}
