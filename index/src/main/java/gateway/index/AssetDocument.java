package gateway.index;

import gateway.model.asset.AudioStream;
import gateway.model.asset.Manifest;
import gateway.model.asset.MediaInfo;
import gateway.model.asset.VideoInfo;
import gateway.model.time.FrameRate;
import gateway.model.time.RationalTime;
import gateway.model.time.Timecode;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.SortedSetDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.util.BytesRef;

/** How a manifest becomes a Lucene document: the catalogue's fields, each with why it is indexed the way it is. */
final class AssetDocument {
    // keyword: the upsert / delete / byId term, matched exactly (not stored: hits read the manifest).
    static final String ID = "asset_id";
    // keyword: the project, exact (the index is per project already; kept for filters and sanity checks).
    static final String PROJECT = "project";
    // sorted doc values "project/asset": the unique, stable tie-break that makes search-after paging stable.
    static final String SORT_KEY = "sort_key";
    // stored only: the manifest that hits and lookups return, in StoredManifest's binary form
    // (entries of indexes written before it hold the manifest's JSON text; both are read).
    static final String MANIFEST = "manifest";
    // numeric doc values: the manifest version, so a reconcile can tell stale entries from current ones.
    static final String VERSION = "version";
    // text: every word people may type without a field (name, file, path, reel, camera, codec, tags, metadata).
    static final String TEXT = "text";
    // text: the words of the clip name (name:interview).
    static final String NAME_WORDS = "name_words";
    // keyword, lower-case: the whole clip name, for exact, prefix and fuzzy matches on the name.
    static final String NAME_LC = "name_lc";
    // keyword, lower-case, with and without extension (name and file name): the linker's byClipName.
    static final String CLIP_KEY = "clip_key";
    // text: the words of the original's file name.
    static final String FILE_WORDS = "file_words";
    // keyword, lower-case: the original's file name, whole (byFileName, file:NAME.MOV).
    static final String FILE_LC = "file_lc";
    // text: the folders and name of the original's path (path:day01).
    static final String PATH_WORDS = "path_words";
    // keyword, lower-case: the reel, for byReel, reel:, reel prefix and typo-tolerant reel matches.
    static final String REEL_LC = "reel_lc";
    // text: camera make, model and serial words (camera:alexa).
    static final String CAMERA_WORDS = "camera_words";
    // keyword, lower-case: camera make, model and serial, each whole.
    static final String MAKE_LC = "make_lc";
    static final String MODEL_LC = "model_lc";
    static final String SERIAL_LC = "serial_lc";
    // keyword, lower-case: the picture codec (or the first audio codec of an audio-only file) and the container.
    static final String CODEC_LC = "codec_lc";
    static final String CONTAINER_LC = "container_lc";
    // keyword "1920x1080": exact frame size.
    static final String RESOLUTION = "resolution";
    // points: frame width and height, for ranges (width:>=3840).
    static final String WIDTH = "width";
    static final String HEIGHT = "height";
    // keyword "24000/1001": the exact rate (fps:23.976 is parsed to it); also tells a query which
    // rates are present (durations in seconds). The rate as people read it is the facet's value.
    static final String FPS = "fps";
    // point: the length in frames, for ranges at each asset's rate (nothing sorts by it: no doc values).
    static final String DURATION_FRAMES = "duration_frames";
    // keyword "30000/1001;df" / "25/1:ndf": the rate and counting mode a tc: query must read its label in.
    static final String TC_MODE = "tc_mode";
    // points: the covered timecode range [tc_start, tc_end_exclusive) as frames since midnight at tc_mode's rate.
    static final String TC_START = "tc_start";
    static final String TC_END = "tc_end_exclusive";
    // point: the total audio channel count, for ranges (channels:>=8).
    static final String CHANNELS = "channels";
    // point: the ingest instant in epoch milliseconds, for date ranges.
    static final String INGESTED = "ingested";
    // keyword, lower-case, multi-valued: the tags (metadata "tags", comma- or semicolon-separated).
    static final String TAG = "tag";
    // keyword, lower-case "key=value", multi-valued: every metadata entry (meta.scene:12).
    static final String META = "meta";
    // keyword: the asset's status (metadata "status", else "proxied" once it has a rendition, else
    // "original-only" when ingest said so (camera raw without a camera proxy), else "ingested").
    static final String STATUS = "status";
    // keyword: the kinds of the media's warnings ("conflict", "timecode-break", "variable-frame-rate",
    // "av-duration", "truncated", "original-only", "other") and "any": the assistant's to-do list.
    static final String WARNING = "warning";
    // keyword "lower-case value \0 value as written", multi-valued: clip name, reel and tags, for
    // autocomplete by one seek in the sorted terms (the prefix is on the lower-case half).
    static final String SUGGEST = "suggest";

