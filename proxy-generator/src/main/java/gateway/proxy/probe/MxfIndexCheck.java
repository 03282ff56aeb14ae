package gateway.proxy.probe;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks an MXF file's index tables against its essence (SMPTE ST 377-1 §11): a walk of the
 * file's top-level KLVs finds where each content package of each essence stream (body SID) starts,
 * as an offset into that stream (a body partition's Body Offset plus the bytes since its first
 * essence or system item: the fill that aligns the essence to the KAG is not counted); every index
 * entry must name the start of its edit unit's content package, and no segment may index more
 * edit units than the stream holds. Clip-wrapped essence (OP-Atom: one KLV for all frames) has
 * no per-frame keys to check entries against and is not checked.
 */
final class MxfIndexCheck {
    /** Files with more top-level KLVs than this are not checked (ten hours of 60 fps with a few tracks). */
    private static final int MAX_KLVS = 10_000_000;

    private static final int TAG_INDEX_START = 0x3f0c;
    private static final int TAG_INDEX_DURATION = 0x3f0d;
    private static final int TAG_EDIT_UNIT_BYTES = 0x3f05;
    private static final int TAG_BODY_SID = 0x3f07;
    private static final int TAG_INDEX_ENTRIES = 0x3f0a;

    private MxfIndexCheck() {}

    /** One index table segment: where it is, what it indexes, its entries' stream offsets. */
    private record Segment(long at, long bodySid, long start, long duration, long editUnitBytes, long[] offsets) {}

    /** A warning naming the first thing an index table gets wrong, or empty (also when it cannot tell). */
    static Optional<String> check(FileChannel ch) throws IOException {
        long size = ch.size();
        Map<Long, List<Long>> packages = new HashMap<>(); // body SID → content package starts (stream offsets)
        Map<Long, Long> streamBytes = new HashMap<>();
        Map<Long, byte[]> leader = new HashMap<>(); // body SID → the key that starts each content package
        List<Segment> segments = new ArrayList<>();
        long sid = 0;
        long bodyOffset = 0;
        long essenceStart = -1;
        long pos = 0;
        ByteBuffer kl = ByteBuffer.allocate(16 + 9);
        for (int n = 0; pos + 17 <= size; n++) {
            if (n >= MAX_KLVS) {
                return Optional.empty();
            }
            kl.clear();
            ch.read(kl, pos);
            kl.flip();
            if (kl.remaining() < 17) {
                break;
            }
            byte[] key = new byte[16];
            kl.get(key);
            int first = kl.get() & 0xff;
            long length = first;
            int lengthBytes = 1;
            if (first >= 0x80) {
                int k = first & 0x7f;
                if (k == 0 || k > 8 || kl.remaining() < k) {
                    return Optional.empty(); // not KLV any more: what the other checks report
                }
                length = 0;
                for (int i = 0; i < k; i++) {
                    length = (length << 8) | (kl.get() & 0xff);
                }
                lengthBytes += k;
            }
            long value = pos + 16 + lengthBytes;
            if (length < 0 || value + length > size) {
                break; // cut short: the essence up to here is what there is
            }
            if (MxfKeys.isPartitionPack(key)) {
                ByteBuffer p = ByteBuffer.allocate(64);
                ch.read(p, value);
                bodyOffset = p.getLong(52);
                sid = Integer.toUnsignedLong(p.getInt(60));
                essenceStart = -1;
            } else if (MxfKeys.isIndexSegment(key) && length <= 64L << 20) {
                ByteBuffer v = ByteBuffer.allocate((int) length);
                ch.read(v, value);
                segment(pos, v.flip()).ifPresent(segments::add);
            } else if (sid != 0 && MxfKeys.isEssence(key)) {
                if (essenceStart < 0) {
                    essenceStart = pos;
                }
                long offset = bodyOffset + (pos - essenceStart);
                byte[] lead = leader.computeIfAbsent(sid, s -> key);
                if (java.util.Arrays.equals(lead, key)) {
                    packages.computeIfAbsent(sid, s -> new ArrayList<>()).add(offset);
                }
                streamBytes.merge(sid, offset + (value + length - pos), Math::max);
            }
            pos = value + length;
        }
        for (Segment s : segments) {
            List<Long> starts = packages.getOrDefault(s.bodySid(), List.of());
            long bytes = streamBytes.getOrDefault(s.bodySid(), 0L);
            if (starts.size() == 1 && s.duration() > 1) {
                continue; // clip-wrapped
            }
            if (s.editUnitBytes() > 0) {
                long claimed = (s.start() + s.duration()) * s.editUnitBytes();
                if (s.duration() > 0 && claimed > bytes) {
                    return Optional.of(lie(
                            s,
                            "indexes edit units " + s.start() + " to " + (s.start() + s.duration() - 1)
                                    + " of " + s.editUnitBytes() + " bytes each (" + claimed
                                    + " bytes), but the essence holds "
                                    + bytes + " bytes"));
                }
                continue;
            }
            if (s.start() > starts.size() || s.start() + s.offsets().length > starts.size()) {
                return Optional.of(lie(
                        s,
                        "indexes edit units " + s.start() + " to " + (s.start() + s.offsets().length - 1)
                                + ", but the essence holds " + starts.size() + " content packages"));
            }
            for (int i = 0; i < s.offsets().length; i++) {
                long want = starts.get((int) (s.start() + i));
                if (s.offsets()[i] != want) {
                    return Optional.of(lie(
                            s,
                            "says edit unit " + (s.start() + i) + " starts at essence offset " + s.offsets()[i]
                                    + ", where its content package starts at " + want));
                }
            }
        }
        return Optional.empty();
    }

    private static String lie(Segment s, String what) {
        return "index table that lies: the index table segment at byte " + s.at() + " " + what
                + "; whatever seeks by it (an NLE, a partial restore) would read the wrong frames";
    }

    private static Optional<Segment> segment(long at, ByteBuffer v) {
        long start = 0;
        long duration = 0;
        long eubc = 0;
        long bodySid = 0;
        long[] offsets = new long[0];
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
                    offsets = new long[count];
                    for (int i = 0; i < count; i++) {
                        offsets[i] = p.getLong(8 + i * item + 3);
                    }
                }
                default -> {}
            }
        }
        if (start < 0 || duration < 0 || bodySid == 0) {
            return Optional.empty();
        }
        return Optional.of(new Segment(at, bodySid, start, duration, eubc, offsets));
    }
}
