package gateway.relink.read.aaf;

/**
 * The AAF classes the reader acts on, told by the object's class id: SMPTE class AUIDs {@code
 * 0D010101-0101-XX00-060E-2B3402060101} (AAF object specification, the "built-in" classes). Any
 * other class (an extension, a descriptor) is {@link #OTHER}: read through its properties where a
 * known property is enough, otherwise reported.
 */
enum AafClass {
    EDGECODE("0400"),
    ESSENCE_GROUP("0500"),
    COMMENT_MARKER("0800"),
    FILLER("0900"),
    OPERATION_GROUP("0A00"),
    NESTED_SCOPE("0B00"),
    PULLDOWN("0C00"),
    SCOPE_REFERENCE("0D00"),
    SELECTOR("0E00"),
    SEQUENCE("0F00"),
    SOURCE_CLIP("1100"),
    TIMECODE("1400"),
    TRANSITION("1700"),
    CONSTANT_VALUE("3D00"),
    VARYING_VALUE("3E00"),
    TAPE_DESCRIPTOR("2E00"),
    COMPOSITION_MOB("3500"),
    MASTER_MOB("3600"),
    SOURCE_MOB("3700"),
    EVENT_MOB_SLOT("3900"),
    STATIC_MOB_SLOT("3A00"),
    TIMELINE_MOB_SLOT("3B00"),
    DESCRIPTIVE_MARKER("4100"),
    OTHER("");

    private static final String PREFIX = "0D010101-0101-";
    private static final String SUFFIX = "-060E-2B3402060101";

    private final String code;

    AafClass(String code) {
        this.code = code;
    }

    static AafClass of(String classId) {
        if (classId.startsWith(PREFIX) && classId.endsWith(SUFFIX)) {
            String c = classId.substring(PREFIX.length(), PREFIX.length() + 4);
            for (AafClass k : values()) {
                if (k.code.equals(c)) {
                    return k;
                }
            }
        }
        return OTHER;
    }

    /** A readable name for messages ({@code SourceClip}). */
    String label() {
        StringBuilder b = new StringBuilder();
        for (String part : name().split("_")) {
            b.append(part.charAt(0)).append(part.substring(1).toLowerCase(java.util.Locale.ROOT));
        }
        return b.toString();
    }
}
