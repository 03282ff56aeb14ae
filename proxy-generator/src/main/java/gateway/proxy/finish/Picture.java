package gateway.proxy.finish;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;

/**
 * One decoded picture in GStreamer's {@code I422_10LE} layout (planar 4:2:2, 10 bits in 16-bit
 * little-endian words; the format ProRes 422 HQ is encoded from): the Y plane, then U, then V, each
 * line padded to 4 bytes as GStreamer pads it. Width must be even (4:2:2). The bytes are owned by
 * the picture and never changed after construction.
 */
final class Picture {
    /** The GStreamer caps format name of this layout. */
    static final String FORMAT = "I422_10LE";

    private static final int BLACK_LUMA = 64;
    private static final int MID_CHROMA = 512;

    private final int width;
    private final int height;
    private final byte[] data;

    Picture(int width, int height, byte[] data) {
        checkSize(width, height);
        if (data.length != byteSize(width, height)) {
            throw new GatewayException(
                    Reason.INTERNAL,
                    "a " + width + "x" + height + " " + FORMAT + " picture holds " + byteSize(width, height)
                            + " bytes, not " + data.length);
        }
        this.width = width;
        this.height = height;
        this.data = data;
    }

    /** Video black (Y 64, U and V 512 at 10 bits). */
    static Picture black(int width, int height) {
        checkSize(width, height);
        byte[] bytes = new byte[byteSize(width, height)];
        int lumaBytes = lumaStride(width) * height;
        fill(bytes, 0, lumaBytes, BLACK_LUMA);
        fill(bytes, lumaBytes, bytes.length, MID_CHROMA);
        return new Picture(width, height, bytes);
    }

    static int byteSize(int width, int height) {
        return (lumaStride(width) + 2 * chromaStride(width)) * height;
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    /** The raw bytes, for handing to GStreamer (do not modify). */
    byte[] bytes() {
        return data;
    }

    /**
     * The linear mix {@code (1 - weight) * this + weight * other} of two pictures of one size,
     * rounded to the nearest code value: a dissolve's frame with {@code weight} of the incoming shot.
     */
    Picture mixedWith(Picture other, double weight) {
        if (other.width != width || other.height != height) {
            throw new GatewayException(
                    Reason.INTERNAL,
                    "cannot mix a " + width + "x" + height + " picture with a " + other.width + "x" + other.height);
        }
        int w = (int) Math.round(Math.max(0, Math.min(1, weight)) * 65536);
        byte[] out = new byte[data.length];
        for (int i = 0; i + 1 < data.length; i += 2) {
            int a = (data[i] & 0xFF) | (data[i + 1] & 0xFF) << 8;
            int b = (other.data[i] & 0xFF) | (other.data[i + 1] & 0xFF) << 8;
            int v = (int) (((long) a * (65536 - w) + (long) b * w + 32768) >> 16);
            out[i] = (byte) v;
            out[i + 1] = (byte) (v >> 8);
        }
        return new Picture(width, height, out);
    }

    /** The luma sample at column {@code x}, row {@code y} (0-1023). */
    int luma(int x, int y) {
        int i = y * lumaStride(width) + 2 * x;
        return (data[i] & 0xFF) | (data[i + 1] & 0xFF) << 8;
    }

    /** The mean absolute difference of the luma samples of two pictures of one size (0-1023). */
    double meanLumaDifference(Picture other) {
        if (other.width != width || other.height != height) {
            throw new GatewayException(Reason.INTERNAL, "cannot compare pictures of different sizes");
        }
        long sum = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                sum += Math.abs(luma(x, y) - other.luma(x, y));
            }
        }
        return (double) sum / ((long) width * height);
    }

    private static int lumaStride(int width) {
        return roundUp4(width * 2);
    }

    private static int chromaStride(int width) {
        return roundUp4(width);
    }

    private static int roundUp4(int n) {
        return (n + 3) & ~3;
    }

    private static void checkSize(int width, int height) {
        if (width <= 0 || height <= 0 || width % 2 != 0) {
            throw GatewayException.invalid(
                    "picture size " + width + "x" + height + " must be positive with an even width (4:2:2)");
        }
    }

    private static void fill(byte[] bytes, int from, int to, int value) {
        for (int i = from; i + 1 < to; i += 2) {
            bytes[i] = (byte) value;
            bytes[i + 1] = (byte) (value >> 8);
        }
    }
}
