package gateway.index;

import gateway.model.asset.AssetId;
import gateway.model.asset.AudioStream;
import gateway.model.asset.Checksums;
import gateway.model.asset.Manifest;
import gateway.model.asset.ManifestJson;
import gateway.model.asset.MediaInfo;
import gateway.model.asset.OriginalLocation;
import gateway.model.asset.ProjectId;
import gateway.model.asset.Rendition;
import gateway.model.asset.VideoInfo;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import gateway.model.time.Timecode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.lucene.store.ByteArrayDataInput;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.UnicodeUtil;

/**
 * The manifest as the index stores it with each entry: a compact binary form (varints and UTF-8
 * strings, every field of {@link Manifest} in declaration order), about a tenth of the cost of JSON
 * to write and to read back for every hit of a page. The manifest file on the store stays JSON (the
 * source of truth); this form lives only inside the index, which is derived and rebuildable.
 * Entries written before this form (stored JSON text) are still read, through {@link ManifestJson}.
 */
final class StoredManifest {
    /** The first byte of every stored form; a different one is an index this code cannot read. */
    /**
     * 2 adds the clip name (MXF material package name); 3 the original's storage locations (tiers);
     * formats 1 (no clip name) and 2 (no locations) are still read.
     */
    private static final byte FORMAT = 3;

    private static final byte FORMAT_WITHOUT_LOCATIONS = 2;

    private static final byte FORMAT_WITHOUT_CLIP_NAME = 1;

    private StoredManifest() {}

