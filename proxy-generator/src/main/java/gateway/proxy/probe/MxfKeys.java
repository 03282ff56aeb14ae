package gateway.proxy.probe;

/**
 * The SMPTE universal labels (16-byte KLV keys, ST 377-1) our MXF readers tell apart, in one place:
 * the probe's index check and the range restore read the same structures. The version byte (7) of
 * a key is not compared where writers differ in it.
 */
public final class MxfKeys {
    /** A KLV fill item's key (the version byte as current writers set it). */
    public static final byte[] FILL = {
        0x06, 0x0e, 0x2b, 0x34, 0x01, 0x01, 0x01, 0x02, 0x03, 0x01, 0x02, 0x10, 0x01, 0x00, 0x00, 0x00
    };

    private MxfKeys() {}

    /** 06.0e.2b.34.02.05.01.01.0d.01.02.01.01.{02,03,04}.xx.00: a header, body or footer partition pack. */
    public static boolean isPartitionPack(byte[] k) {
        return packOfKind(k) && k[13] >= 0x02 && k[13] <= 0x04;
    }

    /** 06.0e.2b.34.02.05.01.01.0d.01.02.01.01.11.01.00: the random index pack at the end of the file. */
    public static boolean isRandomIndexPack(byte[] k) {
        return packOfKind(k) && k[13] == 0x11;
    }

    /** 06.0e.2b.34.02.53.01.01.0d.01.02.01.01.10.01.00 (byte 7, the registry version, aside): an index table segment. */
    public static boolean isIndexSegment(byte[] k) {
        return prefix(k, 0x06, 0x0e, 0x2b, 0x34, 0x02, 0x53, 0x01) && structure(k) && k[13] == 0x10 && k[14] == 0x01;
    }

    /** A generic container element or system item: 06.0e.2b.34.xx.xx.xx.xx.0d.01.03.01. */
    public static boolean isEssence(byte[] k) {
        return prefix(k, 0x06, 0x0e, 0x2b, 0x34)
                && (k[8] & 0xff) == 0x0d
                && k[9] == 0x01
                && k[10] == 0x03
                && k[11] == 0x01;
    }

    /** 06.0e.2b.34.01.01.01.xx.03.01.02.10.01.00.00.00 (byte 7, the version, aside): a fill item. */
    public static boolean isFill(byte[] k) {
        for (int i = 0; i < 16; i++) {
            if (i != 7 && k[i] != FILL[i]) {
                return false;
            }
        }
        return true;
    }

    /** 06.0e.2b.34.02.05.01 then 0d.01.02.01.01: a pack of MXF's file structure. */
    private static boolean packOfKind(byte[] k) {
        return prefix(k, 0x06, 0x0e, 0x2b, 0x34, 0x02, 0x05, 0x01) && structure(k);
    }

    /** Bytes 8-12: 0d.01.02.01.01, the MXF file structure's registry. */
    private static boolean structure(byte[] k) {
        return (k[8] & 0xff) == 0x0d && k[9] == 0x01 && k[10] == 0x02 && k[11] == 0x01 && k[12] == 0x01;
    }

    private static boolean prefix(byte[] k, int... bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if ((k[i] & 0xff) != bytes[i]) {
                return false;
            }
        }
        return true;
    }
}
