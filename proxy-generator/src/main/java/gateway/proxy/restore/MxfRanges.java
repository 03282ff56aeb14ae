package gateway.proxy.restore;

import gateway.model.error.GatewayException;
import gateway.model.storage.ByteRange;
import gateway.model.storage.RangeReader;
import gateway.proxy.probe.MxfIndexSegment;
import gateway.proxy.probe.MxfKeys;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * The byte ranges of an MXF original (SMPTE ST 377-1) that a trim of one frame range reads, found
 * through the file's index table without reading its essence: the partitions are found by the
 * random index pack at the file's end (or, without one, by walking back from the footer partition
 * the header partition pack names); of each, the partition pack, its header metadata and its index
 * table segments are fetched. The index (constant edit unit size, or one entry per edit unit) gives
 * each edit unit's offset in the essence stream, the partitions' body offsets where that stream
 * lies in the file. Fetched then: the content packages (picture, sound, system item) of the range,
 * from the key frame before it (the index entry's key frame offset; every edit unit of an
 * intra-only codec is one), as many more as a reordering codec shows late, and the first content
 * package (the decoder prerolls on it and the trim numbers frames from its timestamp).
 *
 * <p>In place of each content package not fetched, the sparse copy holds the keys and lengths of
 * the first one's KLVs ({@link MxfLayout}; the values stay holes), so a demuxer that walks the
 * file's KLVs finds every edit unit where the index says it is. Whole-file restore, the reason named, remains for MXF without a random
 * index pack or footer, without an index table, with an index that does not cover every edit unit,
 * with several essence containers, or with clip-wrapped essence (one KLV for every frame).
 */
final class MxfRanges {
    /** The least read: a partition pack with its KAG fill, a KLV's key and length. */
    static final int PEEK_BYTES = 512;

    /** A KLV fill item's key (ST 377-1, the version byte as current writers set it). */
    static final byte[] FILL_KEY = MxfKeys.FILL;

    static final int FILL_HEADER_BYTES = 16 + 9;

    private static final int MAX_PARTITIONS = 100_000;
    private static final long MAX_INDEX_BYTES = 256L << 20;
    private static final int MAX_FILL_ITEMS = 8;

    private final RangeReader source;
    private final long size;
    private final List<Planned.Fetched> fetched = new ArrayList<>();
    private String reason; // why the index does not place every edit unit, when it does not
    private int[] keyFrameOffsets; // per edit unit, from the index (0 for a constant-size index)
    private int[] temporalOffsets;

    private MxfRanges(RangeReader source, long size) {
        this.source = source;
        this.size = size;
    }

    /** One partition: where it is, what it holds, where its essence (if any) starts in the file. */
    private record Partition(long offset, long bodySid, long bodyOffset, long end, long essenceAt) {}

    /** A KLV's key, where its value starts and how long it is. */
    private record Klv(byte[] key, long valueAt, long length) {
        long end() {
            return valueAt + length;
        }
    }

    /** The ranges for {@code span}, or the whole file with the reason when the index cannot place the frames. */
    static Planned plan(RangeReader source, FrameSpan span) throws IOException {
        MxfRanges m = new MxfRanges(source, source.sizeBytes());
        return m.plan(span);
    }