    static BytesRef encode(Manifest m) {
        Bytes out = new Bytes();
        {
            out.writeByte(FORMAT);
            out.writeVInt(m.schemaVersion());
            out.writeVLong(m.version());
            out.writeString(m.assetId().value());
            out.writeString(m.project().value());
            optional(out, m.name());
            optional(out, m.originalPath());
            media(out, m.media());
            checksums(out, m.checksums());
            out.writeVInt(m.renditions().size());
            for (Rendition r : m.renditions()) {
                optional(out, r.profile());
                optional(out, r.path());
                optional(out, r.mimeType());
                out.writeZLong(r.sizeBytes());
                checksums(out, r.checksums());
            }
            Map<String, String> metadata = new TreeMap<>(m.metadata());
            out.writeVInt(metadata.size());
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                out.writeString(e.getKey());
                out.writeString(e.getValue());
            }
            Instant at = m.ingestedAt();
            out.writeByte((byte) (at == null ? 0 : 1));
            if (at != null) {
                out.writeZLong(at.getEpochSecond());
                out.writeVInt(at.getNano());
            }
            out.writeVInt(m.locations().size());
            for (OriginalLocation l : m.locations()) {
                out.writeString(l.tier());
                out.writeString(l.address());
                out.writeString(l.state().label());
                optional(out, l.uploadId());
                out.writeZLong(l.since().getEpochSecond());
                out.writeVInt(l.since().getNano());
            }
        }
        return out.toBytesRef();
    }

    /**
     * The manifest stored with an entry: this binary form, or (entries of older indexes) the JSON
     * text. {@code what} names the entry in error messages.
     */
    static Manifest decode(BytesRef binary, String json, String what) {
        if (binary != null) {
            return decode(binary, what);
        }
        if (json != null) {
            return ManifestJson.fromJson(json, what);
        }
        throw new GatewayException(Reason.CORRUPT, what + " has no stored manifest");
    }

    static Manifest decode(BytesRef stored, String what) {
        ByteArrayDataInput in = new ByteArrayDataInput(stored.bytes, stored.offset, stored.length);
        try {
            byte format = in.readByte();
            if (format != FORMAT && format != FORMAT_WITHOUT_LOCATIONS && format != FORMAT_WITHOUT_CLIP_NAME) {
                throw new GatewayException(
                        Reason.CORRUPT,
                        what + " has a stored manifest of format " + format + ", expected " + FORMAT_WITHOUT_CLIP_NAME
                                + " to " + FORMAT);
            }
            int schema = in.readVInt();
            long version = in.readVLong();
            AssetId asset = new AssetId(in.readString());
            ProjectId project = new ProjectId(in.readString());
            String name = optional(in);
            String originalPath = optional(in);
            MediaInfo media = media(in, format);
            Checksums checksums = checksums(in);
            int renditionCount = in.readVInt();
            List<Rendition> renditions = new ArrayList<>(renditionCount);
            for (int i = 0; i < renditionCount; i++) {
                renditions.add(new Rendition(optional(in), optional(in), optional(in), in.readZLong(), checksums(in)));
            }
            int metadataCount = in.readVInt();
            Map<String, String> metadata = HashMap.newHashMap(metadataCount);
            for (int i = 0; i < metadataCount; i++) {
                metadata.put(in.readString(), in.readString());
            }
            Instant ingestedAt = in.readByte() == 0 ? null : Instant.ofEpochSecond(in.readZLong(), in.readVInt());
            List<OriginalLocation> locations = new ArrayList<>();
            if (format == FORMAT) {
                int count = in.readVInt();
                for (int i = 0; i < count; i++) {
                    locations.add(new OriginalLocation(
                            in.readString(),
                            in.readString(),
                            OriginalLocation.State.ofLabel(in.readString()),
                            optional(in),
                            Instant.ofEpochSecond(in.readZLong(), in.readVInt())));
                }
            }
            if (in.getPosition() != stored.offset + stored.length) {
                throw new GatewayException(Reason.CORRUPT, what + " has a stored manifest with bytes left over");
            }
            return new Manifest(
                    schema,
                    version,
                    asset,
                    project,
                    name,
                    originalPath,
                    media,
                    checksums,
                    renditions,
                    metadata,
                    ingestedAt,
                    locations);
        } catch (GatewayException e) {
            throw e.reason() == Reason.CORRUPT
                    ? e
                    : new GatewayException(
                            Reason.CORRUPT, what + " has a stored manifest that does not decode: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new GatewayException(Reason.CORRUPT, what + " has a stored manifest that does not decode: " + e, e);
        }
    }

    private static void media(Bytes out, MediaInfo media) {
        out.writeString(media.path());
        optional(out, media.container());
        rate(out, media.frameRate());
        out.writeZLong(media.durationFrames());
        Timecode tc = media.startTimecode();
        out.writeByte((byte) (tc == null ? 0 : tc.dropFrame() ? 2 : 1));
        if (tc != null) {
            out.writeVInt(tc.hours());
            out.writeVInt(tc.minutes());
            out.writeVInt(tc.seconds());
            out.writeVInt(tc.frames());
            rate(out, tc.rate());
        }
        optional(out, media.reel());
        VideoInfo video = media.video();
        out.writeByte((byte) (video == null ? 0 : 1));
        if (video != null) {
            optional(out, video.codec());
            out.writeZInt(video.width());
            out.writeZInt(video.height());
        }
        out.writeVInt(media.audio().size());
        for (AudioStream a : media.audio()) {
            optional(out, a.codec());
            out.writeZInt(a.channels());
            out.writeZInt(a.sampleRate());
            out.writeZInt(a.bitDepth());
        }
        out.writeByte((byte) (media.variableFrameRate() ? 1 : 0));
        MediaInfo.Camera camera = media.camera();
        out.writeByte((byte) (camera == null ? 0 : 1));
        if (camera != null) {
            optional(out, camera.make());
            optional(out, camera.model());
            optional(out, camera.serial());
        }
        out.writeVInt(media.warnings().size());
        for (String w : media.warnings()) {
            out.writeString(w);
        }
        optional(out, media.clipName());
    }

    private static MediaInfo media(ByteArrayDataInput in, byte format) throws IOException {
        String path = in.readString();
        String container = optional(in);
        FrameRate rate = rate(in);
        long duration = in.readZLong();
        byte tcKind = in.readByte();
        Timecode start = tcKind == 0
                ? null
                : new Timecode(in.readVInt(), in.readVInt(), in.readVInt(), in.readVInt(), rate(in), tcKind == 2);
        String reel = optional(in);
        VideoInfo video = in.readByte() == 0 ? null : new VideoInfo(optional(in), in.readZInt(), in.readZInt());
        int audioCount = in.readVInt();
        List<AudioStream> audio = new ArrayList<>(audioCount);
        for (int i = 0; i < audioCount; i++) {
            audio.add(new AudioStream(optional(in), in.readZInt(), in.readZInt(), in.readZInt()));
        }
        boolean vfr = in.readByte() != 0;
        MediaInfo.Camera camera =
                in.readByte() == 0 ? null : new MediaInfo.Camera(optional(in), optional(in), optional(in));
        int warningCount = in.readVInt();
        List<String> warnings = new ArrayList<>(warningCount);
        for (int i = 0; i < warningCount; i++) {
            warnings.add(in.readString());
        }
        String clipName = format == FORMAT_WITHOUT_CLIP_NAME ? null : optional(in);
        return new MediaInfo(
                path, container, rate, duration, start, reel, clipName, video, audio, vfr, camera, warnings);
    }

    private static void rate(Bytes out, FrameRate rate) {
        out.writeVInt(rate.numerator());
        out.writeVInt(rate.denominator());
    }

    private static FrameRate rate(ByteArrayDataInput in) throws IOException {
        return new FrameRate(in.readVInt(), in.readVInt());
    }

    private static void checksums(Bytes out, Checksums c) {
        out.writeByte((byte) (c == null ? 0 : 1));
        if (c != null) {
            optional(out, c.xxh64());
            optional(out, c.md5());
        }
    }

    private static Checksums checksums(ByteArrayDataInput in) throws IOException {
        return in.readByte() == 0 ? null : new Checksums(optional(in), optional(in));
    }

    private static void optional(Bytes out, String s) {
        out.writeByte((byte) (s == null ? 0 : 1));
        if (s != null) {
            out.writeString(s);
        }
    }

    private static String optional(ByteArrayDataInput in) throws IOException {
        return in.readByte() == 0 ? null : in.readString();
    }

    /**
     * The encoder's output: a growing array, written the way Lucene's DataOutput writes (so
     * ByteArrayDataInput reads it back): variable-length ints, zig-zag longs, strings as their
     * UTF-8 length and bytes. Handed over as it is, without a final copy.
     */
    private static final class Bytes {
        private byte[] bytes = new byte[384];
        private int length;

        void writeByte(byte b) {
            if (length == bytes.length) {
                bytes = Arrays.copyOf(bytes, bytes.length * 2);
            }
            bytes[length++] = b;
        }

        void writeVInt(int i) {
            while ((i & ~0x7F) != 0) {
                writeByte((byte) ((i & 0x7F) | 0x80));
                i >>>= 7;
            }
            writeByte((byte) i);
        }

        void writeVLong(long i) {
            while ((i & ~0x7FL) != 0L) {
                writeByte((byte) ((i & 0x7FL) | 0x80L));
                i >>>= 7;
            }
            writeByte((byte) i);
        }

        void writeZInt(int i) {
            writeVInt((i >> 31) ^ (i << 1));
        }

        void writeZLong(long i) {
            writeVLong((i >> 63) ^ (i << 1));
        }

        void writeString(String s) {
            int chars = s.length();
            boolean ascii = true;
            for (int i = 0; i < chars && ascii; i++) {
                ascii = s.charAt(i) < 0x80;
            }
            int utf8 = ascii ? chars : UnicodeUtil.calcUTF16toUTF8Length(s, 0, chars);
            writeVInt(utf8);
            if (length + utf8 > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + utf8));
            }
            if (ascii) {
                for (int i = 0; i < chars; i++) {
                    bytes[length + i] = (byte) s.charAt(i);
                }
                length += chars;
            } else {
                length = UnicodeUtil.UTF16toUTF8(s, 0, chars, bytes, length);
            }
        }

        BytesRef toBytesRef() {
            return new BytesRef(bytes, 0, length);
        }
    }
}
