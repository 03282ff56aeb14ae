package gateway.proxy.restore;

import gateway.model.storage.ByteRange;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Where an MXF original's content packages lie in the file and how its first one is laid out (the
 * keys and lengths of its KLVs: system item, picture, sound, fill): what a sparse copy writes in
 * place of each content package it did not fetch, so that a demuxer walking the copy from its start
 * finds every edit unit where the index says it is (GStreamer's mxfdemux stops at an essence element
 * whose offset is not the next edit unit's). The values stay holes: the decoder drops the pictures
 * it cannot decode, the trim cuts the sound around the range away.
 *
 * @param unitStarts the file offset of every content package, then the end of the last one
 * @param template the first content package's KLVs: offset in the package, key, length bytes, value length
 */
record MxfLayout(long[] unitStarts, List<Element> template) {
    /** One KLV of a content package: its offset in it, its key, its BER length's bytes and its value's length. */
    record Element(int offset, byte[] key, int lengthBytes, long length) {
        int headerBytes() {
            return 16 + lengthBytes;
        }
    }

    /**
     * The key-and-length headers to write for every content package wholly inside one of {@code
     * gaps}: the template's, the largest value (the picture) grown or shrunk to the package's size.
     * A package whose lengths the template's length fields cannot hold gets one fill item.
     */
    List<Planned.Fetched> headersIn(List<ByteRange> gaps) {
        List<Planned.Fetched> out = new ArrayList<>();
        long templateBytes = unitStarts[1] - unitStarts[0];
        int largest = 0;
        for (int i = 1; i < template.size(); i++) {
            if (template.get(i).length() > template.get(largest).length()) {
                largest = i;
            }
        }
        int u = 0;
        for (ByteRange gap : gaps) {
            while (u < unitStarts.length - 1 && unitStarts[u] < gap.offsetBytes()) {
                u++;
            }
            for (; u < unitStarts.length - 1 && unitStarts[u + 1] <= gap.endExclusive(); u++) {
                long start = unitStarts[u];
                long grow = (unitStarts[u + 1] - start) - templateBytes;
                boolean fits = true;
                List<Planned.Fetched> headers = new ArrayList<>();
                for (int i = 0; i < template.size(); i++) {
                    Element e = template.get(i);
                    long length = e.length() + (i == largest ? grow : 0);
                    long at = start + e.offset() + (i > largest ? grow : 0);
                    byte[] h = header(e, length);
                    if (h == null) {
                        fits = false;
                        break;
                    }
                    headers.add(new Planned.Fetched(new ByteRange(at, h.length), h));
                }
                if (fits) {
                    out.addAll(headers);
                } else if (unitStarts[u + 1] - start >= MxfRanges.FILL_HEADER_BYTES) {
                    out.add(fill(start, unitStarts[u + 1] - start));
                }
            }
        }
        return out;
    }

    /** The key and a BER length of {@code e}'s size holding {@code length}; null when it cannot. */
    private static byte[] header(Element e, long length) {
        ByteBuffer b = ByteBuffer.allocate(e.headerBytes());
        b.put(e.key());
        if (e.lengthBytes() == 1) {
            if (length < 0 || length > 0x7f) {
                return null;
            }
            b.put((byte) length);
        } else {
            int n = e.lengthBytes() - 1;
            if (length < 0 || n < 8 && length >= 1L << (8 * n)) {
                return null;
            }
            b.put((byte) (0x80 | n));
            for (int i = n - 1; i >= 0; i--) {
                b.put((byte) (length >>> (8 * i)));
            }
        }
        return b.array();
    }

    private static Planned.Fetched fill(long at, long bytes) {
        ByteBuffer b = ByteBuffer.allocate(MxfRanges.FILL_HEADER_BYTES);
        b.put(MxfRanges.FILL_KEY).put((byte) 0x88).putLong(bytes - MxfRanges.FILL_HEADER_BYTES);
        return new Planned.Fetched(new ByteRange(at, MxfRanges.FILL_HEADER_BYTES), b.array());
    }
}
