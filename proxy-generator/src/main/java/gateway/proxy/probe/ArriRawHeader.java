package gateway.proxy.probe;

import gateway.model.asset.MediaInfo;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * What the header of one ARRIRAW frame file ({@code .ari}) tells without ARRI's SDK, as far as it
 * is publicly documented: the file starts with the eight bytes {@code "ARRI" 12 34 56 78} (the
 * signature MediaInfo's ARRI RAW parser tests); the header is little-endian, holds the picture
 * width at byte 0x14 and height at 0x18 (both uint32), and the camera model as a NUL-terminated
 * text of at most 64 bytes at 0x29c (the offsets dcraw and RawSpeed read). The header also holds
 * the frame rate, timecode, reel and clip names, but their offsets are not publicly documented:
 * they are not read, and an ARRIRAW clip's rate and timecode are unknown here.
 */
public record ArriRawHeader(int width, int height, String model) {
    /** The eight bytes every ARRIRAW frame file starts with. */
    private static final byte[] MAGIC = {'A', 'R', 'R', 'I', 0x12, 0x34, 0x56, 0x78};

    private static final int WIDTH_AT = 0x14;
    private static final int HEIGHT_AT = 0x18;
    private static final int MODEL_AT = 0x29c;
    private static final int MODEL_BYTES = 64;
    /** Beyond any size a camera writes: a header that says more is not read as a size. */
    private static final int MAX_SIDE = 1 << 16;

    /** True when {@code head} (a file's first bytes, from its position) starts with the ARRIRAW signature. */
    static boolean sniff(ByteBuffer head) {
        if (head.remaining() < MAGIC.length) {
            return false;
        }
        byte[] first = new byte[MAGIC.length];
        head.duplicate().get(first);
        return Arrays.equals(first, MAGIC);
    }

    /** True when {@code file} starts with the ARRIRAW signature. */
    public static boolean sniff(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer head = ByteBuffer.allocate(MAGIC.length);
            ch.read(head, 0);
            return !head.hasRemaining() && Arrays.equals(head.array(), MAGIC);
        } catch (IOException e) {
            return false;
        }
    }

    /** The header of {@code file}; CORRUPT when it does not start with the signature or is cut short. */
    public static ArriRawHeader read(Path file) {
        String name = file.getFileName().toString();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(MODEL_AT + MODEL_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            while (b.hasRemaining() && ch.read(b, b.position()) > 0) {}
            if (b.position() < MAGIC.length || !Arrays.equals(Arrays.copyOf(b.array(), MAGIC.length), MAGIC)) {
                throw corrupt(name, "does not start with the ARRIRAW signature (ARRI 12 34 56 78)");
            }
            if (b.position() < HEIGHT_AT + 4) {
                throw corrupt(name, "ARRIRAW header cut short at " + b.position() + " bytes");
            }
            int width = b.getInt(WIDTH_AT);
            int height = b.getInt(HEIGHT_AT);
            if (width <= 0 || height <= 0 || width > MAX_SIDE || height > MAX_SIDE) {
                throw corrupt(
                        name,
                        "ARRIRAW header gives an impossible picture size " + Integer.toUnsignedString(width) + "x"
                                + Integer.toUnsignedString(height) + " (bytes 0x14 and 0x18)");
            }
            String model = null;
            if (b.position() >= MODEL_AT + 1) {
                int end = MODEL_AT;
                int limit = Math.min(b.position(), MODEL_AT + MODEL_BYTES);
                while (end < limit && b.get(end) != 0) {
                    end++;
                }
                model = new String(b.array(), MODEL_AT, end - MODEL_AT, StandardCharsets.ISO_8859_1).trim();
            }
            return new ArriRawHeader(width, height, model == null || model.isEmpty() ? null : model);
        } catch (IOException e) {
            throw GatewayException.io(name + ": cannot read the ARRIRAW header: " + e.getMessage(), e);
        }
    }

    /** The camera as the catalogue records it (ARRI the make), or null when the header names no model. */
    public MediaInfo.Camera camera() {
        return model == null ? null : new MediaInfo.Camera("ARRI", model, null);
    }

    private static GatewayException corrupt(String name, String problem) {
        return new GatewayException(Reason.CORRUPT, name + ": " + problem);
    }
}
