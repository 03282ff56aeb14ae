package gateway.proxy.probe;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Text tags from QuickTime user data: classic items ("©mak", "©mod", "name") and metadata boxes
 * (ilst items named by a four-character code such as "©cmt", or by a key such as
 * "com.apple.quicktime.make"). Non-text values are skipped.
 */
final class UserData {
    private static final int UTF8 = 1;

    private UserData() {}

    static Map<String, String> read(Box udta, String at) {
        Map<String, String> tags = new LinkedHashMap<>();
        String here = at + "/udta";
        for (Box item : udta.children(here)) {
            String type = item.type();
            if (type.equals("meta")) {
                tags.putAll(meta(item, here));
            } else if (type.equals("name")) {
                String name = SampleTable.nameBox(item, here);
                if (name != null) {
                    tags.put("name", name);
                }
            } else if (type.charAt(0) == '\u00a9') {
                String text = classicText(item, here);
                if (text != null) {
                    tags.put(type, text);
                }
            }
        }
        return tags;
    }

    /** A metadata box: QuickTime style (no version field) or MP4 style (a full box). */
    static Map<String, String> meta(Box meta, String at) {
        String here = at + "/meta";
        ByteBuffer p = meta.payload();
        boolean fullBox = p.limit() >= 12
                && !Box.fourcc(p.getInt(4)).equals("hdlr")
                && Box.fourcc(p.getInt(8)).matches("hdlr|keys|ilst");
        List<String> keys = new ArrayList<>();
        Map<String, String> tags = new LinkedHashMap<>();
        List<Box> children = meta.children(fullBox ? 4 : 0, at);
        for (Box child : children) {
            if (child.type().equals("keys")) {
                Box.Fields k = child.fields(here);
                k.skip(4);
                long n = k.u32();
                for (long i = 0; i < n; i++) {
                    long size = k.u32();
                    k.skip(4); // namespace, usually 'mdta'
                    if (size < 8 || size - 8 > k.remaining()) {
                        throw Box.corrupt(here + "/keys", "key " + (i + 1) + " claims " + size + " bytes");
                    }
                    keys.add(k.text((int) (size - 8), StandardCharsets.UTF_8));
                }
            }
        }
        for (Box child : children) {
            if (!child.type().equals("ilst")) {
                continue;
            }
            for (Box item : child.children(here)) {
                String key = item.type();
                if (key.charAt(0) < 0x20) { // a 1-based index into the keys box
                    int n = (key.charAt(0) << 24) | (key.charAt(1) << 16) | (key.charAt(2) << 8) | key.charAt(3);
                    if (n < 1 || n > keys.size()) {
                        continue;
                    }
                    key = keys.get(n - 1);
                }
                String text = dataText(item, here + "/ilst");
                if (text != null) {
                    tags.put(key, text);
                }
            }
        }
        return tags;
    }

    private static String dataText(Box item, String at) {
        for (Box data : item.all("data", at)) {
            Box.Fields d = data.fields(at);
            long type = d.u32();
            d.skip(4);
            if (type == UTF8) {
                return d.rest(StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static String classicText(Box item, String at) {
        ByteBuffer p = item.payload();
        if (p.limit() >= 8 && Box.fourcc(p.getInt(4)).equals("data")) {
            return dataText(item, at);
        }
        Box.Fields f = item.fields(at);
        if (f.remaining() < 4) {
            return null;
        }
        int length = f.u16();
        f.skip(2);
        return length <= f.remaining() ? f.text(length, StandardCharsets.UTF_8).trim() : null;
    }
}
