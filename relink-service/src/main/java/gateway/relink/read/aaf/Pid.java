package gateway.relink.read.aaf;

/** AAF property ids of the built-in classes that the reader reads (AAF object specification). */
final class Pid {
    private Pid() {}

    // Root and Header
    static final int ROOT_META_DICTIONARY = 0x0001;
    static final int ROOT_HEADER = 0x0002;
    static final int HEADER_CONTENT = 0x3B03;
    static final int HEADER_DICTIONARY = 0x3B04;
    static final int HEADER_VERSION = 0x3B05;
    static final int HEADER_IDENTIFICATIONS = 0x3B06;
    static final int CONTENT_MOBS = 0x1901;
    // Identification
    static final int IDENT_COMPANY = 0x3C01;
    static final int IDENT_PRODUCT = 0x3C02;
    static final int IDENT_VERSION_STRING = 0x3C04;
    // Definitions (dictionary entries) and the meta dictionary
    static final int DEF_ID = 0x1B01;
    static final int DEF_NAME = 0x1B02;
    static final int META_CLASSES = 0x0003;
    static final int META_CLASS_PROPERTIES = 0x0009;
    static final int META_NAME = 0x0006;
    static final int META_LOCAL_ID = 0x000D;
    // Mob
    static final int MOB_ID = 0x4401;
    static final int MOB_NAME = 0x4402;
    static final int MOB_SLOTS = 0x4403;
    static final int MOB_USER_COMMENTS = 0x4406;
    static final int MOB_USAGE_CODE = 0x4408;
    static final int SOURCE_MOB_DESCRIPTOR = 0x4701;
    // Slots
    static final int SLOT_ID = 0x4801;
    static final int SLOT_NAME = 0x4802;
    static final int SLOT_SEGMENT = 0x4803;
    static final int SLOT_PHYSICAL_TRACK = 0x4804;
    static final int TIMELINE_SLOT_EDIT_RATE = 0x4B01;
    static final int TIMELINE_SLOT_ORIGIN = 0x4B02;
    static final int EVENT_SLOT_EDIT_RATE = 0x4901;
    // Components
    static final int COMPONENT_DATA_DEF = 0x0201;
    static final int COMPONENT_LENGTH = 0x0202;
    static final int COMPONENT_USER_COMMENTS = 0x0204;
    static final int SEQUENCE_COMPONENTS = 0x1001;
    static final int SOURCE_ID = 0x1101;
    static final int SOURCE_SLOT_ID = 0x1102;
    static final int SOURCE_CLIP_START = 0x1201;
    static final int TIMECODE_START = 0x1501;
    static final int TIMECODE_FPS = 0x1502;
    static final int TIMECODE_DROP = 0x1503;
    static final int TRANSITION_OPERATION = 0x1801;
    static final int TRANSITION_CUT_POINT = 0x1802;
    static final int OPERATION_DEF = 0x0B01;
    static final int OPERATION_INPUTS = 0x0B02;
    static final int OPERATION_PARAMETERS = 0x0B03;
    static final int NESTED_SCOPE_SLOTS = 0x0C01;
    static final int PULLDOWN_INPUT = 0x0D01;
    static final int SCOPE_REF_RELATIVE_SCOPE = 0x0E01;
    static final int SCOPE_REF_RELATIVE_SLOT = 0x0E02;
    static final int SELECTOR_SELECTED = 0x0F01;
    static final int ESSENCE_GROUP_CHOICES = 0x0501;
    static final int EVENT_POSITION = 0x0601;
    static final int EVENT_COMMENT = 0x0602;
    static final int DESCRIBED_SLOTS = 0x6102;
    // Parameters and tagged values
    static final int PARAMETER_DEF = 0x4C01;
    static final int CONSTANT_VALUE = 0x4D01;
    static final int VARYING_POINTS = 0x4E02;
    static final int CONTROL_POINT_VALUE = 0x1A02;
    static final int CONTROL_POINT_TIME = 0x1A03;
    static final int TAGGED_NAME = 0x5001;
    static final int TAGGED_VALUE = 0x5003;
    // Descriptors and locators
    static final int DESCRIPTOR_LOCATORS = 0x2F01;
    static final int NETWORK_LOCATOR_URL = 0x4001;
}
