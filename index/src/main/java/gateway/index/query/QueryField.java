package gateway.index.query;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The fields people can name in a query ({@code reel:A003}), with their spellings and what values they take. */
public enum QueryField {
    NAME(Kind.TEXT, "name", "clip"),
    FILE(Kind.TEXT, "file", "filename"),
    PATH(Kind.TEXT, "path"),
    CAMERA(Kind.TEXT, "camera", "cam"),
    REEL(Kind.KEYWORD, "reel", "tape"),
    MAKE(Kind.KEYWORD, "make"),
    MODEL(Kind.KEYWORD, "model"),
    SERIAL(Kind.KEYWORD, "serial"),
    CODEC(Kind.KEYWORD, "codec"),
    CONTAINER(Kind.KEYWORD, "container", "format"),
    RESOLUTION(Kind.KEYWORD, "res", "resolution"),
    TAG(Kind.KEYWORD, "tag", "tags"),
    STATUS(Kind.KEYWORD, "status"),
    /** What an assistant was warned of at ingest: {@code warning:conflict}, {@code warning:any} (see AssetDocument). */
    WARNING(Kind.KEYWORD, "warning", "warnings"),
    ID(Kind.KEYWORD, "id", "asset"),
    /** The sequences that use the asset: {@code used:trailer}, {@code used:"reel 3 v12"}, {@code used:any}. */
    USED(Kind.TEXT, "used", "usedin", "sequence"),
    PROJECT(Kind.KEYWORD, "project"),
    /** {@code meta.<key>:value}; the term's value is {@code key=value}. */
    META(Kind.KEYWORD, "meta"),
    FPS(Kind.RATE, "fps", "rate"),
    DURATION(Kind.DURATION, "duration", "dur"),
    CHANNELS(Kind.COUNT, "channels", "ch"),
    WIDTH(Kind.COUNT, "width"),
    HEIGHT(Kind.COUNT, "height"),
    INGESTED(Kind.DATE, "ingested", "date"),
    TC(Kind.TIMECODE, "tc", "timecode");

    /** What a field's values are. */
    public enum Kind {
        /** Words: matched by word, by whole value, or as a phrase. */
        TEXT,
        /** One whole value, case-insensitive. */
        KEYWORD,
        /** A frame rate; comparable. */
        RATE,
        /** A length in frames (f) or time (ms, s, m, h); comparable. */
        DURATION,
        /** A whole number; comparable. */
        COUNT,
        /** A day (2026-05-03) or an instant (2026-05-03T10:00:00Z); comparable. */
        DATE,
        /** A timecode label that an asset's range must cover. */
        TIMECODE
    }

    private final Kind kind;
    private final List<String> names;

    QueryField(Kind kind, String... names) {
        this.kind = kind;
        this.names = List.of(names);
    }

    public Kind kind() {
        return kind;
    }

    /** The name shown in messages. */
    public String displayName() {
        return names.get(0);
    }

    public boolean isComparable() {
        return kind == Kind.RATE || kind == Kind.DURATION || kind == Kind.COUNT || kind == Kind.DATE;
    }

    /** The field a typed name means (case-insensitive), if any. */
    public static Optional<QueryField> named(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> f.names.contains(n)).findFirst();
    }

    /** "name, file, path, ..." for error messages. */
    public static String known() {
        return Arrays.stream(values())
                .map(f -> f == META ? "meta.<key>" : f.displayName())
                .collect(Collectors.joining(", "));
    }
}
