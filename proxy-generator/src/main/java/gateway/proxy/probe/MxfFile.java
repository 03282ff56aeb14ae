package gateway.proxy.probe;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import gateway.model.time.Timecode;
import java.io.IOException;
import java.math.BigInteger;
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
 * (a Timecode Component: Start Timecode, Rounded Timecode Base, Drop Frame), the reel and the clip
 * name, taken from the package names. Reads the header partition pack, skips the fill that aligns
 * the header metadata to the KAG, then reads the KLV-coded header metadata (or the footer
 * partition's copy when the header's is missing or marked incomplete): local sets with two-byte
 * tags and lengths, linked by instance UIDs (strong references). The properties read here all have
 * static local tags, which every primer maps the same way, so the primer pack is not needed.
 *
 * <p>Which package: the material package names the clip; its source clip names the file
 * (top-level source) package, whose clip may name a lower-level source package (the tape, or the
 * camera's physical source), and so on (each package once, a few levels at most). The reel is the
 * name of the lowest of these source packages that has one; the start timecode is that of the
 * lowest source package with a timecode track (offset by the clips' start positions down to it),
 * else the material package's. A timecode component is found whether a track's segment names it
 * directly or through a sequence.
 */
final class MxfFile {
    /** Partition packs: 06.0e.2b.34.02.05.01.01.0d.01.02.01.01.{kind}.{status}.00; kind 02 header, 04 footer. */
    private static final byte[] PARTITION_PREFIX = hex("060e2b34020501010d01020101");
    /** Local sets of the structural metadata: 06.0e.2b.34.02.53.01.01.0d.01.01.01.01.01.{set}.00. */
    /** A KLV fill item: 06.0e.2b.34.01.01.01.{01|02}.03.01.02.10.01.00.00.00. */
    private static final byte[] FILL_KEY = hex("060e2b34010101020301021001000000");

    private static final byte[] LOCAL_SET_PREFIX = hex("060e2b34025301010d0101010101");

    /** Descriptor sets of picture essence: generic picture (CDCI 0x28, RGBA 0x29), MPEG-2 video (0x51). */
    private static final List<Integer> PICTURE_DESCRIPTORS = List.of(0x27, 0x28, 0x29, 0x51);
    /** Descriptor sets of sound essence: generic sound (0x42), AES3 (0x47), WAVE (0x48). */
    private static final List<Integer> SOUND_DESCRIPTORS = List.of(0x42, 0x47, 0x48);

    /** The picture essence coding of DNxHD / DNxHR (the version byte, 7, varies). */
    private static final byte[] DNXHD_CODING = hex("060e2b34040101" + "0a04010202" + "71");

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
    private static final int TAG_COMPONENT_DURATION = 0x0202;
    private static final int TAG_DATA_DEFINITION = 0x0201;
    private static final int TAG_CLIP_SOURCE_PACKAGE = 0x1101;
    private static final int TAG_START_TIMECODE = 0x1501;
    private static final int TAG_ROUNDED_BASE = 0x1502;
    private static final int TAG_DROP_FRAME = 0x1503;

    /** Header metadata larger than this is not read (real files hold tens of kilobytes). */
    private static final long MAX_METADATA_BYTES = 64L << 20;
    /** Fill items between a partition pack and its header metadata: at most this many, this large. */
    private static final int MAX_FILL_ITEMS = 8;

    private static final long MAX_FILL_BYTES = 16L << 20;
    /** Packages followed from the material package down (material, file, tape, film...). */
    private static final int MAX_PACKAGE_CHAIN = 8;
    /** Sequences nested in a track's sequence that are still looked into. */
    private static final int MAX_SEQUENCE_DEPTH = 4;

    /** A start timecode as the file codes it: a frame count at {@code rate}. */
    record StartTimecode(long frames, FrameRate rate, boolean dropFrame) {}

    private final String reel;
    private final String clipName;
    private final StartTimecode start;
    private final List<String> problems;
    private final Essence essence;

    /**
     * What an OP-Atom set needs to be put back together: the file's operational pattern is OP-Atom
     * (one essence track per file), the material package's UMID (hex; the files of one clip share
     * it) and whether the file's essence is picture or sound (its descriptor's kind).
     */
    record Essence(
            boolean opAtom,
            String materialPackage,
            boolean picture,
            boolean sound,
            Picture pictureDescriptor,
            Sound soundDescriptor) {}

    /** A sound descriptor's channel count, sampling rate (whole hertz) and bits per sample (0 when absent). */
    record Sound(int channels, int sampleRate, int bits) {}

    /**
     * A picture descriptor's stored size, sample rate, container duration (in edit units, -1 when
     * absent), whether its picture coding is DNxHD / DNxHR (SMPTE ST 2019-4: 06.0e.2b.34.04.01.01.0a.04.01.02.02.71)
     * and that coding UL (0x3201, dotted hex; null when the descriptor has none).
     */
    record Picture(int width, int height, FrameRate rate, long durationFrames, boolean dnxhd, String coding) {
        /**
         * The SMPTE picture essence coding families GStreamer's MXF demuxer maps to a decoder
         * (06.0e.2b.34.04.01.01.vv then): uncompressed (04.01.02.01), MPEG-1/2/4 and H.264 (04.01.02.02.01),
         * DV (04.01.02.02.02), JPEG 2000 (04.01.02.02.03.01), ProRes (04.01.02.02.03.06), VC-3 / DNxHD
         * (04.01.02.02.71). Anything else (a camera maker's private coding such as a raw one, a
         * registered coding without a decoder here) is not.
         */
        private static final List<String> DECODED_FAMILIES = List.of(
                "04.01.02.01.",
                "04.01.02.02.01.",
                "04.01.02.02.02.",
                "04.01.02.02.03.01.",
                "04.01.02.02.03.06.",
                "04.01.02.02.71.");

        /** True when no coding is given or it is of a family GStreamer decodes here (see {@link #DECODED_FAMILIES}). */
        boolean codingDecodedHere() {
            if (coding == null) {
                return true;
            }
            if (!coding.startsWith("06.0e.2b.34.04.01.01.")) {
                return false;
            }
            String rest = coding.substring("06.0e.2b.34.04.01.01.xx.".length()) + ".";
            return DECODED_FAMILIES.stream().anyMatch(rest::startsWith);
        }
    }

    private MxfFile(String reel, String clipName, StartTimecode start, Essence essence) {
        this(reel, clipName, start, List.of(), essence);
    }

    private MxfFile(String reel, String clipName, StartTimecode start, List<String> problems, Essence essence) {
        this.reel = reel;
        this.clipName = clipName;
        this.start = start;
        this.problems = List.copyOf(problems);
        this.essence = essence;
    }

    Essence essence() {
        return essence;
    }

    /**
     * What is wrong with the file's partitions though its header metadata reads (a footer cut off,
     * a recording never closed), each naming where: the assistant must hear of it at ingest.
     */
    List<String> problems() {
        return problems;
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
        long size = channel.size();
        Partition header = Partition.at(name, channel, 0, size);
        List<String> problems = new ArrayList<>();
        Partition footer = null;
        if (header.footerOffset >= size) {
            problems.add("truncated: the header says the footer partition starts at byte " + header.footerOffset
                    + ", past the end of the file (" + size + " bytes)");
        } else if (header.footerOffset > 0) {
            try {
                footer = Partition.at(name, channel, header.footerOffset, size);
            } catch (GatewayException e) {
                problems.add("damaged footer partition at byte " + header.footerOffset + ": " + e.getMessage());
            }
        } else if (!header.complete()) {
            problems.add("the header partition is open and incomplete and names no footer: the file was never"
                    + " closed (a recording cut short?)");
        }
        MxfIndexCheck.check(channel).ifPresent(problems::add);
        boolean useFooter = footer != null && (header.headerByteCount == 0 || !header.complete());
        if (useFooter && footer.headerByteCount > 0) {
            return of(name, footer.metadata(name, channel)).with(problems, header.opAtom());
        }
        return of(name, header.metadata(name, channel)).with(problems, header.opAtom());
    }

    private MxfFile with(List<String> more, boolean opAtom) {
        List<String> all = new ArrayList<>(more);
        all.addAll(problems);
        Essence e = new Essence(
                opAtom,
                essence.materialPackage(),
                essence.picture(),
                essence.sound(),
                essence.pictureDescriptor(),
                essence.soundDescriptor());
        return new MxfFile(reel, clipName, start, all, e);
    }

    /** The header metadata's KLV bytes (primer, sets, fill) as one buffer. */
    static MxfFile of(String name, ByteBuffer metadata) {
        Map<Uid, LocalSet> sets = new HashMap<>();
        List<LocalSet> packages = new ArrayList<>();
        java.util.Set<Integer> kinds = new java.util.HashSet<>();
        Picture picture = null;
        long clipDuration = -1;
        Sound sound = null;
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
                kinds.add(key[14] & 0xff);
                LocalSet set = LocalSet.parse(name, key[14], value);
                if (picture == null && PICTURE_DESCRIPTORS.contains(set.type)) {
                    picture = picture(set);
                }
                if (sound == null && SOUND_DESCRIPTORS.contains(set.type)) {
                    sound = sound(set);
                }
                if (set.type == SOURCE_CLIP) {
                    clipDuration = Math.max(
                            clipDuration, set.int64(TAG_COMPONENT_DURATION).orElse(-1L));
                }
                set.uid().ifPresent(uid -> sets.put(uid, set));
                if (set.type == MATERIAL_PACKAGE || set.type == SOURCE_PACKAGE) {
                    packages.add(set);
                }
            }
        }
        if (picture != null && picture.durationFrames() < 0 && clipDuration > 0) {
            // no container duration in the descriptor (ffmpeg's OP-Atom): the source clips' duration
            picture = new Picture(
                    picture.width(), picture.height(), picture.rate(), clipDuration, picture.dnxhd(), picture.coding());
        }
        return resolve(name, sets, packages, kinds, picture, sound);
    }

    private static Sound sound(LocalSet d) {
        int rate = d.bytes(0x3d03)
                .filter(v -> v.length == 8)
                .map(v -> {
                    ByteBuffer r = ByteBuffer.wrap(v);
                    int num = r.getInt();
                    int den = r.getInt();
                    return den > 0 && num % den == 0 ? num / den : 0;
                })
                .orElse(0);
        return new Sound(u32(d, 0x3d07).orElse(0), rate, u32(d, 0x3d01).orElse(0));
    }

    private static Optional<Integer> u32(LocalSet d, int tag) {
        return d.bytes(tag)
                .filter(v -> v.length == 4)
                .map(v -> ByteBuffer.wrap(v).getInt())
                .filter(v -> v > 0);
    }

    private static Picture picture(LocalSet d) {
        // the display size (0x3209, 0x3208) when given, else the stored one (0x3203, 0x3202): DNxHD stores 1080 as 1088
        int width = u32(d, 0x3209).orElseGet(() -> u32(d, 0x3203).orElse(0));
        int height = u32(d, 0x3208).orElseGet(() -> u32(d, 0x3202).orElse(0));
        FrameRate rate = d.rational(0x3001).orElse(null);
        long duration = d.int64(0x3002).orElse(-1L);
        boolean dnx = d.bytes(0x3201)
                .filter(v -> v.length == 16)
                .map(v -> {
                    byte[] c = Arrays.copyOf(v, DNXHD_CODING.length);
                    c[7] = DNXHD_CODING[7];
                    return Arrays.equals(c, DNXHD_CODING);
                })
                .orElse(false);
        String coding =
                d.bytes(0x3201).filter(v -> v.length == 16).map(MxfFile::dotted).orElse(null);
        return new Picture(width, height, rate, duration, dnx, coding);
    }

    /** A UL as SMPTE writes it: dotted lower-case hex bytes. */
    static String dotted(byte[] ul) {
        StringBuilder s = new StringBuilder();
        for (byte x : ul) {
            s.append(s.isEmpty() ? "" : ".").append(String.format("%02x", x & 0xff));
        }
        return s.toString();
    }

    /** The tape's or the source's name (the lowest source package that has one). */
    Optional<String> reel() {
        return Optional.ofNullable(reel);
    }

    /** The material package's name: the clip as a camera or an NLE names it. */
    Optional<String> clipName() {
        return Optional.ofNullable(clipName);
    }

    Optional<StartTimecode> start() {
        return Optional.ofNullable(start);
    }

    private static MxfFile resolve(
            String name,
            Map<Uid, LocalSet> sets,
            List<LocalSet> packages,
            java.util.Set<Integer> kinds,
            Picture pictureDescriptor,
            Sound soundDescriptor) {
        Map<Umid, LocalSet> byUmid = new HashMap<>();
        for (LocalSet p : packages) {
            p.bytes(TAG_PACKAGE_UID).filter(u -> u.length == 32).ifPresent(u -> byUmid.put(new Umid(u), p));
        }
        LocalSet material = packages.stream()
                .filter(p -> p.type == MATERIAL_PACKAGE)
                .findFirst()
                .orElse(null);
        // material → file package → tape / physical source ...: each the package the previous one's
        // first source clip names, never one seen before (a reference cycle ends the chain)
        List<LocalSet> chain = new ArrayList<>();
        LocalSet next = material != null
                ? material
                : packages.stream()
                        .filter(p -> p.type == SOURCE_PACKAGE)
                        .findFirst()
                        .orElse(null);
        while (next != null && chain.size() < MAX_PACKAGE_CHAIN && !containsSame(chain, next)) {
            chain.add(next);
            next = referenced(next, sets, byUmid);
        }
        String clipName = material == null
                ? null
                : material.text(TAG_PACKAGE_NAME).filter(s -> !s.isBlank()).orElse(null);
        List<LocalSet> sources =
                chain.stream().filter(p -> p.type == SOURCE_PACKAGE).toList();
        String reel = null;
        for (int i = sources.size() - 1; i >= 0 && reel == null; i--) {
            reel = sources.get(i)
                    .text(TAG_PACKAGE_NAME)
                    .filter(s -> !s.isBlank())
                    .orElse(null);
        }
        // the lowest source package with a timecode, counted from the file's first frame: offset by
        // the clips' start positions from the file package down to it; else the material package's
        StartTimecode start = null;
        for (int i = sources.size() - 1; i >= 0 && start == null; i--) {
            Optional<StartTimecode> tc = timecode(name, sources.get(i), sets);
            if (tc.isPresent()) {
                long offset = 0;
                for (int j = 0; j < i; j++) {
                    offset = Math.addExact(
                            offset,
                            clipStart(
                                    name,
                                    sources.get(j),
                                    sources.get(j + 1),
                                    tc.get().rate(),
                                    sets));
                }
                start = new StartTimecode(
                        Math.addExact(tc.get().frames(), offset),
                        tc.get().rate(),
                        tc.get().dropFrame());
            }
        }
        if (start == null && material != null) {
            start = timecode(name, material, sets).orElse(null);
        }
        String umid = material == null
                ? null
                : material.bytes(TAG_PACKAGE_UID)
                        .filter(u -> u.length == 32)
                        .map(u -> java.util.HexFormat.of().formatHex(u))
                        .orElse(null);
        boolean picture = PICTURE_DESCRIPTORS.stream().anyMatch(kinds::contains);
        boolean sound = SOUND_DESCRIPTORS.stream().anyMatch(kinds::contains);
        List<LocalSet> withTimecode = new ArrayList<>(chain);
        if (material != null && !containsSame(withTimecode, material)) {
            withTimecode.add(material);
        }
        List<String> problems = new ArrayList<>();
        for (LocalSet pkg : withTimecode) {
            timecodeBreak(name, pkg, sets).ifPresent(problems::add);
        }
        if (material != null) {
            avDurations(material, sets).ifPresent(problems::add);
        }
        return new MxfFile(
                reel,
                clipName,
                start,
                problems,
                new Essence(false, umid, picture, sound, pictureDescriptor, soundDescriptor));
    }

    /**
     * A warning when a sound track of the material package lasts more than a frame longer or
     * shorter than its picture track (a recorder started late, a file cut short): each track's
     * sequence duration at its own edit rate (SMPTE RP 224 data definitions: picture
     * 06.0e.2b.34.04.01.01.01.01.03.02.02.01, sound ….02.02.02), in frames of the picture.
     */
    private static Optional<String> avDurations(LocalSet material, Map<Uid, LocalSet> sets) {
        long pictureDuration = -1;
        long[] pictureRate = null;
        List<long[]> sounds = new ArrayList<>(); // duration, rate numerator, denominator
        for (LocalSet track : material.refs(TAG_PACKAGE_TRACKS, sets)) {
            LocalSet sequence = track.ref(TAG_TRACK_SEQUENCE, sets).orElse(null);
            byte[] rate =
                    track.bytes(TAG_TRACK_EDIT_RATE).filter(b -> b.length == 8).orElse(null);
            if (sequence == null || rate == null) {
                continue;
            }
            long num = Integer.toUnsignedLong(ByteBuffer.wrap(rate).getInt(0));
            long den = Integer.toUnsignedLong(ByteBuffer.wrap(rate).getInt(4));
            long duration = sequence.int64(TAG_COMPONENT_DURATION).orElse(-1L);
            byte[] dd = sequence.bytes(TAG_DATA_DEFINITION).orElse(new byte[0]);
            if (num == 0 || den == 0 || duration < 0 || dd.length != 16 || dd[9] != 0x03 || dd[10] != 0x02) {
                continue;
            }
            if (dd[11] == 0x02 && dd[12] == 0x01 && pictureRate == null) {
                pictureDuration = duration;
                pictureRate = new long[] {num, den};
            } else if (dd[11] == 0x02 && dd[12] == 0x02) {
                sounds.add(new long[] {duration, num, den});
            }
        }
        if (pictureRate == null) {
            return Optional.empty();
        }
        for (int i = 0; i < sounds.size(); i++) {
            long[] a = sounds.get(i);
            // duration × (picture rate / sound edit rate), rounded to the nearest frame
            BigInteger scaled = BigInteger.valueOf(a[0])
                    .multiply(BigInteger.valueOf(pictureRate[0]))
                    .multiply(BigInteger.valueOf(a[2]));
            BigInteger per = BigInteger.valueOf(pictureRate[1]).multiply(BigInteger.valueOf(a[1]));
            long frames = scaled.add(per.shiftRight(1)).divide(per).longValue();
            if (Math.abs(frames - pictureDuration) > 1) {
                return Optional.of("audio and video durations differ: audio track " + (i + 1) + " lasts " + frames
                        + " frames, the picture " + pictureDuration + " (at " + rateText(pictureRate) + ")");
            }
        }
        return Optional.empty();
    }

    /**
     * A warning when a package's timecode track is a sequence of timecode components that do not
     * follow on (a recording resumed at another timecode, a tape with a timecode jump): where the
     * timecode jumps, from what to what.
     */
    private static Optional<String> timecodeBreak(String name, LocalSet pkg, Map<Uid, LocalSet> sets) {
        for (LocalSet track : pkg.refs(TAG_PACKAGE_TRACKS, sets)) {
            List<LocalSet> tcs = components(track, sets).stream()
                    .filter(c -> c.type == TIMECODE_COMPONENT)
                    .toList();
            if (tcs.size() < 2) {
                continue;
            }
            long position = 0;
            for (int i = 0; i + 1 < tcs.size(); i++) {
                LocalSet a = tcs.get(i);
                LocalSet b = tcs.get(i + 1);
                long duration = a.int64(TAG_COMPONENT_DURATION).orElse(-1L);
                long aStart = a.int64(TAG_START_TIMECODE).orElse(0L);
                long bStart = b.int64(TAG_START_TIMECODE).orElse(0L);
                if (duration >= 0 && aStart + duration == bStart) {
                    position += duration;
                    continue;
                }
                int base = a.uint16(TAG_ROUNDED_BASE).orElse(0);
                boolean df = a.bytes(TAG_DROP_FRAME)
                        .map(v -> v.length > 0 && v[0] != 0)
                        .orElse(false);
                FrameRate rate = rate(name, track.rational(TAG_TRACK_EDIT_RATE).orElse(null), base, df);
                boolean dfOk = df && rate.supportsDropFrame();
                String where = duration < 0 || aStart + duration - 1 < 0 || bStart < 0
                        ? "(components starting at frames " + aStart + " and " + bStart + ", the first lasting "
                                + duration + ")"
                        : "after frame " + (position + duration) + " of the file, from "
                                + Timecode.fromFrames(aStart + duration - 1, rate, dfOk) + " to "
                                + Timecode.fromFrames(bStart, rate, dfOk);
                String pkgName =
                        pkg.text(TAG_PACKAGE_NAME).filter(s -> !s.isBlank()).orElse("(unnamed)");
                return Optional.of("timecode break: the MXF timecode of package " + pkgName + " jumps " + where
                        + " (" + tcs.size() + " timecode components); the start timecode and the proxies follow the"
                        + " first, and a conform by timecode past the break will miss");
            }
        }
        return Optional.empty();
    }

    private static boolean containsSame(List<LocalSet> list, LocalSet s) {
        return list.stream().anyMatch(x -> x == s);
    }

    /** The package that {@code from}'s first source clip names, if it is in this file. */
    private static LocalSet referenced(LocalSet from, Map<Uid, LocalSet> sets, Map<Umid, LocalSet> byUmid) {
        return clips(from, sets).stream()
                .map(c -> c.clip.bytes(TAG_CLIP_SOURCE_PACKAGE).filter(u -> u.length == 32))
                .flatMap(Optional::stream)
                .map(u -> byUmid.get(new Umid(u)))
                .filter(p -> p != null && p != from)
                .findFirst()
                .orElse(null);
    }

    /**
     * The start position of {@code from}'s clip into {@code to}, as frames at {@code rate}: a clip on
     * a track at that rate when there is one, else the first clip converted from its track's edit
     * rate (an audio track may count samples).
     */
    private static long clipStart(String name, LocalSet from, LocalSet to, FrameRate rate, Map<Uid, LocalSet> sets) {
        byte[] target = to.bytes(TAG_PACKAGE_UID).orElse(new byte[0]);
        List<Clip> into = clips(from, sets).stream()
                .filter(c -> Arrays.equals(c.clip.bytes(TAG_CLIP_SOURCE_PACKAGE).orElse(null), target))
                .toList();
        if (into.isEmpty()) {
            return 0;
        }
        Clip clip =
                into.stream().filter(c -> rate.equals(c.editRate)).findFirst().orElse(into.get(0));
        long position = clip.clip.int64(TAG_CLIP_START_POSITION).orElse(0L);
        if (position < 0) {
            throw corrupt(name, "a source clip starts at position " + position);
        }
        if (clip.editRate == null || rate.equals(clip.editRate)) {
            return position;
        }
        // position × (rate / edit rate), rounded down
        BigInteger frames = BigInteger.valueOf(position)
                .multiply(BigInteger.valueOf(rate.numerator()))
                .multiply(BigInteger.valueOf(clip.editRate.denominator()))
                .divide(BigInteger.valueOf(rate.denominator()).multiply(BigInteger.valueOf(clip.editRate.numerator())));
        return frames.longValueExact();
    }

    /** A source clip and the edit rate of the track that holds it (null when the track has none). */
    private record Clip(LocalSet clip, FrameRate editRate) {}

    private static List<Clip> clips(LocalSet pkg, Map<Uid, LocalSet> sets) {
        List<Clip> clips = new ArrayList<>();
        for (LocalSet track : pkg.refs(TAG_PACKAGE_TRACKS, sets)) {
            FrameRate editRate = track.rational(TAG_TRACK_EDIT_RATE).orElse(null);
            for (LocalSet c : components(track, sets)) {
                if (c.type == SOURCE_CLIP) {
                    clips.add(new Clip(c, editRate));
                }
            }
        }
        return clips;
    }

    /**
     * A track's components: the one its segment reference names directly, or those of its sequence
     * (and of sequences nested in it, down to a few levels, each visited once).
     */
    private static List<LocalSet> components(LocalSet track, Map<Uid, LocalSet> sets) {
        LocalSet segment = track.ref(TAG_TRACK_SEQUENCE, sets).orElse(null);
        List<LocalSet> out = new ArrayList<>();
        List<LocalSet> seen = new ArrayList<>();
        flatten(segment, sets, 0, seen, out);
        return out;
    }

    private static void flatten(
            LocalSet s, Map<Uid, LocalSet> sets, int depth, List<LocalSet> seen, List<LocalSet> out) {
        if (s == null || depth > MAX_SEQUENCE_DEPTH || containsSame(seen, s)) {
            return;
        }
        seen.add(s);
        if (s.type != SEQUENCE) {
            out.add(s);
            return;
        }
        for (LocalSet c : s.refs(TAG_SEQUENCE_COMPONENTS, sets)) {
            flatten(c, sets, depth + 1, seen, out);
        }
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

    /**
     * A partition pack: where its header metadata is (after the pack and any fill that aligns it to
     * the KAG; the header byte count starts there), whether it is complete, and where the footer
     * partition starts.
     */
    private record Partition(long metadataOffset, long headerByteCount, long footerOffset, int status, boolean opAtom) {
        static Partition at(String name, FileChannel ch, long offset, long fileSize) throws IOException {
            ByteBuffer head = ByteBuffer.allocate(16 + 9 + 88);
            int read = ch.read(head, offset);
            head.flip();
            if (read < 16 + 1 || !sniffPartition(head)) {
                throw corrupt(name, "no partition pack at byte " + offset);
            }
            int status = head.get(14) & 0xff;
            head.position(16);
            long length = berLength(name, head);
            if (length < 88 || length > fileSize || head.remaining() < 40) {
                throw corrupt(name, "a partition pack of " + length + " bytes at byte " + offset);
            }
            int value = head.position();
            long footer = head.getLong(value + 24);
            long headerBytes = head.getLong(value + 32);
            if (headerBytes < 0 || headerBytes > MAX_METADATA_BYTES || footer < 0) {
                throw corrupt(
                        name,
                        "header byte count " + headerBytes + ", footer at " + footer + " (partition at byte " + offset
                                + ")");
            }
            long metadata = skipFill(name, ch, offset + value + length, fileSize);
            if (metadata + headerBytes > fileSize) {
                throw corrupt(
                        name,
                        "header metadata of " + headerBytes + " bytes at byte " + metadata
                                + " runs past the end of the file (" + fileSize + " bytes)");
            }
            // the operational pattern UL, 64 bytes into the pack: 06.0e.2b.34.04.01.01.xx.0d.01.02.01.10 is OP-Atom
            boolean atom = head.limit() >= value + 80
                    && head.get(value + 64) == 0x06
                    && head.get(value + 72) == 0x0d
                    && head.get(value + 76) == 0x10;
            return new Partition(metadata, headerBytes, footer, status, atom);
        }

        /** Open or closed and complete: byte 14 of the key is 03 or 04 (01 and 02 are incomplete). */
        boolean complete() {
            return status == 0x03 || status == 0x04;
        }

        /** The offset of the first KLV at or after {@code at} that is not a fill item. */
        private static long skipFill(String name, FileChannel ch, long at, long fileSize) throws IOException {
            long pos = at;
            for (int i = 0; i < MAX_FILL_ITEMS; i++) {
                ByteBuffer kl = ByteBuffer.allocate(16 + 9);
                int read = ch.read(kl, pos);
                if (read < 17) {
                    return pos;
                }
                kl.flip();
                if (!isFill(kl)) {
                    return pos;
                }
                kl.position(16);
                long length = berLength(name, kl);
                if (length > MAX_FILL_BYTES || pos + kl.position() + length > fileSize) {
                    throw corrupt(name, "a fill item of " + length + " bytes at byte " + pos);
                }
                pos += kl.position() + length;
            }
            throw corrupt(name, "more than " + MAX_FILL_ITEMS + " fill items after the partition pack");
        }

        private static boolean isFill(ByteBuffer b) {
            for (int i = 0; i < FILL_KEY.length; i++) {
                // byte 7 is the registry version: 01 in early files, 02 since
                if (i != 7 && b.get(i) != FILL_KEY[i]) {
                    return false;
                }
            }
            return true;
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

    /** An MXF edit rate as a message shows it ("25 fps"); one no frame rate can hold, as stored. */
    private static String rateText(long[] rate) {
        try {
            return FrameRate.of(rate[0], rate[1]).toFpsString();
        } catch (GatewayException e) {
            return rate[0] + "/" + rate[1];
        }
    }
}