    // text: the words of the names of the sequences that use the asset (used:trailer).
    static final String USED_WORDS = "used_words";
    // keyword, lower-case, multi-valued: each such sequence name whole (used:"reel 3 cut v12"), plus
    // USED_ANY once when the asset is used at all, so "used:any" and "-used:any" answer "is it in a cut".
    static final String USED_LC = "used_lc";
    static final String USED_ANY = "\u0001any";
    // stored, multi-valued: the sequence names as written, returned with each hit.
    static final String USED_IN = "used_in";
    // numeric doc values: a hash of the used-in names, so a reconcile notices a usage this node missed.
    static final String USAGE_STAMP = "usage_stamp";

    // sorted-set doc values: the values counted by facets, as people read them.
    static final String FACET_CAMERA = "facet_camera";
    static final String FACET_CODEC = "facet_codec";
    static final String FACET_FPS = "facet_fps";
    static final String FACET_RESOLUTION = "facet_resolution";
    static final String FACET_TAG = "facet_tag";

    private AssetDocument() {}

    static Document of(Manifest m, List<String> usedIn) {
        Document d = new Document();
        MediaInfo media = m.media();
        String fileName = fileName(m.originalPath() != null ? m.originalPath() : media.path());
        String name = m.name() != null ? m.name() : stem(fileName);
        List<String> text = new ArrayList<>();

        d.add(new StringField(ID, m.assetId().value(), Field.Store.NO));
        d.add(new StringField(PROJECT, m.project().value(), Field.Store.NO));
        d.add(new SortedDocValuesField(SORT_KEY, new BytesRef(sortKey(m))));
        d.add(new StoredField(MANIFEST, StoredManifest.encode(m)));
        d.add(new NumericDocValuesField(VERSION, m.version()));

        // each value lower-cased once: the whole-value keyword, the clip keys and the suggestion share it
        String nameLower = name == null ? null : lower(name);
        String fileLower = fileName == null ? null : lower(fileName);
        if (name != null) {
            d.add(new TextField(NAME_WORDS, name, Field.Store.NO));
            d.add(new StringField(NAME_LC, nameLower, Field.Store.NO));
            d.add(suggestion(name, nameLower));
            text.add(name);
        }
        for (String key : clipKeys(name, nameLower, fileName, fileLower)) {
            d.add(new StringField(CLIP_KEY, key, Field.Store.NO));
        }
        if (fileName != null) {
            d.add(new TextField(FILE_WORDS, fileName, Field.Store.NO));
            d.add(new StringField(FILE_LC, fileLower, Field.Store.NO));
            text.add(fileName);
        }
        String path = m.originalPath() != null ? m.originalPath() : media.path();
        d.add(new TextField(PATH_WORDS, path, Field.Store.NO));
        text.add(path);
        if (media.reel() != null && !media.reel().isBlank()) {
            String reelLower = lower(media.reel());
            d.add(new StringField(REEL_LC, reelLower, Field.Store.NO));
            d.add(suggestion(media.reel(), reelLower));
            text.add(media.reel());
        }
        addCamera(d, media.camera(), text);
        addPicture(d, media, text);
        addTime(d, media);

        d.add(new IntPoint(CHANNELS, audioChannels(media)));
        if (m.ingestedAt() != null) {
            d.add(new LongPoint(INGESTED, m.ingestedAt().toEpochMilli()));
        }
        for (String tag : tags(m.metadata())) {
            // tags() made each one trimmed and lower-case already
            d.add(new StringField(TAG, tag, Field.Store.NO));
            d.add(new SortedSetDocValuesField(FACET_TAG, new BytesRef(tag)));
            d.add(suggestion(tag, tag));
            text.add(tag);
        }
        new TreeMap<>(m.metadata()).forEach((k, v) -> {
            d.add(keyword(META, k + "=" + v));
            text.add(v);
        });
        d.add(keyword(STATUS, status(m)));
        warningKinds(m.media().warnings()).forEach(k -> d.add(keyword(WARNING, k)));
        addUse(d, usedIn, text);
        d.add(new TextField(TEXT, String.join(" \n ", text), Field.Store.NO));
        return d;
    }

