package gateway.relink.read.aaf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.poi.poifs.filesystem.DirectoryEntry;

/**
 * One AAF object: its class (the storage's class id) and its properties, read from its {@code
 * properties} stream (byte order, version, count, then per property its id, stored form and length,
 * then the values). Typed accessors read a property's value; a property of the wrong size is a parse
 * error naming the object and the property id, never a wrong number.
 */
final class AafObject {
    /** Stored forms (how a property's value is kept). */
    static final int SF_DATA = 0x82;

    static final int SF_STRONG_REF = 0x22;
    static final int SF_STRONG_VECTOR = 0x32;
    static final int SF_STRONG_SET = 0x3A;
    static final int SF_WEAK_REF = 0x02;

    private final AafStore store;
    private final DirectoryEntry dir;
    private final String path;
    private final String classId;
    private final Map<Integer, Property> properties = new LinkedHashMap<>();
    private ByteOrder order = ByteOrder.LITTLE_ENDIAN;

    private record Property(int form, byte[] value) {}

    AafObject(AafStore store, DirectoryEntry dir, String path) {
        this.store = store;
        this.dir = dir;
        this.path = path;
        this.classId = dir.getStorageClsid() == null
                ? ""
                : dir.getStorageClsid().toString().replaceAll("[{}]", "").toUpperCase(java.util.Locale.ROOT);
        readProperties();
    }

    private void readProperties() {
        byte[] bytes = store.stream(dir, "properties", path);
        if (bytes == null) {
            return;
        }
        if (bytes.length < 4) {
            throw store.failure(path, "its property list is " + bytes.length + " bytes long (truncated)");
        }
        order = bytes[0] == 'B' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        ByteBuffer b = ByteBuffer.wrap(bytes).order(order);
        b.position(2);
        int count = Short.toUnsignedInt(b.getShort());
        if (4 + 6L * count > bytes.length) {
            throw store.failure(path, "its property list says " + count + " properties in " + bytes.length + " bytes");
        }
        int[] pids = new int[count];
        int[] forms = new int[count];
        int[] lengths = new int[count];
        for (int i = 0; i < count; i++) {
            pids[i] = Short.toUnsignedInt(b.getShort());
            forms[i] = Short.toUnsignedInt(b.getShort());
            lengths[i] = Short.toUnsignedInt(b.getShort());
        }
        for (int i = 0; i < count; i++) {
            if (lengths[i] > b.remaining()) {
                throw store.failure(
                        path,
                        String.format(
                                "property 0x%04x says %d bytes, %d are left (truncated)",
                                pids[i], lengths[i], b.remaining()));
            }
            byte[] v = new byte[lengths[i]];
            b.get(v);
            properties.put(pids[i], new Property(forms[i], v));
        }
    }

    String path() {
        return path;
    }

    /** The class id as printed in a GUID ({@code 0D010101-0101-3500-060E-2B3402060101} for CompositionMob). */
    String classId() {
        return classId;
    }

    AafClass type() {
        return AafClass.of(classId);
    }

    boolean has(int pid) {
        return properties.containsKey(pid);
    }

    private ByteBuffer data(int pid, int size) {
        Property p = properties.get(pid);
        if (p == null) {
            throw store.failure(path, String.format("property 0x%04x is missing", pid));
        }
        if (size >= 0 && p.value.length < size) {
            throw store.failure(
                    path, String.format("property 0x%04x is %d bytes, %d expected", pid, p.value.length, size));
        }
        return ByteBuffer.wrap(p.value).order(order);
    }

    long int64(int pid) {
        return data(pid, 8).getLong();
    }

    long int64(int pid, long otherwise) {
        return has(pid) ? int64(pid) : otherwise;
    }

    int int32(int pid) {
        return data(pid, 4).getInt();
    }

    int int32(int pid, int otherwise) {
        return has(pid) ? int32(pid) : otherwise;
    }

    int uint16(int pid) {
        return Short.toUnsignedInt(data(pid, 2).getShort());
    }

