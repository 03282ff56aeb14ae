package gateway.server.stream;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;

/** The picture size a JPEG declares in its start-of-frame segment. */
public record JpegSize(int width, int height) {

    /** Reads the first SOFn marker; CORRUPT when {@code jpeg} is not a JPEG or has none. */
    public static JpegSize of(byte[] jpeg, String where) {
        if (jpeg.length < 4 || (jpeg[0] & 0xFF) != 0xFF || (jpeg[1] & 0xFF) != 0xD8) {
            throw new GatewayException(Reason.CORRUPT, where + " is not a JPEG (no SOI marker)");
        }
        int i = 2;
        while (i + 4 <= jpeg.length) {
            if ((jpeg[i] & 0xFF) != 0xFF) {
                throw new GatewayException(Reason.CORRUPT, where + ": no JPEG marker at byte " + i);
            }
            int marker = jpeg[i + 1] & 0xFF;
            if (marker == 0xFF) {
                i++; // fill byte
                continue;
            }
            int length = ((jpeg[i + 2] & 0xFF) << 8) | (jpeg[i + 3] & 0xFF);
            boolean startOfFrame =
                    marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (startOfFrame) {
                if (i + 9 > jpeg.length) {
                    break;
                }
                int height = ((jpeg[i + 5] & 0xFF) << 8) | (jpeg[i + 6] & 0xFF);
                int width = ((jpeg[i + 7] & 0xFF) << 8) | (jpeg[i + 8] & 0xFF);
                return new JpegSize(width, height);
            }
            if (marker == 0xDA || length < 2) {
                break; // scan data before any frame header
            }
            i += 2 + length;
        }
        throw new GatewayException(Reason.CORRUPT, where + " has no JPEG frame header");
    }
}
