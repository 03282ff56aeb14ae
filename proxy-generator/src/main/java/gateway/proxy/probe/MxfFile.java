package gateway.proxy.probe;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an MXF file's header metadata says about its source (SMPTE ST 377-1): the start timecode
 * (a Timecode Component: Start Timecode, Rounded Timecode Base, Drop Frame) and the reel, taken
 * from the package names. Reads the header partition pack, then the KLV-coded header metadata
 * that follows it (or the footer partition's copy when the header holds none): local sets with
 * two-byte tags and lengths, linked by instance UIDs. The properties read here all have static
 * local tags, which every primer maps the same way, so the primer pack is skipped.
 *
 * <p>Which package: the material package's source clip names the file (top-level source) package;
 * that package's clip may name a lower-level source package (the tape or the camera's physical
 * source). The reel is the name of the lowest of these that has one; the start timecode is that of
 * the lowest package with a timecode track (offset by the clip's start position when it comes from
 * the lower-level package), else the material package's.
 */
final class MxfFile {
    /** Partition packs: 06.0e.2b.34.02.05.01.01.0d.01.02.01.01.{kind}.{status}.00; kind 02 header, 04 footer. */
    private static final byte[] PARTITION_PREFIX = hex("060e2b34020501010d01020101");
    /** Local sets of the structural metadata: 06.0e.2b.34.02.53.01.01.0d.01.01.01.01.01.{set}.00. */
    private static final byte[] LOCAL_SET_PREFIX = hex("060e2b34025301010d0101010101");

    private static final int MATERIAL_PACKAGE = 0x36;
    private static final int SOURCE_PACKAGE = 0x37;
    private static final int TRACK = 0x3b;
    private static final int SEQUENCE = 0x0f;
    private static final int SOURCE_CLIP = 0x11;
    private static final int TIMECODE_COMPONENT = 0x14;

    private static final int TAG_INSTANCE_UID = 0x3c0a;
    private static final int TAG_PACKAGE_UID = 0x4401;
    private static final int TAG_PACKAGE_NAME = 0x4402;
    private static final int TAG_PACKAGE_TRACKS = 0x4403;
    private static final int TAG_TRACK_SEQUENCE = 0x4803;
    private static final int TAG_TRACK_EDIT_RATE = 0x4b01;
    private static final int TAG_SEQUENCE_COMPONENTS = 0x1001;
    private static final int TAG_CLIP_START_POSITION = 0x1201;
    private static final int TAG_CLIP_SOURCE_PACKAGE = 0x1101;
    private static final int TAG_START_TIMECODE = 0x1501;
    private static final int TAG_ROUNDED_BASE = 0x1502;
    private static final int TAG_DROP_FRAME = 0x1503;

    /** Header metadata larger than this is not read (real files hold tens of kilobytes). */
    private static final long MAX_METADATA_BYTES = 64L << 20;

    /** A start timecode as the file codes it: a frame count at {@code rate}. */
    record StartTimecode(long frames, FrameRate rate, boolean dropFrame) {}

    private final String reel;
    private final StartTimecode start;

    private MxfFile(String reel, StartTimecode start) {
        this.reel = reel;
        this.start = start;
    }

    /** True when {@code head} (the first bytes of a file) starts with a header partition pack. */
    static boolean sniff(ByteBuffer head) {
        if (head.remaining() < 16) {
            return false;
        }
        for (int i = 0; i < PARTITION_PREFIX.length; i++) {
            if (head.get(head.position() + i) != PARTITION_PREFIX[i]) {
                return false;
            }
        }
        return head.get(head.position() + 13) == 0x02;
    }

    /** Reads the header metadata of the MXF file open on {@code channel}; CORRUPT when it is malformed. */
    static MxfFile read(String name, FileChannel channel) throws IOException {
        Partition header = Partition.at(name, channel, 0);
        ByteBuffer metadata = header.metadata(name, channel);
        if (metadata.remaining() == 0 && header.footerOffset > 0) {
            metadata = Partition.at(name, channel, header.footerOffset).metadata(name, channel);
        }
        return of(name, metadata);
    }