    private Planned plan(FrameSpan span) throws IOException {
        List<ByteRange> ranges = new ArrayList<>();
        List<Long> offsets = partitionOffsets(ranges);
        if (offsets == null) {
            return whole("MXF without a random index pack or footer partition: its partitions (and index) cannot be"
                    + " found without reading the whole file");
        }
        List<Partition> partitions = new ArrayList<>();
        List<MxfIndexSegment> segments = new ArrayList<>();
        long ripAt = ranges.isEmpty() ? size : ranges.get(0).offsetBytes();
        for (int i = 0; i < offsets.size(); i++) {
            long next = i + 1 < offsets.size() ? offsets.get(i + 1) : ripAt;
            Partition p = partition(offsets.get(i), next, segments);
            if (p == null) {
                return whole("MXF whose partition at byte " + offsets.get(i)
                        + " (as its random index pack or footer says) cannot be read: restored whole");
            }
            partitions.add(p);
            ranges.add(new ByteRange(p.offset(), (p.bodySid() == 0 ? p.end() : p.essenceAt()) - p.offset()));
        }
        long sid = 0;
        for (Partition p : partitions) {
            if (p.bodySid() != 0 && p.essenceAt() < p.end()) {
                if (sid != 0 && sid != p.bodySid()) {
                    return whole("MXF with several essence containers (body SIDs " + sid + " and " + p.bodySid()
                            + "): restored whole");
                }
                sid = p.bodySid();
            }
        }
        if (sid == 0) {
            return whole("MXF without essence in its partitions: restored whole");
        }
        long body = sid;
        List<Partition> essence =
                partitions.stream().filter(p -> p.bodySid() == body).toList();
        long streamBytes = 0;
        for (Partition p : essence) {
            streamBytes = Math.max(streamBytes, p.bodyOffset() + (p.end() - p.essenceAt()));
        }
        long[] units = editUnitOffsets(
                segments.stream().filter(s -> s.bodySid() == body).toList(), streamBytes);
        if (units == null) {
            return whole(reason);
        }
        int count = units.length - 1;
        if (span.endFrameExclusive() > count) {
            throw GatewayException.invalid(
                    source.describe() + ": " + span + " runs past the essence's " + count + " edit units");
        }
        long[] starts = new long[count + 1];
        for (int u = 0; u < count; u++) {
            starts[u] = fileOffset(essence, units[u]);
        }
        starts[count] = fileOffset(essence, units[count] - 1) + 1;
        List<MxfLayout.Element> template = template(starts[0], starts[1]);
        if (template == null) {
            return whole(reason);
        }
        int from = (int) span.startFrame();
        int key = Math.max(0, from + keyFrameOffsets[from]);
        int end = (int) span.endFrameExclusive();
        int reorder = 0;
        for (int u = key; u < end; u++) {
            reorder = Math.max(reorder, Math.abs(temporalOffsets[u]));
        }
        if (reorder > 0) {
            end = Math.min(count, end + reorder + 1);
        }
        addEssence(ranges, essence, units[key], units[end]);
        addEssence(ranges, essence, units[0], units[1]);
        for (Planned.Fetched f : fetched) {
            ranges.add(f.range()); // what planning read is in the copy: the plan is what moves
        }
        return new Planned(
                new RestoreRanges(ranges, size, null), fetched, new MxfLayout(starts, List.copyOf(template)));
    }

    /**
     * The KLVs of the content package {@code [from, to)}, which must tile it; null (with {@link
     * #reason}) when they do not: clip-wrapped essence, or a package that is not a run of KLVs.
     */
    private List<MxfLayout.Element> template(long from, long to) throws IOException {
        if (to - from > MAX_INDEX_BYTES) {
            reason = "MXF whose first edit unit is " + (to - from) + " bytes: restored whole";
            return null;
        }
        ByteBuffer unit = read(from, to - from, to - from);
        List<MxfLayout.Element> elements = new ArrayList<>();
        int at = 0;
        while (at < unit.limit()) {
            Klv k = klvIn(unit.slice(at, unit.limit() - at), 0);
            if (k == null || at + k.end() > unit.limit()) {
                reason = k != null && elements.isEmpty()
                        ? "MXF with clip-wrapped essence (one KLV holds every frame): restored whole"
                        : "MXF whose first content package (bytes " + from + "-" + (to - 1)
                                + ") is not a run of KLVs: restored whole";
                return null;
            }
            elements.add(new MxfLayout.Element(at, k.key(), (int) (k.valueAt() - 16), k.length()));
            at += (int) k.end();
        }
        return elements;
    }

    /**
     * The stream offset of every edit unit and, last, the stream's end; null (with {@link #reason})
     * when the index does not give every edit unit's place.
     */
    private long[] editUnitOffsets(List<MxfIndexSegment> segments, long streamBytes) {
        if (segments.isEmpty()) {
            reason = "MXF without an index table: its frames cannot be found by the byte, so it is restored whole";
            return null;
        }
        for (MxfIndexSegment s : segments) {
            if (s.editUnitBytes() > 0) {
                long eubc = s.editUnitBytes();
                if (streamBytes % eubc != 0 || s.start() != 0) {
                    reason = "MXF whose index gives edit units of " + eubc + " bytes, which do not tile its "
                            + streamBytes + " bytes of essence: restored whole";
                    return null;
                }
                int count = (int) Math.min(Integer.MAX_VALUE - 1, streamBytes / eubc);
                long[] units = new long[count + 1];
                for (int u = 0; u <= count; u++) {
                    units[u] = u * eubc;
                }
                keyFrameOffsets = new int[count + 1];
                temporalOffsets = new int[count + 1];
                return units;
            }
        }
        long count = 0;
        for (MxfIndexSegment s : segments) {
            count = Math.max(count, s.start() + s.entries().length);
        }
        if (count == 0 || count > Integer.MAX_VALUE - 1) {
            reason = "MXF whose index table lists no edit units: restored whole";
            return null;
        }
        long[] units = new long[(int) count + 1];
        Arrays.fill(units, -1);
        keyFrameOffsets = new int[(int) count + 1];
        temporalOffsets = new int[(int) count + 1];
        for (MxfIndexSegment s : segments) {
            for (int i = 0; i < s.entries().length; i++) {
                int u = (int) (s.start() + i);
                units[u] = s.entries()[i].streamOffset();
                keyFrameOffsets[u] = s.entries()[i].keyFrameOffset();
                temporalOffsets[u] = s.entries()[i].temporalOffset();
            }
        }
        units[(int) count] = streamBytes;
        for (int u = 0; u < count; u++) {
            if (units[u] < 0) {
                reason = "MXF whose index table does not list edit unit " + u + " of " + count + ": restored whole";
                return null;
            }
            if (units[u + 1] <= units[u] && units[u + 1] >= 0) {
                reason = "MXF whose index table places edit unit " + (u + 1) + " at stream offset " + units[u + 1]
                        + ", not after edit unit " + u + " (" + units[u] + "): restored whole";
                return null;
            }
        }
        return units;
    }

