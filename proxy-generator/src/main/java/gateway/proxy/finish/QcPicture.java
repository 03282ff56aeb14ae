package gateway.proxy.finish;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * A small 8-bit 4:2:0 picture ({@code I420}: Y plane, then U, then V, each line padded to 4 bytes
 * as GStreamer pads it) as conform QC compares them: a structural similarity of the luma, the mean
 * difference of luma and chroma levels, a mirrored copy, and a PNG for the report.
 */
final class QcPicture {
    /** The GStreamer caps format name of this layout. */
    static final String FORMAT = "I420";

    /** Block size of the structural similarity (non-overlapping blocks, each scored, then averaged). */
    private static final int BLOCK = 8;
    // The usual SSIM constants for 8-bit samples: (0.01 * 255)^2 and (0.03 * 255)^2.
    private static final double C1 = 6.5025;
    private static final double C2 = 58.5225;

    private final int width;
    private final int height;
    private final byte[] data;

    QcPicture(int width, int height, byte[] data) {
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

    static int byteSize(int width, int height) {
        return lumaStride(width) * height + 2 * chromaStride(width) * chromaHeight(height);
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    int luma(int x, int y) {
        return data[y * lumaStride(width) + x] & 0xFF;
    }

    /** Chroma sample {@code (x, y)} of plane 0 (U) or 1 (V), at half the size. */
    int chroma(int plane, int x, int y) {
        int base = lumaStride(width) * height + plane * chromaStride(width) * chromaHeight(height);
        return data[base + y * chromaStride(width) + x] & 0xFF;
    }

    /**
     * The structural similarity of the two lumas (mean of the SSIM of each 8 x 8 block, 1 for the
     * same picture, near 0 for unrelated ones): it weighs structure and contrast, little the
     * overall level (see {@link #meanLumaDifference}).
     */
    double similarity(QcPicture other) {
        requireSameSize(other);
        double sum = 0;
        int blocks = 0;
        for (int by = 0; by + BLOCK <= height; by += BLOCK) {
            for (int bx = 0; bx + BLOCK <= width; bx += BLOCK) {
                sum += blockSsim(other, bx, by);
                blocks++;
            }
        }
        return blocks == 0 ? 0 : sum / blocks;
    }

    private double blockSsim(QcPicture o, int bx, int by) {
        double sa = 0;
        double sb = 0;
        double saa = 0;
        double sbb = 0;
        double sab = 0;
        for (int y = by; y < by + BLOCK; y++) {
            for (int x = bx; x < bx + BLOCK; x++) {
                int a = luma(x, y);
                int b = o.luma(x, y);
                sa += a;
                sb += b;
                saa += a * a;
                sbb += b * b;
                sab += a * b;
            }
        }
        double n = BLOCK * BLOCK;
        double ma = sa / n;
        double mb = sb / n;
        double va = saa / n - ma * ma;
        double vb = sbb / n - mb * mb;
        double cov = sab / n - ma * mb;
        return ((2 * ma * mb + C1) * (2 * cov + C2)) / ((ma * ma + mb * mb + C1) * (va + vb + C2));
    }

    /** The difference of the mean luma levels (0-255): a brightness or contrast change shows here. */
    double meanLumaDifference(QcPicture other) {
        requireSameSize(other);
        return Math.abs(meanLuma() - other.meanLuma());
    }

    double meanLuma() {
        long sum = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                sum += luma(x, y);
            }
        }
        return (double) sum / ((long) width * height);
    }

