package gateway.proxy.finish;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.Timecode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Sets the start of every timecode component of an MXF file in place (the material package's and
 * the file package's, in the header and in the footer metadata): GStreamer 1.22's {@code mxfmux}
 * writes them at 00:00:00:00 whatever timecode the pictures carry. The start (local tag 0x1501,
 * eight bytes, frames at the rounded timecode base) and the drop-frame flag (0x1503, one byte) are
 * fields of fixed size: nothing moves. CORRUPT when the file holds no timecode component.
 */
final class MxfStartTimecode {
    /** SMPTE 377 Timecode Component local set key (byte 14 is the set kind, 0x14). */
    private static final byte[] TIMECODE_COMPONENT = {
        0x06, 0x0e, 0x2b, 0x34, 0x02, 0x53, 0x01, 0x01, 0x0d, 0x01, 0x01, 0x01, 0x01, 0x01, 0x14, 0x00
    };

    private static final int TAG_START = 0x1501;
    private static final int TAG_DROP_FRAME = 0x1503;

    /** Any timecode component set is small; a larger one is not what we look for. */
    private static final long MAX_SET_BYTES = 4096;

    private MxfStartTimecode() {}

    static void write(Path file, Timecode start) {
        String where = file.getFileName().toString();
        int patched = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long at = 0;
            long size = ch.size();
            while (at + 17 <= size) {
                ByteBuffer kl = read(ch, at, 25);
                int n = kl.get(16) & 0xff;
                long length;
                int header;
                if (n < 0x80) {
                    length = n;
                    header = 17;
                } else {
                    int bytes = n & 0x7f;
                    if (bytes == 0 || bytes > 8) {
                        throw corrupt(where, "a BER length of " + bytes + " bytes at byte " + at);
                    }
                    length = 0;
                    for (int i = 0; i < bytes; i++) {
                        length = length << 8 | (kl.get(17 + i) & 0xff);
                    }
                    header = 17 + bytes;
                }
                if (length < 0 || at + header + length > size) {
                    throw corrupt(where, "a KLV at byte " + at + " runs past the end of the file");
                }
                if (isTimecodeComponent(kl) && length <= MAX_SET_BYTES) {
                    patched += patch(ch, at + header, (int) length, start);
                }
                at += header + length;
            }
        } catch (IOException e) {
            throw GatewayException.io(where + ": cannot set the start timecode: " + e.getMessage(), e);
        }
        if (patched == 0) {
            throw corrupt(where, "no timecode component to set to " + start);
        }
    }

    private static boolean isTimecodeComponent(ByteBuffer kl) {
        for (int i = 0; i < TIMECODE_COMPONENT.length; i++) {
            if (kl.get(i) != TIMECODE_COMPONENT[i]) {
                return false;
            }
        }
        return true;
    }

    /** Rewrites the start and drop-frame items of the set at {@code [from, from + length)}; 1 when done. */
    private static int patch(FileChannel ch, long from, int length, Timecode start) throws IOException {
        ByteBuffer set = read(ch, from, length);
        int found = 0;
        int at = 0;
        while (at + 4 <= length) {
            int tag = set.getShort(at) & 0xffff;
            int len = set.getShort(at + 2) & 0xffff;
            int value = at + 4;
            if (value + len > length) {
                break;
            }
            if (tag == TAG_START && len == 8) {
                set.putLong(value, start.toFrames());
                found = 1;
            } else if (tag == TAG_DROP_FRAME && len == 1) {
                set.put(value, (byte) (start.dropFrame() ? 1 : 0));
            }
            at = value + len;
        }
        if (found == 1) {
            ch.write(set.rewind(), from);
        }
        return found;
    }

    private static ByteBuffer read(FileChannel ch, long at, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (ch.read(b, at + b.position()) < 0) {
                break;
            }
        }
        return b;
    }

    private static GatewayException corrupt(String where, String problem) {
        return new GatewayException(Reason.CORRUPT, where + ": " + problem);
    }
}