    int uint8(int pid, int otherwise) {
        return has(pid) ? Byte.toUnsignedInt(data(pid, 1).get()) : otherwise;
    }

    /** A rational (two int32: numerator, denominator). */
    long[] rational(int pid) {
        ByteBuffer b = data(pid, 8);
        return new long[] {b.getInt(), b.getInt()};
    }

    /** A UTF-16 string (null-terminated), or {@code otherwise} when absent. */
    String string(int pid, String otherwise) {
        if (!has(pid)) {
            return otherwise;
        }
        return utf16(properties.get(pid).value, 0, order);
    }

    static String utf16(byte[] v, int offset, ByteOrder order) {
        int end = offset;
        while (end + 1 < v.length && (v[end] != 0 || v[end + 1] != 0)) {
            end += 2;
        }
        return new String(
                v,
                offset,
                end - offset,
                order == ByteOrder.BIG_ENDIAN ? StandardCharsets.UTF_16BE : StandardCharsets.UTF_16LE);
    }

    /** The raw bytes of a property (a MobID, an AUID, an indirect value), or null. */
    byte[] raw(int pid) {
        Property p = properties.get(pid);
        return p == null ? null : p.value.clone();
    }

    ByteOrder order() {
        return order;
    }

    /** A MobID (32 bytes) as hex, the key mobs are found by. */
    String mobId(int pid) {
        return HexFormat.of().formatHex(data(pid, 32).array(), 0, 32);
    }

    /** The 16-byte key of a weak reference (a definition's AUID), as hex; empty when absent. */
    String weakKey(int pid) {
        Property p = properties.get(pid);
        if (p == null || p.form != SF_WEAK_REF || p.value.length < 21) {
            return "";
        }
        return HexFormat.of().formatHex(p.value, p.value.length - 16, p.value.length);
    }

    /** The object a strong reference points at. */
    Optional<AafObject> child(int pid) {
        Property p = properties.get(pid);
        if (p == null || p.form != SF_STRONG_REF) {
            return Optional.empty();
        }
        String name = utf16(p.value, 0, order);
        String at = path + name + "/";
        return Optional.of(store.object(store.storage(dir, name, at), at));
    }

    /** The objects of a strong-reference vector (in order) or set. */
    List<AafObject> children(int pid) {
        Property p = properties.get(pid);
        if (p == null || (p.form != SF_STRONG_VECTOR && p.form != SF_STRONG_SET)) {
            return List.of();
        }
        String name = utf16(p.value, 0, order);
        byte[] index = store.stream(dir, name + " index", path);
        if (index == null || index.length < 12) {
            throw store.failure(path, "the index of collection '" + name + "' is missing or truncated");
        }
        ByteBuffer b = ByteBuffer.wrap(index).order(order);
        long count = Integer.toUnsignedLong(b.getInt());
        b.getInt(); // first free key
        b.getInt(); // last free key
        int identSize = 0;
        if (p.form == SF_STRONG_SET) {
            if (b.remaining() < 3) {
                throw store.failure(path, "the index of set '" + name + "' is truncated");
            }
            b.getShort(); // the property that identifies elements
            identSize = Byte.toUnsignedInt(b.get());
        }
        long entry = 4L + (p.form == SF_STRONG_SET ? 4 + identSize : 0);
        if (count * entry > b.remaining()) {
            throw store.failure(
                    path,
                    "collection '" + name + "' says " + count + " elements in an index of " + index.length + " bytes");
        }
        List<AafObject> out = new ArrayList<>((int) count);
        for (long i = 0; i < count; i++) {
            long key = Integer.toUnsignedLong(b.getInt());
            if (p.form == SF_STRONG_SET) {
                b.getInt(); // reference count
                b.position(b.position() + identSize);
            }
            String element = name + "{" + Long.toHexString(key) + "}";
            String at = path + element + "/";
            out.add(store.object(store.storage(dir, element, at), at));
        }
        return out;
    }

    @Override
    public String toString() {
        return type() + " at " + path;
    }
}