    private static void addUse(Document d, List<String> usedIn, List<String> text) {
        d.add(new NumericDocValuesField(USAGE_STAMP, usageStamp(usedIn)));
        if (usedIn.isEmpty()) {
            return;
        }
        d.add(new StringField(USED_LC, USED_ANY, Field.Store.NO));
        for (String sequence : usedIn) {
            d.add(new TextField(USED_WORDS, sequence, Field.Store.NO));
            d.add(keyword(USED_LC, sequence));
            d.add(new StoredField(USED_IN, sequence));
            text.add(sequence);
        }
    }

    /** The same for the same sequence names in any order; 0 for none. */
    static long usageStamp(List<String> usedIn) {
        long h = 0;
        for (String s : new java.util.TreeSet<>(usedIn)) {
            h = h * 1_000_003L + s.hashCode();
        }
        return usedIn.isEmpty() ? 0 : h | 1;
    }

    private static void addCamera(Document d, MediaInfo.Camera camera, List<String> text) {
        if (camera == null) {
            return;
        }
        StringBuilder words = new StringBuilder();
        addCameraPart(d, MAKE_LC, camera.make(), words);
        addCameraPart(d, MODEL_LC, camera.model(), words);
        addCameraPart(d, SERIAL_LC, camera.serial(), words);
        if (!words.isEmpty()) {
            String all = words.toString();
            d.add(new TextField(CAMERA_WORDS, all, Field.Store.NO));
            text.add(all);
        }
        String facet = cameraFacet(camera);
        if (facet != null) {
            d.add(new SortedSetDocValuesField(FACET_CAMERA, new BytesRef(facet)));
        }
    }

    /** One of make, model, serial: its keyword, and its words appended to {@code words} (space-separated). */
    private static void addCameraPart(Document d, String field, String value, StringBuilder words) {
        if (value != null && !value.isBlank()) {
            d.add(keyword(field, value));
            if (!words.isEmpty()) {
                words.append(' ');
            }
            words.append(value.trim());
        }
    }

    /** "ARRI ALEXA Mini LF": make and model, as the camera facet shows them. */
    static String cameraFacet(MediaInfo.Camera camera) {
        String make = camera.make() == null ? "" : camera.make().trim();
        String model = camera.model() == null ? "" : camera.model().trim();
        String both = (make + " " + model).trim();
        return both.isEmpty() ? null : both;
    }

    private static void addPicture(Document d, MediaInfo media, List<String> text) {
        VideoInfo video = media.video();
        String codec = video != null && video.codec() != null
                ? video.codec()
                : media.audio().isEmpty() ? null : media.audio().get(0).codec();
        if (codec != null && !codec.isBlank()) {
            d.add(keyword(CODEC_LC, codec));
            d.add(new SortedSetDocValuesField(FACET_CODEC, new BytesRef(codec.toLowerCase(Locale.ROOT))));
            text.add(codec);
        }
        if (media.container() != null && !media.container().isBlank()) {
            d.add(keyword(CONTAINER_LC, media.container()));
        }
        if (video != null && video.width() > 0 && video.height() > 0) {
            String resolution = video.width() + "x" + video.height();
            d.add(new StringField(RESOLUTION, resolution, Field.Store.NO));
            d.add(new SortedSetDocValuesField(FACET_RESOLUTION, new BytesRef(resolution)));
            d.add(new IntPoint(WIDTH, video.width()));
            d.add(new IntPoint(HEIGHT, video.height()));
        }
    }