    /** The essence stream's {@code [from, to)} as file ranges, split where the partitions split it. */
    private static void addEssence(List<ByteRange> ranges, List<Partition> essence, long from, long to) {
        for (Partition p : essence) {
            long lo = Math.max(from, p.bodyOffset());
            long hi = Math.min(to, p.bodyOffset() + (p.end() - p.essenceAt()));
            if (lo < hi) {
                ranges.add(new ByteRange(p.essenceAt() + (lo - p.bodyOffset()), hi - lo));
            }
        }
    }

    private long fileOffset(List<Partition> essence, long streamOffset) {
        for (Partition p : essence) {
            long length = p.end() - p.essenceAt();
            if (streamOffset >= p.bodyOffset() && streamOffset < p.bodyOffset() + length) {
                return p.essenceAt() + (streamOffset - p.bodyOffset());
            }
        }
        return size;
    }

    /**
     * The partitions' offsets, ascending: from the random index pack (its range added to {@code
     * ranges}), else by walking back from the footer; null when neither is there.
     */
    private List<Long> partitionOffsets(List<ByteRange> ranges) throws IOException {
        if (size < 16 + 1 + 4) {
            return null;
        }
        ByteBuffer tail = read(size - 4, 4, 4);
        long ripLength = Integer.toUnsignedLong(tail.getInt(0));
        if (ripLength >= 16 + 1 + 4 && ripLength <= size && ripLength <= MAX_INDEX_BYTES) {
            long at = size - ripLength;
            ByteBuffer rip = read(at, ripLength, ripLength);
            byte[] key = new byte[16];
            rip.get(0, key);
            if (MxfKeys.isRandomIndexPack(key)) {
                Klv k = klvIn(rip, at);
                if (k != null && k.end() == size) {
                    TreeSet<Long> offsets = new TreeSet<>();
                    int value = (int) (k.valueAt() - at);
                    for (int i = value; i + 12 <= ripLength - 4 && offsets.size() < MAX_PARTITIONS; i += 12) {
                        long offset = rip.getLong(i + 4);
                        if (offset >= 0 && offset < at) {
                            offsets.add(offset);
                        }
                    }
                    ranges.add(new ByteRange(at, ripLength));
                    offsets.add(0L);
                    return new ArrayList<>(offsets);
                }
            }
        }
        // No random index pack: walk back from the footer partition the header partition pack names.
        ByteBuffer header = partitionPack(0);
        if (header == null) {
            return null;
        }
        long footer = header.getLong(24);
        TreeSet<Long> offsets = new TreeSet<>();
        long at = footer;
        while (at > 0 && at < size && offsets.add(at) && offsets.size() < MAX_PARTITIONS) {
            ByteBuffer p = partitionPack(at);
            if (p == null) {
                return null;
            }
            at = p.getLong(16);
        }
        if (offsets.isEmpty()) {
            return null;
        }
        offsets.add(0L);
        return new ArrayList<>(offsets);
    }