    /** The standard deviation of the luma (0 for a flat picture: black, a colour field). */
    double lumaDeviation() {
        double mean = meanLuma();
        double sum = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double d = luma(x, y) - mean;
                sum += d * d;
            }
        }
        return Math.sqrt(sum / ((long) width * height));
    }

    /**
     * The mean absolute difference of the chroma levels (0-255) of each {@value #BLOCK} x {@value
     * #BLOCK}-pixel block (the blocks of {@link #similarity}): a recolouring moves every block's mean
     * and shows here; a colour edge drawn softer or sharper (another scaler, another chroma siting,
     * 4:2:0 against 4:2:2, a reference made at another size) moves the samples beside it, not the
     * mean of its block. Measured (56 moving bars across a 640 x 360 original against a 160 x 90
     * reference, both shrunk by area): 7.2-7.5 per sample, 1.0-1.2 per block.
     */
    double meanChromaDifference(QcPicture other) {
        requireSameSize(other);
        int cw = (width + 1) / 2;
        int ch = chromaHeight(height);
        int side = BLOCK / 2;
        double sum = 0;
        int blocks = 0;
        for (int p = 0; p < 2; p++) {
            for (int by = 0; by < ch; by += side) {
                for (int bx = 0; bx < cw; bx += side) {
                    long mine = 0;
                    long theirs = 0;
                    int n = 0;
                    for (int y = by; y < Math.min(ch, by + side); y++) {
                        for (int x = bx; x < Math.min(cw, bx + side); x++) {
                            mine += chroma(p, x, y);
                            theirs += other.chroma(p, x, y);
                            n++;
                        }
                    }
                    sum += Math.abs(mine - theirs) / (double) n;
                    blocks++;
                }
            }
        }
        return sum / blocks;
    }

    /** The picture mirrored left to right (a flop). */
    QcPicture flopped() {
        byte[] out = new byte[data.length];
        int ls = lumaStride(width);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                out[y * ls + x] = data[y * ls + width - 1 - x];
            }
        }
        int cs = chromaStride(width);
        int cw = (width + 1) / 2;
        int ch = chromaHeight(height);
        for (int p = 0; p < 2; p++) {
            int base = ls * height + p * cs * ch;
            for (int y = 0; y < ch; y++) {
                for (int x = 0; x < cw; x++) {
                    out[base + y * cs + x] = data[base + y * cs + cw - 1 - x];
                }
            }
        }
        return new QcPicture(width, height, out);
    }

    /** Writes the picture as an RGB PNG (BT.709, video levels). */
    void writePng(Path file) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double yy = (luma(x, y) - 16) * 255.0 / 219;
                double u = (chroma(0, x / 2, y / 2) - 128) * 255.0 / 224;
                double v = (chroma(1, x / 2, y / 2) - 128) * 255.0 / 224;
                int r = clamp(yy + 1.5748 * v);
                int g = clamp(yy - 0.1873 * u - 0.4681 * v);
                int b = clamp(yy + 1.8556 * u);
                image.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        try {
            if (!ImageIO.write(image, "png", file.toFile())) {
                throw new GatewayException(Reason.INTERNAL, "no PNG writer in this JVM for " + file);
            }
        } catch (IOException e) {
            throw GatewayException.io("cannot write the QC picture " + file + ": " + e.getMessage(), e);
        }
    }

    /** Video black at QC size (Y 16, U and V 128). */
    static QcPicture black(int width, int height) {
        byte[] data = new byte[byteSize(width, height)];
        int luma = lumaStride(width) * height;
        java.util.Arrays.fill(data, 0, luma, (byte) 16);
        java.util.Arrays.fill(data, luma, data.length, (byte) 128);
        return new QcPicture(width, height, data);
    }

    /** This picture mixed into {@code incoming} by {@code weight} (0: this, 1: incoming), as a dissolve. */
    QcPicture mixedWith(QcPicture incoming, double weight) {
        requireSameSize(incoming);
        byte[] mixed = new byte[data.length];
        for (int i = 0; i < data.length; i++) {
            mixed[i] = (byte) Math.round((data[i] & 0xFF) * (1 - weight) + (incoming.data[i] & 0xFF) * weight);
        }
        return new QcPicture(width, height, mixed);
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    private void requireSameSize(QcPicture other) {
        if (other.width != width || other.height != height) {
            throw new GatewayException(Reason.INTERNAL, "cannot compare QC pictures of different sizes");
        }
    }

    private static int lumaStride(int width) {
        return (width + 3) & ~3;
    }

    private static int chromaStride(int width) {
        return ((width + 1) / 2 + 3) & ~3;
    }

    private static int chromaHeight(int height) {
        return (height + 1) / 2;
    }
}