    private static int audioChannels(MediaInfo media) {
        int channels = 0;
        for (AudioStream a : media.audio()) {
            channels += a.channels();
        }
        return channels;
    }

    /**
     * A rate's terms: "24000/1001", "23.976" (the decimal form takes a BigDecimal division to make)
     * and its two tc_mode terms, "24000/1001;df" and "24000/1001:ndf".
     */
    private record RateTerms(String exact, String decimal, String dropFrameMode, String nonDropMode) {
        String tcMode(boolean dropFrame) {
            return dropFrame ? dropFrameMode : nonDropMode;
        }
    }

    /** Rate → its terms; a catalogue holds a handful of rates, so the cache stops growing at a few hundred. */
    private static final Map<FrameRate, RateTerms> RATE_TERMS = new ConcurrentHashMap<>();

    private static RateTerms rateTerms(FrameRate rate) {
        RateTerms terms = RATE_TERMS.get(rate);
        if (terms == null) {
            terms = new RateTerms(rate.toString(), rate.toDecimalString(), tcMode(rate, true), tcMode(rate, false));
            if (RATE_TERMS.size() < 256) {
                RATE_TERMS.put(rate, terms);
            }
        }
        return terms;
    }

    private static void addTime(Document d, MediaInfo media) {
        FrameRate rate = media.frameRate();
        RateTerms terms = rateTerms(rate);
        d.add(new StringField(FPS, terms.exact(), Field.Store.NO));
        d.add(new SortedSetDocValuesField(FACET_FPS, new BytesRef(terms.decimal())));
        d.add(new LongPoint(DURATION_FRAMES, media.durationFrames()));
        // No query reads these doc values, but indexes of this schema have them: Lucene refuses a
        // document whose field changes doc-values type, so dropping them needs a new SCHEMA (a rebuild).
        d.add(new NumericDocValuesField(DURATION_FRAMES, media.durationFrames()));
        Timecode tc = media.startTimecode();
        if (tc != null) {
            // The range is counted at the timecode's rate; a duration counted at another picture rate is rescaled.
            long length = tc.rate().equals(rate)
                    ? media.durationFrames()
                    : RationalTime.of(media.durationFrames(), rate)
                            .rescaledTo(tc.rate(), RoundingMode.CEILING)
                            .value();
            long start = tc.toFrames();
            RateTerms tcTerms = tc.rate().equals(rate) ? terms : rateTerms(tc.rate());
            d.add(new StringField(TC_MODE, tcTerms.tcMode(tc.dropFrame()), Field.Store.NO));
            d.add(new LongPoint(TC_START, start));
            d.add(new LongPoint(TC_END, start + length));
        }
    }

    /** "30000/1001;df", "25/1:ndf": the tc_mode term of a rate and counting mode. */
    static String tcMode(FrameRate rate, boolean dropFrame) {
        return rate + (dropFrame ? ";df" : ":ndf");
    }

    static String sortKey(Manifest m) {
        return m.project().value() + "/" + m.assetId().value();
    }

    /** The kinds of {@code warnings} (by how ingest words them), plus "any" when there is one. */
    static Set<String> warningKinds(List<String> warnings) {
        Set<String> kinds = new LinkedHashSet<>();
        for (String w : warnings) {
            String lc = w.toLowerCase(java.util.Locale.ROOT);
            if (lc.startsWith("same clip name") || lc.startsWith("same reel")) {
                kinds.add("conflict");
            } else if (lc.startsWith("timecode break")) {
                kinds.add("timecode-break");
            } else if (lc.startsWith("variable frame rate")) {
                kinds.add("variable-frame-rate");
            } else if (lc.startsWith("audio and video durations differ")) {
                kinds.add("av-duration");
            } else if (lc.startsWith("truncated") || lc.startsWith("damaged footer")) {
                kinds.add("truncated");
            } else if (lc.startsWith("index table that lies")) {
                kinds.add("bad-index");
            } else if (lc.startsWith("avid op-atom clip incomplete")) {
                kinds.add("incomplete-clip");
            } else if (lc.startsWith("original only")) {
                kinds.add("original-only");
            } else {
                kinds.add("other");
            }
        }
        if (!kinds.isEmpty()) {
            kinds.add("any");
        }
        return kinds;
    }

