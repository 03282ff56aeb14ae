package gateway.proxy.restore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a frame range of an MXF file needs, counted by a plain walk of its KLVs (not by the index
 * table the planner reads): {@code frames}, the bytes of the range's content packages (from the
 * first key of each to the next); {@code header}, every byte that is not essence (partitions,
 * metadata, index, fill between them, the random index pack) plus the first content package.
 */
record MxfNeeded(long frames, long header) {
    static MxfNeeded of(Path file, int from, int to) throws IOException {
        try (FileChannel ch = FileChannel.open(file)) {
            List<Long> starts = new ArrayList<>();
            List<Long> ends = new ArrayList<>(); // where each run of essence ends (a partition follows)
            byte[] leader = null;
            long runEnd = -1;
            long pos = 0;
            long size = ch.size();
            while (pos + 17 <= size) {
                Kl kl = kl(ch, pos);
                boolean essence = kl.key[8] == 0x0d && kl.key[9] == 0x01 && kl.key[10] == 0x03 && kl.key[11] == 0x01;
                boolean fill = kl.key[8] == 0x03 && kl.key[9] == 0x01 && kl.key[10] == 0x02 && kl.key[11] == 0x10;
                if (essence) {
                    if (leader == null) {
                        leader = kl.key;
                    }
                    if (Arrays.equals(leader, kl.key)) {
                        starts.add(pos);
                    }
                    runEnd = kl.end;
                } else if (!fill && runEnd >= 0) {
                    ends.add(runEnd);
                    runEnd = -1;
                }
                pos = kl.end;
            }
            if (runEnd >= 0) {
                ends.add(runEnd);
            }
            long essenceBytes = 0;
            for (int i = 0; i < starts.size(); i++) {
                essenceBytes += end(starts, ends, i) - starts.get(i);
            }
            long frames = 0;
            for (int i = from; i < to; i++) {
                frames += end(starts, ends, i) - starts.get(i);
            }
            return new MxfNeeded(frames, size - essenceBytes + end(starts, ends, 0) - starts.get(0));
        }
    }

    /** Where content package {@code i} ends: the next one's start, or the end of its run of essence. */
    private static long end(List<Long> starts, List<Long> ends, int i) {
        long next = i + 1 < starts.size() ? starts.get(i + 1) : Long.MAX_VALUE;
        for (long e : ends) {
            if (e > starts.get(i)) {
                return Math.min(next, e);
            }
        }
        return next;
    }

    /** The file offset of the first index table segment. */
    static long indexSegmentAt(FileChannel ch) throws IOException {
        long pos = 0;
        while (pos + 17 <= ch.size()) {
            Kl kl = kl(ch, pos);
            if (kl.key[4] == 0x02 && kl.key[5] == 0x53 && kl.key[13] == 0x10 && kl.key[14] == 0x01) {
                return pos;
            }
            pos = kl.end;
        }
        throw new AssertionError("no index table segment");
    }

    private record Kl(byte[] key, long end) {}

    private static Kl kl(FileChannel ch, long pos) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(25);
        ch.read(b, pos);
        byte[] key = Arrays.copyOf(b.array(), 16);
        int first = b.get(16) & 0xff;
        long length = first;
        int lengthBytes = 1;
        if (first >= 0x80) {
            length = 0;
            for (int i = 0; i < (first & 0x7f); i++) {
                length = (length << 8) | (b.get(17 + i) & 0xff);
            }
            lengthBytes += first & 0x7f;
        }
        return new Kl(key, pos + 16 + lengthBytes + length);
    }
}