    /** The header metadata's KLV bytes (primer, sets, fill) as one buffer. */
    static MxfFile of(String name, ByteBuffer metadata) {
        Map<Uid, LocalSet> sets = new HashMap<>();
        List<LocalSet> packages = new ArrayList<>();
        ByteBuffer b = metadata.duplicate();
        while (b.remaining() >= 17) {
            byte[] key = new byte[16];
            b.get(key);
            long length = berLength(name, b);
            if (length > b.remaining()) {
                throw corrupt(name, "a KLV value of " + length + " bytes runs past the header metadata");
            }
            ByteBuffer value = b.slice(b.position(), (int) length);
            b.position(b.position() + (int) length);
            if (isLocalSet(key)) {
                LocalSet set = LocalSet.parse(name, key[14], value);
                set.uid().ifPresent(uid -> sets.put(uid, set));
                if (set.type == MATERIAL_PACKAGE || set.type == SOURCE_PACKAGE) {
                    packages.add(set);
                }
            }
        }
        return resolve(name, sets, packages);
    }

    Optional<String> reel() {
        return Optional.ofNullable(reel);
    }

    Optional<StartTimecode> start() {
        return Optional.ofNullable(start);
    }

    private static MxfFile resolve(String name, Map<Uid, LocalSet> sets, List<LocalSet> packages) {
        Map<Umid, LocalSet> byUmid = new HashMap<>();
        for (LocalSet p : packages) {
            p.bytes(TAG_PACKAGE_UID).filter(u -> u.length == 32).ifPresent(u -> byUmid.put(new Umid(u), p));
        }
        LocalSet material = packages.stream()
                .filter(p -> p.type == MATERIAL_PACKAGE)
                .findFirst()
                .orElse(null);
        LocalSet referenced = material == null ? null : referenced(material, sets, byUmid);
        LocalSet file = referenced != null
                ? referenced
                : packages.stream()
                        .filter(p -> p.type == SOURCE_PACKAGE)
                        .findFirst()
                        .orElse(null);
        LocalSet physical = file == null ? null : referenced(file, sets, byUmid);
        String reel = null;
        for (LocalSet p : Arrays.asList(physical, file, material)) {
            if (reel == null && p != null) {
                reel = p.text(TAG_PACKAGE_NAME).filter(s -> !s.isBlank()).orElse(null);
            }
        }
        StartTimecode start = null;
        if (physical != null) {
            start = timecode(name, physical, sets)
                    .map(tc ->
                            new StartTimecode(tc.frames() + clipStart(file, physical, sets), tc.rate(), tc.dropFrame()))
                    .orElse(null);
        }
        for (LocalSet p : Arrays.asList(file, material)) {
            if (start == null && p != null) {
                start = timecode(name, p, sets).orElse(null);
            }
        }
        return new MxfFile(reel, start);
    }

    /** The package that {@code from}'s first source clip names, if it is in this file. */
    private static LocalSet referenced(LocalSet from, Map<Uid, LocalSet> sets, Map<Umid, LocalSet> byUmid) {
        return clips(from, sets).stream()
                .map(c -> c.bytes(TAG_CLIP_SOURCE_PACKAGE).filter(u -> u.length == 32))
                .flatMap(Optional::stream)
                .map(u -> byUmid.get(new Umid(u)))
                .filter(p -> p != null && p != from)
                .findFirst()
                .orElse(null);
    }

    /** The start position of {@code from}'s clip into {@code to} (in edit units, taken as frames). */
    private static long clipStart(LocalSet from, LocalSet to, Map<Uid, LocalSet> sets) {
        byte[] target = to.bytes(TAG_PACKAGE_UID).orElse(new byte[0]);
        return clips(from, sets).stream()
                .filter(c -> Arrays.equals(c.bytes(TAG_CLIP_SOURCE_PACKAGE).orElse(null), target))
                .map(c -> c.int64(TAG_CLIP_START_POSITION).orElse(0L))
                .findFirst()
                .orElse(0L);
    }

    private static List<LocalSet> clips(LocalSet pkg, Map<Uid, LocalSet> sets) {
        List<LocalSet> clips = new ArrayList<>();
        for (LocalSet track : pkg.refs(TAG_PACKAGE_TRACKS, sets)) {
            for (LocalSet c : components(track, sets)) {
                if (c.type == SOURCE_CLIP) {
                    clips.add(c);
                }
            }
        }
        return clips;
    }