    /** The partition at {@code offset}, its index segments added to {@code segments}; null when none is there. */
    private Partition partition(long offset, long next, List<MxfIndexSegment> segments) throws IOException {
        ByteBuffer pack = partitionPack(offset);
        if (pack == null) {
            return null;
        }
        Klv packKlv = klv(offset, next);
        long headerBytes = pack.getLong(32);
        long indexBytes = pack.getLong(40);
        long bodyOffset = pack.getLong(52);
        long bodySid = Integer.toUnsignedLong(pack.getInt(60));
        long metadataAt = skipFill(packKlv.end(), next);
        long indexAt = metadataAt + headerBytes;
        if (headerBytes < 0 || indexBytes < 0 || indexAt + indexBytes > next || indexBytes > MAX_INDEX_BYTES) {
            return null;
        }
        if (indexBytes > 0) {
            ByteBuffer index = read(indexAt, indexBytes, indexBytes);
            long at = 0;
            while (at + 17 <= indexBytes) {
                Klv k = klvIn(index.slice((int) at, (int) (indexBytes - at)), 0);
                if (k == null || k.end() > indexBytes - at) {
                    break;
                }
                if (MxfKeys.isIndexSegment(k.key())) {
                    MxfIndexSegment.read(index.slice((int) (at + k.valueAt()), (int) k.length()))
                            .filter(s -> s.start() <= Integer.MAX_VALUE)
                            .ifPresent(segments::add);
                }
                at += k.end();
            }
        }
        long essenceAt = bodySid == 0 ? next : skipFill(indexAt + indexBytes, next);
        return new Partition(offset, bodySid, bodyOffset, next, essenceAt);
    }

    /** The value of the partition pack at {@code offset} (at least 64 bytes), or null when there is none. */
    private ByteBuffer partitionPack(long offset) throws IOException {
        Klv k = klv(offset, size);
        if (k == null || !MxfKeys.isPartitionPack(k.key()) || k.length() < 64 || k.end() > size) {
            return null;
        }
        return read(k.valueAt(), k.length(), PEEK_BYTES);
    }

    /** The first byte at or after {@code at} that is not in a fill item (before {@code limit}). */
    private long skipFill(long at, long limit) throws IOException {
        long pos = at;
        for (int i = 0; i < MAX_FILL_ITEMS && pos + 17 <= limit; i++) {
            Klv k = klv(pos, limit);
            if (k == null || !MxfKeys.isFill(k.key()) || k.end() > limit) {
                break;
            }
            pos = k.end();
        }
        return pos;
    }

    /** The KLV whose key is at {@code at}, or null when no key and length are there. */
    private Klv klv(long at, long limit) throws IOException {
        long max = Math.min(size, limit > at ? limit : size) - at;
        if (max < 17) {
            return null;
        }
        ByteBuffer b = read(at, Math.min(max, 25), Math.min(max, PEEK_BYTES));
        return klvIn(b, at);
    }

    /** The KLV at the start of {@code b}, whose first byte is at file offset {@code at}. */
    private static Klv klvIn(ByteBuffer b, long at) {
        if (b.remaining() < 17) {
            return null;
        }
        byte[] key = new byte[16];
        b.get(b.position(), key);
        int first = b.get(b.position() + 16) & 0xff;
        long length = first;
        int lengthBytes = 1;
        if (first >= 0x80) {
            int k = first & 0x7f;
            if (k == 0 || k > 8 || b.remaining() < 17 + k) {
                return null;
            }
            length = 0;
            for (int i = 0; i < k; i++) {
                length = (length << 8) | (b.get(b.position() + 17 + i) & 0xff);
            }
            lengthBytes += k;
        }
        if (length < 0) {
            return null;
        }
        return new Klv(key, at + 16 + lengthBytes, length);
    }

    /**
     * {@code [at, at + length)}: from what planning fetched when one read holds it, else fetched now
     * (at least {@code least} bytes, so that a key and length and what follows come in one read).
     */
    private ByteBuffer read(long at, long length, long least) throws IOException {
        for (Planned.Fetched f : fetched) {
            ByteRange r = f.range();
            if (r.offsetBytes() <= at && at + length <= r.endExclusive()) {
                return ByteBuffer.wrap(f.bytes(), (int) (at - r.offsetBytes()), (int) length)
                        .slice();
            }
        }
        long n = Math.min(size - at, Math.max(length, least));
        if (n > Integer.MAX_VALUE - 8) {
            throw GatewayException.invalid(source.describe() + ": an MXF structure of " + n + " bytes at byte " + at);
        }
        ByteRange range = new ByteRange(at, n);
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) n);
        source.read(range, out);
        byte[] bytes = out.toByteArray();
        fetched.add(new Planned.Fetched(range, bytes));
        return ByteBuffer.wrap(bytes, 0, (int) Math.min(length, bytes.length)).slice();
    }

    private Planned whole(String why) {
        return new Planned(RestoreRanges.wholeFile(size, why), List.of());
    }
}
