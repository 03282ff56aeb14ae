package gateway.proxy.probe;

import gateway.model.asset.MediaInfo;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import gateway.model.time.Timecode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * What the first block of a REDCODE (.R3D) file tells without RED's SDK: picture size, frame rate,
 * and from the RED directory that follows the "rdi" records of a version 2 header the start
 * timecode, the reel, the camera model and serial. The layout is the one documented by ExifTool
 * (big-endian; the first block is an int32 length and "RED1" or "RED2"; in RED2, at 0x40 the count
 * of 0x18-byte "rdi" records from 0x44, width at 0x4c, height at 0x50, the rate as three int16
 * (denominator, numerator high, low) at 0x56; then the directory: an int16 length and entries of
 * int16 length, int16 tag, value, the tag's top four bits its format, 1 = text). The frame count is
 * not in the header: an R3D's duration is unknown here.
 */
public record R3dHeader(
        int width, int height, FrameRate rate, Timecode start, String reel, String model, String serial) {
    private static final int MAX_BLOCK = 1 << 16;
    private static final int TAG_START_TIMECODE = 0x1001;
    private static final int TAG_SERIAL = 0x1006;
    private static final int TAG_REEL = 0x101a;
    private static final int TAG_MODEL = 0x1071;

    /** The header of {@code file}; CORRUPT when it is not an R3D file or its header is cut short. */
    public static R3dHeader read(Path file) {
        String name = file.getFileName().toString();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer head = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN);
            ch.read(head, 0);
            if (head.position() < 8) {
                throw corrupt(name, "shorter than an R3D header (" + ch.size() + " bytes)");
            }
            long size = Integer.toUnsignedLong(head.getInt(0));
            String magic = new String(head.array(), 4, 4, StandardCharsets.ISO_8859_1);
            if (!magic.equals("RED1") && !magic.equals("RED2")) {
                throw corrupt(name, "does not start with an R3D header (RED1 or RED2 at byte 4)");
            }
            if (size < 0x40 || size > MAX_BLOCK || size > ch.size()) {
                throw corrupt(name, "R3D header block of " + size + " bytes in a file of " + ch.size() + " bytes");
            }
            ByteBuffer b = ByteBuffer.allocate((int) size).order(ByteOrder.BIG_ENDIAN);
            while (b.hasRemaining() && ch.read(b, b.position()) > 0) {}
            return magic.equals("RED2") ? red2(name, b) : red1(name, b);
        } catch (IOException e) {
            throw GatewayException.io(name + ": cannot read the R3D header: " + e.getMessage(), e);
        }
    }

    private static R3dHeader red1(String name, ByteBuffer b) {
        int width = u16(b, 0x36);
        int height = u16(b, 0x3a);
        FrameRate rate = rate(name, u16(b, 0x3e), u16(b, 0x40));
        return new R3dHeader(width, height, rate, null, null, null, null);
    }

    private static R3dHeader red2(String name, ByteBuffer b) {
        int records = b.get(0x40) & 0xff;
        int dir = 0x44 + records * 0x18;
        if (b.limit() < 0x5c || dir + 2 > b.limit()) {
            throw corrupt(
                    name, "R3D header of " + b.limit() + " bytes is shorter than its " + records + " rdi records");
        }
        int width = (int) Integer.toUnsignedLong(b.getInt(0x4c));
        int height = (int) Integer.toUnsignedLong(b.getInt(0x50));
        long num = ((long) u16(b, 0x58) << 16) | u16(b, 0x5a);
        FrameRate rate = rate(name, num, u16(b, 0x56));
        int end = Math.min(b.limit(), dir + 2 + u16(b, dir));
        String tc = null;
        String reel = null;
        String model = null;
        String serial = null;
        for (int pos = dir + 2; pos + 4 <= end; ) {
            int len = u16(b, pos);
            int tag = u16(b, pos + 2);
            if (len < 4 || pos + len > end) {
                break;
            }
            if (tag >> 12 == 1) {
                String text = new String(b.array(), pos + 4, len - 4, StandardCharsets.ISO_8859_1)
                        .replaceAll("\u0000+$", "")
                        .trim();
                switch (tag) {
                    case TAG_START_TIMECODE -> tc = text;
                    case TAG_REEL -> reel = text;
                    case TAG_MODEL -> model = text;
                    case TAG_SERIAL -> serial = text;
                    default -> {}
                }
            }
            pos += len;
        }
        Timecode start = null;
        if (tc != null && !tc.isEmpty() && rate != null) {
            try {
                start = Timecode.parse(tc, rate);
            } catch (GatewayException e) {
                throw corrupt(name, "R3D start timecode '" + tc + "' is not a timecode: " + e.getMessage());
            }
        }
        return new R3dHeader(width, height, rate, start, emptyToNull(reel), emptyToNull(model), emptyToNull(serial));
    }

    /** The camera as the catalogue records it (RED the make), or null when the header names no model or serial. */
    public MediaInfo.Camera camera() {
        return model == null && serial == null ? null : new MediaInfo.Camera("RED", model, serial);
    }

    private static FrameRate rate(String name, long numerator, long denominator) {
        if (numerator <= 0 || denominator <= 0) {
            return null;
        }
        return FrameRate.of(numerator, denominator);
    }

    private static int u16(ByteBuffer b, int at) {
        return b.getShort(at) & 0xffff;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static GatewayException corrupt(String name, String problem) {
        return new GatewayException(Reason.CORRUPT, name + ": " + problem);
    }
}