    /** A track's components: those of its sequence, or the one component it names directly. */
    private static List<LocalSet> components(LocalSet track, Map<Uid, LocalSet> sets) {
        LocalSet seq = track.ref(TAG_TRACK_SEQUENCE, sets).orElse(null);
        if (seq == null) {
            return List.of();
        }
        return seq.type == SEQUENCE ? seq.refs(TAG_SEQUENCE_COMPONENTS, sets) : List.of(seq);
    }

    private static Optional<StartTimecode> timecode(String name, LocalSet pkg, Map<Uid, LocalSet> sets) {
        for (LocalSet track : pkg.refs(TAG_PACKAGE_TRACKS, sets)) {
            for (LocalSet c : components(track, sets)) {
                if (c.type != TIMECODE_COMPONENT) {
                    continue;
                }
                long start = c.int64(TAG_START_TIMECODE)
                        .orElseThrow(() -> corrupt(name, "a timecode component without a start timecode"));
                int base = c.uint16(TAG_ROUNDED_BASE).orElse(0);
                boolean df = c.bytes(TAG_DROP_FRAME)
                        .map(v -> v.length > 0 && v[0] != 0)
                        .orElse(false);
                FrameRate rate = rate(name, track.rational(TAG_TRACK_EDIT_RATE).orElse(null), base, df);
                if (start < 0) {
                    throw corrupt(name, "start timecode " + start + " frames is negative");
                }
                return Optional.of(new StartTimecode(start, rate, df));
            }
        }
        return Optional.empty();
    }

    /** The track's edit rate when it agrees with the rounded base, else the base itself (NTSC when drop-frame). */
    private static FrameRate rate(String name, FrameRate editRate, int base, boolean dropFrame) {
        if (editRate != null && (base == 0 || editRate.timecodeBase() == base)) {
            return editRate;
        }
        if (base <= 0) {
            throw corrupt(name, "a timecode component with neither a rounded base nor an edit rate");
        }
        return dropFrame ? FrameRate.of(base * 1000L, 1001) : FrameRate.of(base);
    }

    private static boolean isLocalSet(byte[] key) {
        for (int i = 0; i < LOCAL_SET_PREFIX.length; i++) {
            // byte 7 is the registry version, which writers set differently
            if (i != 7 && key[i] != LOCAL_SET_PREFIX[i]) {
                return false;
            }
        }
        return key[15] == 0;
    }

    /** A BER length: one byte below 0x80, else 0x8N followed by N big-endian bytes. */
    static long berLength(String name, ByteBuffer b) {
        int first = b.get() & 0xff;
        if (first < 0x80) {
            return first;
        }
        int n = first & 0x7f;
        if (n == 0 || n > 8 || n > b.remaining()) {
            throw corrupt(name, "a BER length of " + n + " bytes");
        }
        long length = 0;
        for (int i = 0; i < n; i++) {
            length = (length << 8) | (b.get() & 0xff);
        }
        if (length < 0) {
            throw corrupt(name, "a BER length beyond 2^63");
        }
        return length;
    }

    private static GatewayException corrupt(String name, String what) {
        return new GatewayException(Reason.CORRUPT, name + ": MXF header metadata: " + what);
    }

    private static byte[] hex(String s) {
        return java.util.HexFormat.of().parseHex(s);
    }

    /** A partition pack: where its header metadata is and where the footer partition starts. */
    private record Partition(long metadataOffset, long headerByteCount, long footerOffset) {
        static Partition at(String name, FileChannel ch, long offset) throws IOException {
            ByteBuffer head = ByteBuffer.allocate(16 + 9 + 88);
            int read = ch.read(head, offset);
            head.flip();
            if (read < 16 + 1 || !sniffPartition(head)) {
                throw corrupt(name, "no partition pack at byte " + offset);
            }
            head.position(16);
            long length = berLength(name, head);
            if (length < 88 || head.remaining() < 40) {
                throw corrupt(name, "a partition pack of " + length + " bytes");
            }
            int value = head.position();
            long footer = head.getLong(value + 24);
            long headerBytes = head.getLong(value + 32);
            if (headerBytes < 0 || headerBytes > MAX_METADATA_BYTES || footer < 0) {
                throw corrupt(name, "header byte count " + headerBytes + ", footer at " + footer);
            }
            return new Partition(offset + value + length, headerBytes, footer);
        }

