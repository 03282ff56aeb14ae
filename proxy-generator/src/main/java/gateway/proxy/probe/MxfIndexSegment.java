package gateway.proxy.probe;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * One MXF index table segment (ST 377-1 §11.2, local tags of fixed meaning): the edit units it
 * indexes, at a constant size or one entry each. The probe's index check and the range restore read
 * it the same way.
 */
public record MxfIndexSegment(long bodySid, long start, long duration, long editUnitBytes, Entry[] entries) {
    private static final int TAG_INDEX_START = 0x3f0c;
    private static final int TAG_INDEX_DURATION = 0x3f0d;
    private static final int TAG_EDIT_UNIT_BYTES = 0x3f05;
    private static final int TAG_BODY_SID = 0x3f07;
    private static final int TAG_INDEX_ENTRIES = 0x3f0a;

    /** An index entry: its edit unit's stream offset, key frame offset and temporal offset. */
    public record Entry(long streamOffset, int keyFrameOffset, int temporalOffset) {}

    /** The segment whose value (the bytes after the key and length) is {@code v}; empty when malformed. */
    public static Optional<MxfIndexSegment> read(ByteBuffer v) {
        long start = 0;
        long duration = 0;
        long eubc = 0;
        long bodySid = 0;
        Entry[] entries = new Entry[0];
        while (v.remaining() >= 4) {
            int tag = v.getShort() & 0xffff;
            int len = v.getShort() & 0xffff;
            if (len > v.remaining()) {
                return Optional.empty();
            }
            ByteBuffer p = v.slice(v.position(), len);
            v.position(v.position() + len);
            switch (tag) {
                case TAG_INDEX_START -> start = len == 8 ? p.getLong() : 0;
                case TAG_INDEX_DURATION -> duration = len == 8 ? p.getLong() : 0;
                case TAG_EDIT_UNIT_BYTES -> eubc = len == 4 ? Integer.toUnsignedLong(p.getInt()) : 0;
                case TAG_BODY_SID -> bodySid = len == 4 ? Integer.toUnsignedLong(p.getInt()) : 0;
                case TAG_INDEX_ENTRIES -> {
                    if (len < 8) {
                        return Optional.empty();
                    }
                    int count = p.getInt();
                    int item = p.getInt();
                    if (count < 0 || item < 11 || (long) count * item > p.remaining()) {
                        return Optional.empty();
                    }
                    entries = new Entry[count];
                    for (int i = 0; i < count; i++) {
                        int e = 8 + i * item;
                        entries[i] = new Entry(p.getLong(e + 3), p.get(e + 1), p.get(e));
                    }
                }
                default -> {}
            }
        }
        if (start < 0 || duration < 0 || bodySid == 0) {
            return Optional.empty();
        }
        return Optional.of(new MxfIndexSegment(bodySid, start, duration, eubc, entries));
    }
}
