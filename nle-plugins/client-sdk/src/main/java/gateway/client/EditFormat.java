package gateway.client;

import gateway.protos.conform.v1.ConformResponse;

/** Edit interchange formats the gateway reads and writes. */
public enum EditFormat {
    /** CMX 3600 edit decision list (.edl). */
    CMX3600_EDL,
    /** Final Cut Pro 7 XML / xmeml (.xml), as Premiere and Resolve export it. */
    FCP7_XML,
    /** Final Cut Pro X XML (.fcpxml). */
    FCPXML,
    /** OpenTimelineIO JSON (.otio). */
    OTIO;

    /** The wire value; null (detect, or "same as the input") is UNSPECIFIED. */
    static gateway.protos.conform.v1.EditFormat toProto(EditFormat format) {
        if (format == null) {
            return gateway.protos.conform.v1.EditFormat.EDIT_FORMAT_UNSPECIFIED;
        }
        return switch (format) {
            case CMX3600_EDL -> gateway.protos.conform.v1.EditFormat.EDIT_FORMAT_CMX3600_EDL;
            case FCP7_XML -> gateway.protos.conform.v1.EditFormat.EDIT_FORMAT_FCP7_XML;
            case FCPXML -> gateway.protos.conform.v1.EditFormat.EDIT_FORMAT_FCPXML;
            case OTIO -> gateway.protos.conform.v1.EditFormat.EDIT_FORMAT_OTIO;
        };
    }

    /** The format of a conform's output; null when the server did not say or sent a newer value. */
    static EditFormat of(ConformResponse response) {
        return switch (response.getConformedFormat()) {
            case EDIT_FORMAT_CMX3600_EDL -> CMX3600_EDL;
            case EDIT_FORMAT_FCP7_XML -> FCP7_XML;
            case EDIT_FORMAT_FCPXML -> FCPXML;
            case EDIT_FORMAT_OTIO -> OTIO;
            case EDIT_FORMAT_UNSPECIFIED, UNRECOGNIZED -> null;
        };
    }
}