        private static boolean sniffPartition(ByteBuffer b) {
            for (int i = 0; i < PARTITION_PREFIX.length; i++) {
                if (b.get(i) != PARTITION_PREFIX[i]) {
                    return false;
                }
            }
            return true;
        }

        ByteBuffer metadata(String name, FileChannel ch) throws IOException {
            ByteBuffer bytes = ByteBuffer.allocate((int) headerByteCount);
            while (bytes.hasRemaining()) {
                if (ch.read(bytes, metadataOffset + bytes.position()) < 0) {
                    throw corrupt(name, "the file ends inside the header metadata");
                }
            }
            return bytes.flip();
        }
    }

    /** A 16-byte instance UID (strong references point at these). */
    private record Uid(List<Byte> bytes) {
        Uid(byte[] b) {
            this(toList(b));
        }
    }

    /** A 32-byte package UMID (source clips name packages by these). */
    private record Umid(List<Byte> bytes) {
        Umid(byte[] b) {
            this(toList(b));
        }
    }

    private static List<Byte> toList(byte[] b) {
        List<Byte> l = new ArrayList<>(b.length);
        for (byte x : b) {
            l.add(x);
        }
        return List.copyOf(l);
    }

    /** One local set: its kind (byte 14 of the key) and its properties by local tag. */
    private record LocalSet(int type, Map<Integer, byte[]> properties) {
        static LocalSet parse(String name, byte type, ByteBuffer value) {
            Map<Integer, byte[]> props = new HashMap<>();
            while (value.remaining() >= 4) {
                int tag = value.getShort() & 0xffff;
                int len = value.getShort() & 0xffff;
                if (len > value.remaining()) {
                    throw corrupt(
                            name, "property 0x" + Integer.toHexString(tag) + " of " + len + " bytes runs past its set");
                }
                byte[] v = new byte[len];
                value.get(v);
                props.put(tag, v);
            }
            return new LocalSet(type & 0xff, props);
        }

        Optional<byte[]> bytes(int tag) {
            return Optional.ofNullable(properties.get(tag));
        }

        Optional<Uid> uid() {
            return bytes(TAG_INSTANCE_UID).filter(b -> b.length == 16).map(Uid::new);
        }

        Optional<String> text(int tag) {
            return bytes(tag).map(b -> {
                String s = new String(b, StandardCharsets.UTF_16BE);
                int nul = s.indexOf('\0');
                return (nul >= 0 ? s.substring(0, nul) : s).trim();
            });
        }

        Optional<Long> int64(int tag) {
            return bytes(tag).filter(b -> b.length == 8).map(b -> ByteBuffer.wrap(b)
                    .getLong());
        }

        Optional<Integer> uint16(int tag) {
            return bytes(tag)
                    .filter(b -> b.length == 2)
                    .map(b -> ByteBuffer.wrap(b).getShort() & 0xffff);
        }

        Optional<FrameRate> rational(int tag) {
            return bytes(tag).filter(b -> b.length == 8).flatMap(b -> {
                ByteBuffer r = ByteBuffer.wrap(b);
                int num = r.getInt();
                int den = r.getInt();
                return num > 0 && den > 0 ? Optional.of(FrameRate.of(num, den)) : Optional.empty();
            });
        }

        Optional<LocalSet> ref(int tag, Map<Uid, LocalSet> sets) {
            return bytes(tag).filter(b -> b.length == 16).map(b -> sets.get(new Uid(b)));
        }

        /** A batch of strong references: count (u32), item size (u32, 16), then the UIDs. */
        List<LocalSet> refs(int tag, Map<Uid, LocalSet> sets) {
            byte[] b = properties.get(tag);
            if (b == null || b.length < 8) {
                return List.of();
            }
            ByteBuffer batch = ByteBuffer.wrap(b);
            long count = Integer.toUnsignedLong(batch.getInt());
            int size = batch.getInt();
            if (size != 16 || count * 16 != batch.remaining()) {
                return List.of();
            }
            List<LocalSet> out = new ArrayList<>();
            for (long i = 0; i < count; i++) {
                byte[] uid = new byte[16];
                batch.get(uid);
                LocalSet s = sets.get(new Uid(uid));
                if (s != null) {
                    out.add(s);
                }
            }
            return out;
        }
    }
}
