package gateway.proxy.finish;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a WAVE / Broadcast WAV file to samples {@code [start, end)} without touching the sound: every
 * chunk is copied in its order, the data chunk holds only the kept samples, and the bext
 * TimeReference (samples since midnight) moves forward by {@code start}, so the cut keeps its
 * timecode. RF64 / BW64 originals come out as plain RIFF (their ds64 chunk is dropped); a cut of
 * 4 GiB or more is refused. {@link #copyWhole} makes the edit rendition of a sound-only original.
 */
public final class WaveTrim {
    private static final long BEXT_TIME_REFERENCE = 338;
    private static final long MAX_RIFF_BYTES = 0xFFFFFFFFL;

    private record Chunk(String id, long body, long size) {}

    private final String subject;
    private final FileChannel in;
    private final List<Chunk> chunks = new ArrayList<>();
    private int blockAlign;

    private WaveTrim(String subject, FileChannel in) {
        this.subject = subject;
        this.in = in;
    }

    /** Writes samples {@code [start, end)} of {@code original} (clamped to its length) to {@code out}; returns the kept count. */
    static long write(Path original, String subject, long start, long end, Path out) throws IOException {
        try (FileChannel in = FileChannel.open(original, StandardOpenOption.READ);
                FileChannel to = FileChannel.open(
                        out,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
            WaveTrim trim = new WaveTrim(subject, in);
            trim.readChunks();
            return trim.copy(start, end, to);
        }
    }

    /**
     * Writes all of {@code original} to {@code out}, chunk for chunk (fmt, bext, iXML and any other
     * chunk in its order; the samples copied, never decoded): the edit rendition of a sound-only
     * original. An RF64 / BW64 original that fits a RIFF file comes out as RIFF, which every NLE
     * reads; one that does not is copied byte for byte and stays RF64. Returns the sample count.
     * Fails with CORRUPT when the original is not a well-formed WAVE file, IO when it cannot be copied.
     */
    public static long copyWhole(Path original, String subject, Path out) throws IOException {
        try (FileChannel in = FileChannel.open(original, StandardOpenOption.READ);
                FileChannel to = FileChannel.open(
                        out,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
            WaveTrim trim = new WaveTrim(subject, in);
            trim.readChunks();
            if (trim.riffBytes() <= MAX_RIFF_BYTES) {
                return trim.copy(0, Long.MAX_VALUE, to);
            }
            trim.transfer(0, in.size(), to, 0);
            return trim.dataChunk().size() / trim.blockAlign;
        }
    }

    /** The RIFF size field a whole copy without ds64 would need (file bytes after the first 8). */
    private long riffBytes() {
        long bytes = 4;
        for (Chunk c : chunks) {
            if (!c.id().equals("ds64")) {
                bytes += 8 + c.size() + (c.size() & 1);
            }
        }
        return bytes;
    }

    private Chunk dataChunk() {
        return chunks.stream().filter(c -> c.id().equals("data")).findFirst().orElseThrow();
    }

    private void readChunks() throws IOException {
        ByteBuffer head = read(0, 12);
        String riff = fourcc(head, 0);
        boolean rf64 = riff.equals("RF64") || riff.equals("BW64");
        if (!(riff.equals("RIFF") || rf64) || !fourcc(head, 8).equals("WAVE")) {
            throw new GatewayException(Reason.CORRUPT, subject + ": not a WAVE file");
        }
        long size = in.size();
        long dataSize64 = -1;
        for (long at = 12; at + 8 <= size; ) {
            ByteBuffer h = read(at, 8);
            String id = fourcc(h, 0);
            long length = Integer.toUnsignedLong(h.getInt(4));
            if (id.equals("ds64") && length >= 16) {
                dataSize64 = read(at + 8, 16).getLong(8);
            }
            if (id.equals("data") && rf64 && length == 0xFFFFFFFFL && dataSize64 >= 0) {
                length = dataSize64;
            }
            if (at + 8 + length > size) {
                throw new GatewayException(
                        Reason.CORRUPT,
                        subject + ": chunk '" + id + "' at byte " + at + " runs past the end of the file");
            }
            chunks.add(new Chunk(id, at + 8, length));
            if (id.equals("fmt ") && length >= 16) {
                blockAlign = read(at + 8, 16).getShort(12) & 0xFFFF;
            }
            at += 8 + length + (length & 1);
        }
        if (blockAlign == 0 || chunks.stream().noneMatch(c -> c.id().equals("data"))) {
            throw new GatewayException(Reason.CORRUPT, subject + ": WAVE file without a format or data chunk");
        }
    }

    private long copy(long start, long end, FileChannel to) throws IOException {
        Chunk data = dataChunk();
        long total = data.size() / blockAlign;
        long from = Math.min(start, total);
        long until = Math.min(end, total);
        long dataBytes = (until - from) * blockAlign;
        to.write(ByteBuffer.wrap(new byte[12]), 0); // RIFF header, filled in last
        long at = 12;
        for (Chunk c : chunks) {
            if (c.id().equals("ds64")) {
                continue;
            }
            long length = c.id().equals("data") ? dataBytes : c.size();
            ByteBuffer h = le(8).put(c.id().getBytes(StandardCharsets.US_ASCII))
                    .putInt((int) length)
                    .flip();
            at += writeAt(to, h, at);
            if (c.id().equals("data")) {
                at += transfer(c.body() + from * blockAlign, dataBytes, to, at);
            } else {
                ByteBuffer body = read(c.body(), Math.toIntExact(c.size()));
                if (c.id().equals("bext") && c.size() >= BEXT_TIME_REFERENCE + 8) {
                    int p = (int) BEXT_TIME_REFERENCE;
                    body.putLong(p, body.getLong(p) + from);
                }
                at += writeAt(to, body, at);
            }
            if ((length & 1) == 1) {
                at += writeAt(to, ByteBuffer.wrap(new byte[1]), at);
            }
        }
        if (at - 8 > MAX_RIFF_BYTES) {
            throw new GatewayException(
                    Reason.RESOURCE_LIMIT,
                    subject + ": a cut of " + dataBytes + " bytes of sound does not fit a RIFF file");
        }
        ByteBuffer header =
                le(12).put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt((int) (at - 8));
        header.put("WAVE".getBytes(StandardCharsets.US_ASCII)).flip();
        writeAt(to, header, 0);
        return until - from;
    }

    private long transfer(long position, long count, FileChannel to, long at) throws IOException {
        long done = 0;
        while (done < count) {
            long n = in.transferTo(position + done, count - done, to.position(at + done));
            if (n <= 0) {
                throw new GatewayException(
                        Reason.IO, subject + ": the sound could not be copied at byte " + (position + done));
            }
            done += n;
        }
        return done;
    }

    private static long writeAt(FileChannel to, ByteBuffer b, long at) throws IOException {
        long n = 0;
        while (b.hasRemaining()) {
            n += to.write(b, at + n);
        }
        return n;
    }

    private ByteBuffer read(long at, int count) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(count).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (in.read(b, at + b.position()) < 0) {
                throw new GatewayException(Reason.CORRUPT, subject + ": truncated at byte " + (at + b.position()));
            }
        }
        return b.flip();
    }

    private static String fourcc(ByteBuffer b, int at) {
        byte[] id = new byte[4];
        b.get(at, id);
        return new String(id, StandardCharsets.US_ASCII);
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }
}
