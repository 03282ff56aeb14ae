package gateway.relink.read.aaf;

import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * What the file defines: the names of its definitions (operations, parameters, data kinds) by AUID, from
 * the Header's Dictionary, and the ids of the properties that extensions add (Avid's
 * {@code MobAttributeList}, {@code CommentMarkerColor}...), by name, from the MetaDictionary. Extension
 * property ids differ from file to file ({@code 0xffcb} in one, {@code 0xffcc} in the next): they are
 * only ever looked up by name here.
 */
final class AafDictionary {
    private final Map<String, String> names = new HashMap<>();
    private final Map<String, Integer> propertyIds = new HashMap<>();

    AafDictionary(AafObject root, AafObject header) {
        header.child(Pid.HEADER_DICTIONARY).ifPresent(dictionary -> {
            for (int pid = 0x2601; pid <= 0x260F; pid++) {
                for (AafObject def : dictionary.children(pid)) {
                    byte[] id = def.raw(Pid.DEF_ID);
                    if (id != null && id.length >= 16) {
                        names.put(HexFormat.of().formatHex(id, 0, 16), def.string(Pid.DEF_NAME, ""));
                    }
                }
            }
        });
        root.child(Pid.ROOT_META_DICTIONARY).ifPresent(meta -> {
            for (AafObject cls : meta.children(Pid.META_CLASSES)) {
                for (AafObject prop : cls.children(Pid.META_CLASS_PROPERTIES)) {
                    if (prop.has(Pid.META_LOCAL_ID)) {
                        propertyIds.putIfAbsent(prop.string(Pid.META_NAME, ""), prop.uint16(Pid.META_LOCAL_ID));
                    }
                }
            }
        });
    }

    /** The name of the definition with AUID {@code idHex} (as stored), if the dictionary has it. */
    Optional<String> name(String idHex) {
        return Optional.ofNullable(names.get(idHex)).filter(n -> !n.isEmpty());
    }

    /** The id of the property called {@code name}, built in or added by an extension. */
    Optional<Integer> propertyId(String name) {
        return Optional.ofNullable(propertyIds.get(name));
    }

    /** An indirect value (byte order, type AUID, value) as text when it is a string, else empty. */
    static Optional<String> indirectString(byte[] v, ByteOrder order) {
        if (v == null || v.length < 17) {
            return Optional.empty();
        }
        // a string's value: UTF-16 with a terminating zero; anything else (a number, a rational) is not text
        if ((v.length - 17) % 2 != 0) {
            return Optional.empty();
        }
        return Optional.of(AafObject.utf16(v, 17, order));
    }

    /** An indirect rational value (numerator, denominator), if that is what {@code v} holds. */
    static Optional<long[]> indirectRational(byte[] v, ByteOrder order) {
        if (v == null || v.length != 17 + 8) {
            return Optional.empty();
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(v, 17, 8).order(order);
        return Optional.of(new long[] {b.getInt(), b.getInt()});
    }
}
