package gateway.proxy.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UserDataTest {

    private static byte[] box(String type, byte[]... parts) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            body.writeBytes(p);
        }
        ByteBuffer b = ByteBuffer.allocate(8 + body.size());
        b.putInt(8 + body.size())
                .put(type.getBytes(StandardCharsets.ISO_8859_1))
                .put(body.toByteArray());
        return b.array();
    }

    private static byte[] u32(long v) {
        return ByteBuffer.allocate(4).putInt((int) v).array();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] classicText(String s) {
        byte[] t = utf8(s);
        return ByteBuffer.allocate(4 + t.length)
                .putShort((short) t.length)
                .putShort((short) 0)
                .put(t)
                .array();
    }

    private static byte[] data(String s) {
        return box("data", u32(1), u32(0), utf8(s));
    }

    @Test
    void readsClassicItemsAndKeyedMetadata() {
        byte[] keys = box(
                "keys",
                u32(0),
                u32(2),
                box("mdta", utf8("com.apple.quicktime.make")),
                box("mdta", utf8("com.sony.serial")));
        byte[] ilst = box("ilst", box("\0\0\0\1", data("Sony")), box("\0\0\0\2", data("0042117")));
        byte[] meta = box("meta", box("hdlr", new byte[25]), keys, ilst);
        byte[] udta = box("udta", box("\u00a9mod", classicText("FX6")), box("\u00a9cmt", data("hello")), meta);

        Box parsed = Box.sequence(ByteBuffer.wrap(udta), "test").get(0);
        Map<String, String> tags = UserData.read(parsed, "test");

        assertEquals("FX6", tags.get("\u00a9mod"));
        assertEquals("hello", tags.get("\u00a9cmt"));
        assertEquals("Sony", tags.get("com.apple.quicktime.make"));
        assertEquals("0042117", tags.get("com.sony.serial"));
    }
}
