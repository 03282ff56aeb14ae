package gateway.relink;

import gateway.model.error.GatewayException;
import java.util.Locale;

/**
 * What conform and convert write: OTIO JSON, a CMX 3600 list, FCP 7 XML (xmeml), FCPXML 1.10 or an
 * Avid Log Exchange bin.
 */
public enum TargetFormat {
    OTIO("otio"),
    EDL("edl"),
    FCP7_XML("xml"),
    FCPXML("fcpxml"),
    ALE("ale");

    private final String extension;

    TargetFormat(String extension) {
        this.extension = extension;
    }

    public String extension() {
        return extension;
    }

    /** "otio", "edl", "xml", "fcpxml" or "ale" (any case, a few aliases), as given on the command line. */
    public static TargetFormat parse(String name) {
        if (name != null) {
            switch (name.strip().toLowerCase(Locale.ROOT)) {
                case "otio", "otio_json", "json" -> {
                    return OTIO;
                }
                case "edl", "cmx", "cmx3600", "cmx_3600" -> {
                    return EDL;
                }
                case "xml", "fcp7", "fcp7xml", "fcp7_xml", "xmeml" -> {
                    return FCP7_XML;
                }
                case "fcpxml", "fcpx" -> {
                    return FCPXML;
                }
                case "ale", "avid" -> {
                    return ALE;
                }
                default -> {}
            }
        }
        throw GatewayException.invalid("target format '" + name + "' is not one of: otio, edl, xml, fcpxml, ale");
    }
}
