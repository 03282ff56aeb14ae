package gateway.relink;

import gateway.model.error.GatewayException;
import java.util.Locale;

/** What conform and convert write: OTIO JSON or a CMX 3600 list. */
public enum TargetFormat {
    OTIO("otio"),
    EDL("edl");

    private final String extension;

    TargetFormat(String extension) {
        this.extension = extension;
    }

    public String extension() {
        return extension;
    }

    /** "otio" or "edl" (any case), as given on the command line. */
    public static TargetFormat parse(String name) {
        if (name != null) {
            switch (name.strip().toLowerCase(Locale.ROOT)) {
                case "otio", "otio_json", "json" -> {
                    return OTIO;
                }
                case "edl", "cmx", "cmx3600", "cmx_3600" -> {
                    return EDL;
                }
                default -> {}
            }
        }
        throw GatewayException.invalid("target format '" + name + "' is not one of: otio, edl");
    }
}