    static String status(Manifest m) {
        String s = m.metadata().get("status");
        if (s != null && !s.isBlank()) {
            return s;
        }
        if (m.renditions().isEmpty() && m.media().warnings().stream().anyMatch(w -> w.startsWith("original only"))) {
            return "original-only"; // camera raw without a camera proxy: catalogued, checksummed, nothing to play
        }
        return m.renditions().isEmpty() ? "ingested" : "proxied";
    }

    static Set<String> tags(Map<String, String> metadata) {
        Set<String> tags = new LinkedHashSet<>();
        String raw = metadata.get("tags");
        if (raw != null) {
            // split at ',' and ';' by hand: String.split with a character class compiles a regex per call
            int from = 0;
            for (int i = 0; i <= raw.length(); i++) {
                if (i == raw.length() || raw.charAt(i) == ',' || raw.charAt(i) == ';') {
                    String t = raw.substring(from, i);
                    if (!t.isBlank()) {
                        tags.add(lower(t));
                    }
                    from = i + 1;
                }
            }
        }
        return tags;
    }

    /**
     * The keys a clip name is known by: the name and the file name, each whole and without its
     * extension, lower-case.
     */
    static Set<String> clipKeys(String name, String fileName) {
        return clipKeys(name, name == null ? null : lower(name), fileName, fileName == null ? null : lower(fileName));
    }

    /** {@link #clipKeys(String, String)} given each name's {@link #lower} too. */
    private static Set<String> clipKeys(String name, String nameLower, String fileName, String fileLower) {
        Set<String> keys = new LinkedHashSet<>(8);
        addClipKeys(keys, name, nameLower);
        addClipKeys(keys, fileName, fileLower);
        return keys;
    }

    private static void addClipKeys(Set<String> keys, String n, String lower) {
        if (n != null && !n.isBlank()) {
            keys.add(lower);
            String stem = stem(n);
            if (stem != n) { // stem returns the name itself when it has no extension
                keys.add(lower(stem));
            }
        }
    }

    /** The last segment of a path, with '/' or '\' separators. */
    static String fileName(String path) {
        if (path == null || path.isBlank()) {
            return null;
        }
        String p = path.trim();
        int cut = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
        String name = p.substring(cut + 1);
        return name.isEmpty() ? null : name;
    }

    /** A name without its extension (".mov", ".R3D", ".mxf": a last dot followed by 1-5 letters or digits). */
    static String stem(String name) {
        if (name == null) {
            return null;
        }
        int dot = name.lastIndexOf('.');
        int length = name.length() - dot - 1;
        if (dot > 0 && length <= 5 && length >= 1) {
            boolean lettersOrDigits = true;
            boolean aLetter = false;
            for (int i = dot + 1; i < name.length(); i++) {
                char c = name.charAt(i);
                lettersOrDigits &= Character.isLetterOrDigit(c);
                aLetter |= Character.isLetter(c);
            }
            if (lettersOrDigits && aLetter) {
                return name.substring(0, dot);
            }
        }
        return name;
    }

    static String lower(String s) {
        return s.trim().toLowerCase(Locale.ROOT);
    }

    static final char SUGGEST_SEPARATOR = '\0';

    /** The suggest field of {@code value}, given its {@link #lower}: "a003c012_230101_r1ab\0A003C012_230101_R1AB". */
    private static StringField suggestion(String value, String lower) {
        return new StringField(SUGGEST, lower + SUGGEST_SEPARATOR + value.trim(), Field.Store.NO);
    }

    private static StringField keyword(String field, String value) {
        return new StringField(field, lower(value), Field.Store.NO);
    }
}
