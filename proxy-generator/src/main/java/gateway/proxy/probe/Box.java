package gateway.proxy.probe;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One ISO-BMFF / QuickTime box held in memory: its four-character type and its payload (the bytes
 * after the header, big-endian, position 0). Children are parsed on demand and bounds-checked: a
 * box that claims more bytes than its parent holds is {@link Reason#CORRUPT}.
 */
record Box(String type, ByteBuffer payload) {

    /** The boxes that follow each other in {@code region} from its current position to its limit. */
    static List<Box> sequence(ByteBuffer region, String where) {
        ByteBuffer in = region.slice().order(ByteOrder.BIG_ENDIAN);
        List<Box> boxes = new ArrayList<>();
        while (in.remaining() >= 8) {
            int start = in.position();
            long size = Integer.toUnsignedLong(in.getInt());
            String type = fourcc(in.getInt());
            int header = 8;
            if (size == 1) {
                if (in.remaining() < 8) {
                    throw corrupt(where, "box '" + type + "' has a truncated 64-bit size");
                }
                size = in.getLong();
                header = 16;
            } else if (size == 0) {
                size = in.limit() - start;
            }
            if (size < header || size > in.limit() - start) {
                throw corrupt(
                        where,
                        "box '" + type + "' at byte " + start + " claims " + size + " bytes but its parent holds "
                                + (in.limit() - start));
            }
            ByteBuffer payload = in.slice(start + header, (int) size - header).order(ByteOrder.BIG_ENDIAN);
            boxes.add(new Box(type, payload));
            in.position(start + (int) size);
        }
        return boxes;
    }

    /** The child boxes of this box, which starts with {@code skip} bytes of its own fields. */
    List<Box> children(int skip, String where) {
        if (payload.limit() < skip) {
            throw corrupt(where, "box '" + type + "' is shorter than its " + skip + "-byte header");
        }
        return sequence(payload.slice(skip, payload.limit() - skip), where + "/" + type);
    }

    List<Box> children(String where) {
        return children(0, where);
    }

    Optional<Box> child(String childType, String where) {
        return children(where).stream().filter(b -> b.type.equals(childType)).findFirst();
    }

    List<Box> all(String childType, String where) {
        return children(where).stream().filter(b -> b.type.equals(childType)).toList();
    }

    /** A reader over the payload, big-endian, bounds-checked against the payload. */
    Fields fields(String where) {
        return new Fields(payload.duplicate().order(ByteOrder.BIG_ENDIAN), where + "/" + type);
    }

    static String fourcc(int code) {
        byte[] b = {(byte) (code >>> 24), (byte) (code >>> 16), (byte) (code >>> 8), (byte) code};
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    static GatewayException corrupt(String where, String problem) {
        return new GatewayException(Reason.CORRUPT, where + ": " + problem);
    }

    /** Sequential big-endian reads that fail as CORRUPT (naming the box) instead of throwing BufferUnderflow. */
    static final class Fields {
        private final ByteBuffer in;
        private final String where;

        Fields(ByteBuffer in, String where) {
            this.in = in;
            this.where = where;
        }

        int remaining() {
            return in.remaining();
        }

        Fields skip(int n) {
            need(n);
            in.position(in.position() + n);
            return this;
        }

        int u8() {
            need(1);
            return in.get() & 0xFF;
        }

        int u16() {
            need(2);
            return in.getShort() & 0xFFFF;
        }

        long u32() {
            need(4);
            return Integer.toUnsignedLong(in.getInt());
        }

        int i32() {
            need(4);
            return in.getInt();
        }

        long u64() {
            need(8);
            return in.getLong();
        }

        double f64() {
            need(8);
            return in.getDouble();
        }

        String fourcc() {
            need(4);
            return Box.fourcc(in.getInt());
        }

        String text(int n, java.nio.charset.Charset charset) {
            need(n);
            byte[] b = new byte[n];
            in.get(b);
            return new String(b, charset);
        }

        /** The rest of the payload as text, without trailing NULs. */
        String rest(java.nio.charset.Charset charset) {
            return text(in.remaining(), charset).replaceAll("\u0000+$", "");
        }

        private void need(int n) {
            if (n < 0 || in.remaining() < n) {
                throw corrupt(where, "field of " + n + " bytes runs past the end of the box");
            }
        }
    }
}
