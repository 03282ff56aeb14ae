package gateway.relink.read;

/** The edit formats the gateway knows by name; the ones it reads are listed by {@link EditFormats}. */
public enum EditFormat {
    CMX_3600("edl"),
    OTIO_JSON("otio"),
    FCP7_XML("xml"),
    FCPXML("fcpxml"),
    /** Avid Log Exchange: a bin of source clips, read as one track of clips end to end. */
    ALE("ale"),
    /** Advanced Authoring Format (Media Composer, Premiere Pro, Resolve): read, not written. */
    AAF("aaf");

    private final String extension;

    EditFormat(String extension) {
        this.extension = extension;
    }

    /** The usual file extension, without the dot. */
    public String extension() {
        return extension;
    }
}
