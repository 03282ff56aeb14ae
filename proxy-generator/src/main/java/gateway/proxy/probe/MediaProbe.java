package gateway.proxy.probe;

import gateway.model.asset.AssetId;
import gateway.model.asset.AudioStream;
import gateway.model.asset.FragmentIndex;
import gateway.model.asset.MediaInfo;
import gateway.model.asset.VideoInfo;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import gateway.model.time.RationalTime;
import gateway.model.time.Timecode;
import gateway.proxy.gst.DiscoveredMedia;
import gateway.proxy.gst.MediaDiscoverer;
import java.io.IOException;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Tells what one media file is: codec, picture size, exact frame rate, duration in frames, start
 * timecode and reel, audio layout, camera. QuickTime / MP4 and WAVE are read by our own parsers
 * (exact sample counts, the tmcd track, bext and iXML); other containers go through GStreamer's
 * discoverer with a time limit, and for MXF our own reader of the header metadata adds the start
 * timecode, the reel (the tape's or source package's name) and the clip name (the material
 * package's): see {@link MxfFile}. A file it cannot read fails with a {@link GatewayException}
 * (CORRUPT, UNSUPPORTED, NOT_FOUND, TIMEOUT or IO) whose one-line message names the file.
 */
public final class MediaProbe {
    /** The timecode rate of audio-only files that do not say theirs. */
    public static final FrameRate DEFAULT_TIMECODE_RATE = FrameRate.FPS_25;

    /** {@link MediaInfo#container()} of a RIFF / RF64 WAVE file (Broadcast WAV included). */
    public static final String WAVE_CONTAINER = "wav";

    /**
     * {@link VideoInfo#codec()} of an MXF picture whose coding GStreamer does not decode here (a
     * camera maker's raw coding such as Sony X-OCN or ARRIRAW in MXF, or any coding outside the
     * families it maps): what the MXF header tells is reported, and the first warning names the coding UL.
     */
    public static final String UNDECODABLE_PICTURE = "undecodable";

    public static final Duration DEFAULT_DISCOVERY_TIMEOUT = Duration.ofSeconds(15);

    private final FrameRate defaultTimecodeRate;
    private final MediaDiscoverer discoverer;

    public MediaProbe() {
        this(DEFAULT_TIMECODE_RATE, DEFAULT_DISCOVERY_TIMEOUT);
    }

    /**
     * @param defaultTimecodeRate the rate of audio-only files that carry no timecode rate of their own
     * @param discoveryTimeout how long GStreamer may take to discover a file of another container
     */
    public MediaProbe(FrameRate defaultTimecodeRate, Duration discoveryTimeout) {
        this.defaultTimecodeRate = Objects.requireNonNull(defaultTimecodeRate, "defaultTimecodeRate");
        this.discoverer = new MediaDiscoverer(discoveryTimeout);
    }

    public MediaInfo probe(Path file) {
        String name = file.getFileName().toString();
        MxfFile mxf = null;
        List<String> warnings = new ArrayList<>();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (!Files.isRegularFile(file)) {
                throw GatewayException.invalid(name + ": not a regular file");
            }
            if (channel.size() == 0) {
                throw new GatewayException(Reason.CORRUPT, name + ": empty file (0 bytes)");
            }
            ByteBuffer head = ByteBuffer.allocate(16);
            channel.read(head, 0);
            head.flip();
            if (QuickTimeReader.sniff(head)) {
                return fromQuickTime(file, new QuickTimeReader(file, channel).read());
            }
            if (WaveFile.sniff(head)) {
                return fromWave(file, WaveFile.read(name, channel));
            }
            if (ArriRawHeader.sniff(head)) {
                ArriRawHeader h = ArriRawHeader.read(file);
                throw new GatewayException(
                        Reason.UNSUPPORTED,
                        name + ": one ARRIRAW frame (" + h.width() + "x" + h.height()
                                + (h.model() == null ? "" : ", " + h.model()) + "): camera raw GStreamer cannot"
                                + " decode; ingest takes its clip folder as one asset, original only or with the"
                                + " camera's proxy");
            }
            if (MxfFile.sniff(head)) {
                mxf = mxfHeader(name, channel, warnings);
            }
        } catch (NoSuchFileException e) {
            throw GatewayException.notFound(name + ": no such file");
        } catch (IOException e) {
            throw GatewayException.io(name + ": cannot read it: " + e.getMessage(), e);
        } catch (GatewayException e) {
            throw e.reason() == Reason.INVALID_ARGUMENT
                    ? new GatewayException(Reason.CORRUPT, name + ": impossible values: " + e.getMessage(), e)
                    : e;
        } catch (RuntimeException e) {
            throw new GatewayException(Reason.CORRUPT, name + ": unreadable structure: " + e, e);
        }
        if (mxf != null
                && mxf.essence().picture()
                && mxf.essence().pictureDescriptor() != null
                && !mxf.essence().pictureDescriptor().codingDecodedHere()) {
            // GStreamer would fail on it, or worse show the essence as something it is not
            return withMxfSource(fromUndecodableMxf(file, mxf.essence().pictureDescriptor()), mxf, warnings);
        }
        if (mxf != null && mxf.essence().opAtom() && mxf.essence().picture()) {
            // DNxHD / DNxHR (what Avid writes): read here; other picture essence goes to the discoverer
            Optional<OpAtomClip> clip = OpAtomClip.of(file).filter(OpAtomClip::dnxhd);
            if (clip.isPresent()) {
                return withMxfSource(fromOpAtom(clip.get()), mxf, warnings);
            }
        }
        MediaInfo discovered;
        try {
            discovered = fromDiscoverer(file, discoverer.discover(file));
        } catch (GatewayException e) {
            if (mxf != null
                    && mxf.essence().opAtom()
                    && mxf.essence().picture()
                    && mxf.problems().isEmpty()) {
                throw new GatewayException(
                        Reason.UNSUPPORTED,
                        name + ": an Avid OP-Atom picture file whose essence is not DNxHD / DNxHR: the gateway"
                                + " reads only DNxHD OP-Atom essence itself, and GStreamer 1.22 cannot read this"
                                + " file (" + e.getMessage() + ")",
                        e);
            }
            if (mxf == null || mxf.problems().isEmpty()) {
                throw e;
            }
            // GStreamer gives up on a damaged MXF without saying why: what our reader found is the why
            boolean damaged = mxf.problems().stream()
                    .anyMatch(p -> p.startsWith("index table that lies")
                            || p.startsWith("truncated")
                            || p.startsWith("damaged footer")
                            || p.startsWith("the header partition is open"));
            throw new GatewayException(
                    damaged ? Reason.CORRUPT : e.reason(),
                    e.getMessage() + "; the MXF file itself: " + String.join("; ", mxf.problems()),
                    e);
        }
        if (mxf != null) {
            return withMxfSource(discovered, mxf, warnings);
        }
        return warnings.isEmpty() ? discovered : withWarnings(discovered, warnings);
    }

    /**
     * An Avid OP-Atom clip from the headers of its files (GStreamer's mxfdemux cannot read their
     * clip-wrapped essence): the picture file's, and one audio stream per sound file.
     */
    private MediaInfo fromOpAtom(OpAtomClip clip) {
        String name = clip.picture().getFileName().toString();
        if (clip.rate() == null || clip.frames() <= 0 || clip.width() <= 0 || clip.height() <= 0) {
            throw new GatewayException(
                    Reason.CORRUPT,
                    name + ": OP-Atom picture descriptor without a rate, a duration or a size (" + clip.width() + "x"
                            + clip.height() + ", " + clip.frames() + " frames at "
                            + clip.rate().toFpsString() + ")");
        }
        clip.frameBytes(); // CORRUPT when the essence is not whole frames
        List<AudioStream> audio = new ArrayList<>();
        List<String> files = new ArrayList<>();
        for (OpAtomClip.SoundTrack s : clip.sound()) {
            audio.add(new AudioStream("pcm", s.channels(), s.sampleRate(), s.bits()));
            files.add(s.file().getFileName().toString());
        }
        List<String> warnings = new ArrayList<>();
        warnings.add("Avid OP-Atom clip: picture in " + name
                + (files.isEmpty() ? ", no sound file found beside it" : ", sound in " + String.join(", ", files))
                + " (linked by the material package)");
        clip.missingSound().ifPresent(warnings::add);
        return new MediaInfo(
                clip.picture().toString(),
                "mxf",
                clip.rate(),
                clip.frames(),
                null,
                null,
                new VideoInfo(clip.dnxhd() ? "dnxhd" : "unknown", clip.width(), clip.height()),
                audio,
                false,
                null,
                warnings);
    }

    /**
     * An MXF file whose picture coding GStreamer does not decode here: its picture descriptor's
     * size, rate and duration (0 frames when it gives none), no audio read, the coding named.
     */
    private MediaInfo fromUndecodableMxf(Path file, MxfFile.Picture p) {
        FrameRate rate = p.rate() != null ? p.rate() : defaultTimecodeRate;
        List<String> warnings = new ArrayList<>();
        warnings.add("picture coding " + p.coding() + " is not one GStreamer decodes here (a camera raw coding such"
                + " as Sony X-OCN or ARRIRAW in MXF, or another maker's own): size, rate, duration, timecode and"
                + " reel are the MXF header's"
                + (p.rate() == null ? "; no rate in it, " + rate.toFpsString() + " assumed" : ""));
        return new MediaInfo(
                file.toString(),
                "mxf",
                rate,
                Math.max(0, p.durationFrames()),
                null,
                null,
                new VideoInfo(UNDECODABLE_PICTURE, p.width(), p.height()),
                List.of(),
                false,
                null,
                warnings);
    }

    /** The MXF file's header metadata, or null (and a warning) when it cannot be read. */
    private static MxfFile mxfHeader(String name, FileChannel channel, List<String> warnings) throws IOException {
        try {
            return MxfFile.read(name, channel);
        } catch (RuntimeException e) {
            warnings.add("no start timecode, reel or clip name (the proxies will carry none): " + e.getMessage());
            return null;
        }
    }

    /** {@code info} with {@code more} warnings after its own. */
    private static MediaInfo withWarnings(MediaInfo info, List<String> more) {
        List<String> warnings = new ArrayList<>(info.warnings());
        warnings.addAll(more);
        return new MediaInfo(
                info.path(),
                info.container(),
                info.frameRate(),
                info.durationFrames(),
                info.startTimecode(),
                info.reel(),
                info.clipName(),
                info.video(),
                info.audio(),
                info.variableFrameRate(),
                info.camera(),
                warnings);
    }

    /** {@code info} with the start timecode, reel and clip name of the MXF header metadata. */
    static MediaInfo withMxfSource(MediaInfo info, MxfFile mxf, List<String> more) {
        List<String> warnings = new ArrayList<>(info.warnings());
        warnings.addAll(more);
        warnings.addAll(mxf.problems());
        Timecode start = null;
        if (mxf.start().isPresent()) {
            MxfFile.StartTimecode tc = mxf.start().get();
            boolean df = tc.dropFrame();
            if (df && !tc.rate().supportsDropFrame()) {
                warnings.add("timecode is flagged drop-frame at " + tc.rate().toDecimalString()
                        + " fps, where drop-frame does not exist; read as non-drop");
                df = false;
            }
            start = Timecode.fromFrames(tc.frames(), tc.rate(), df);
            if (!start.rate().equals(info.frameRate())) {
                warnings.add("timecode counts at " + start.rate().toFpsString(start.dropFrame())
                        + " but the picture runs at " + info.frameRate().toFpsString());
            }
        } else {
            warnings.add("no start timecode: the MXF header metadata has no timecode component in any package;"
                    + " the proxies will carry none");
        }
        return new MediaInfo(
                info.path(),
                info.container(),
                info.frameRate(),
                info.durationFrames(),
                start,
                mxf.reel().orElse(null),
                mxf.clipName().orElse(null),
                info.video(),
                info.audio(),
                info.variableFrameRate(),
                info.camera(),
                warnings);
    }

    /** The asset id a gateway proxy carries in its metadata (see {@link EmbeddedAssetId}), if any. */
    public Optional<AssetId> embeddedAssetId(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            QuickTimeMovie movie = new QuickTimeReader(file, channel).read();
            List<Map<String, String>> tagSets = new ArrayList<>();
            tagSets.add(movie.tags());
            movie.tracks().forEach(t -> tagSets.add(t.tags()));
            return tagSets.stream()
                    .flatMap(m -> m.values().stream())
                    .map(EmbeddedAssetId::parse)
                    .flatMap(Optional::stream)
                    .findFirst();
        } catch (NoSuchFileException e) {
            throw GatewayException.notFound(file.getFileName() + ": no such file");
        } catch (IOException e) {
            throw GatewayException.io(file.getFileName() + ": cannot read it: " + e.getMessage(), e);
        }
    }

    private MediaInfo fromQuickTime(Path file, QuickTimeMovie movie) {
        String name = file.getFileName().toString();
        List<String> warnings = new ArrayList<>();
        Optional<QuickTimeTrack> video = movie.firstVideo();
        Timecode start = null;
        String reel = null;
        FrameRate timecodeRate = null;
        Optional<QuickTimeTrack> tmcd = movie.firstTimecode();
        if (tmcd.isPresent() && tmcd.get().timecode() != null) {
            QuickTimeTrack.TimecodeEntry tc = tmcd.get().timecode();
            reel = tc.reel();
            if (tc.timescale() > 0 && tc.frameDuration() > 0) {
                timecodeRate = FrameRate.of(tc.timescale(), tc.frameDuration());
                if (tc.startCount() >= 0 && !tc.counter()) {
                    boolean df = tc.dropFrame();
                    if (df && !timecodeRate.supportsDropFrame()) {
                        warnings.add("timecode track is flagged drop-frame at " + timecodeRate.toDecimalString()
                                + " fps, where drop-frame does not exist; read as non-drop");
                        df = false;
                    }
                    start = Timecode.fromFrames(tc.startCount(), timecodeRate, df);
                }
            }
        }
        FrameRate rate;
        long frames;
        VideoInfo videoInfo = null;
        boolean vfr = false;
        if (video.isPresent()) {
            QuickTimeTrack v = video.get();
            videoInfo = new VideoInfo(CodecName.ofQuickTime(v.format()), v.width(), v.height());
            if (v.sampleCount() == 0 && movie.fragmented()) {
                FragmentIndex fragments = FragmentScan.scan(file);
                rate = fragments.rate();
                frames = fragments.totalFrames();
            } else {
                if (v.dominantDelta() <= 0) {
                    throw new GatewayException(Reason.CORRUPT, name + ": video track has no sample durations");
                }
                rate = FrameRate.of(v.timescale(), v.dominantDelta());
                frames = v.sampleCount();
                vfr = v.variableDelta();
                if (vfr && v.mediaDuration() > 0) {
                    // the proxies are made constant at the dominant rate: as many frames as the
                    // original's duration holds at that rate
                    frames = RationalTime.fromSamples(v.mediaDuration(), v.timescale(), rate, RoundingMode.HALF_UP)
                            .value();
                    warnings.add("variable frame rate: " + v.sampleCount() + " pictures of differing durations over "
                            + frames + " frames at " + rate.toFpsString()
                            + " (the most common duration); the proxies are made"
                            + " constant at " + rate.toFpsString()
                            + " (pictures repeated or dropped by their time), the"
                            + " original keeps its own timing");
                }
            }
            if (vfr && warnings.stream().noneMatch(w -> w.startsWith("variable frame rate"))) {
                warnings.add("variable frame rate: sample durations differ; reported rate " + rate.toFpsString()
                        + " is the most common");
            }
        } else {
            rate = timecodeRate != null ? timecodeRate : defaultTimecodeRate;
            QuickTimeTrack longest = movie.audio().stream()
                    .max((a, b) -> Long.compare(a.mediaDuration() * b.timescale(), b.mediaDuration() * a.timescale()))
                    .orElseThrow(() -> new GatewayException(
                            Reason.UNSUPPORTED, name + ": QuickTime movie with neither video nor audio tracks"));
            frames = RationalTime.fromSamples(longest.mediaDuration(), longest.timescale(), rate, RoundingMode.HALF_UP)
                    .value();
            if (timecodeRate == null) {
                warnings.add("audio-only file without a timecode rate; using the default " + rate.toFpsString());
            }
        }
        if (start != null && !start.rate().equals(rate)) {
            warnings.add("timecode counts at " + start.rate().toFpsString(start.dropFrame())
                    + " but the picture runs at " + rate.toFpsString());
        }
        if (tmcd.isPresent() && tmcd.get().sampleCount() > 1) {
            warnings.add("timecode break: the timecode track has " + tmcd.get().sampleCount()
                    + " samples (the timecode restarts inside the file); the start timecode and the proxies"
                    + " follow the first, and a conform by timecode past the first break will miss");
        }
        if (video.isPresent()) {
            avDurations(movie, rate, frames).ifPresent(warnings::add);
        }
        List<AudioStream> audio = movie.audio().stream()
                .map(a -> new AudioStream(
                        CodecName.ofQuickTime(a.format()), a.channels(), (int) a.sampleRate(), bitsOf(a)))
                .toList();
        return new MediaInfo(
                file.toString(),
                movie.isQuickTime() ? "mov" : "mp4",
                rate,
                frames,
                start,
                reel,
                videoInfo,
                audio,
                vfr,
                camera(movie),
                warnings);
    }

    /**
     * A warning when an audio track's duration differs from the picture's by more than one frame
     * (a recorder that started late, a truncated file): the NLE shows silence or cuts the sound.
     */
    private static Optional<String> avDurations(QuickTimeMovie movie, FrameRate rate, long frames) {
        List<QuickTimeTrack> audio = movie.audio();
        for (int i = 0; i < audio.size(); i++) {
            QuickTimeTrack a = audio.get(i);
            if (a.timescale() <= 0 || a.mediaDuration() <= 0) {
                continue;
            }
            long audioFrames = RationalTime.fromSamples(a.mediaDuration(), a.timescale(), rate, RoundingMode.HALF_UP)
                    .value();
            if (Math.abs(audioFrames - frames) > 1) {
                return Optional.of("audio and video durations differ: audio track " + (i + 1) + " lasts " + audioFrames
                        + " frames, the picture " + frames + " (at " + rate.toFpsString() + ")");
            }
        }
        return Optional.empty();
    }

    private static int bitsOf(QuickTimeTrack audio) {
        return switch (audio.format()) {
            case "in24" -> 24;
            case "in32", "fl32" -> 32;
            case "fl64" -> 64;
            case "mp4a", "ac-3", "ec-3", "Opus" -> 0;
            default -> audio.bitsPerSample();
        };
    }

    private static MediaInfo.Camera camera(QuickTimeMovie movie) {
        Map<String, String> tags = new java.util.HashMap<>();
        movie.tracks().forEach(t -> tags.putAll(t.tags()));
        tags.putAll(movie.tags());
        String make = first(tags, "com.apple.quicktime.make", "\u00a9mak");
        String model = first(tags, "com.apple.quicktime.model", "\u00a9mod");
        String serial = tags.entrySet().stream()
                .filter(e -> e.getKey().toLowerCase(java.util.Locale.ROOT).contains("serial"))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
        return make == null && model == null && serial == null ? null : new MediaInfo.Camera(make, model, serial);
    }

    private static String first(Map<String, String> tags, String... keys) {
        for (String k : keys) {
            String v = tags.get(k);
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }

    private MediaInfo fromWave(Path file, WaveFile wav) {
        List<String> warnings = new ArrayList<>();
        FrameRate rate = defaultTimecodeRate;
        if (wav.ixmlTimecodeRate() != null) {
            try {
                rate = FrameRate.parse(wav.ixmlTimecodeRate());
            } catch (GatewayException e) {
                warnings.add("iXML TIMECODE_RATE '" + wav.ixmlTimecodeRate() + "' is not a rate; using "
                        + rate.toFpsString());
            }
        } else {
            warnings.add("no iXML timecode rate; using the default " + rate.toFpsString());
        }
        boolean df =
                wav.ixmlTimecodeFlag() != null && wav.ixmlTimecodeFlag().trim().equalsIgnoreCase("DF");
        if (df && !rate.supportsDropFrame()) {
            warnings.add("iXML says drop-frame at " + rate.toDecimalString()
                    + " fps, where it does not exist; read as non-drop");
            df = false;
        }
        Timecode start = wav.timeReference() == null
                ? null
                : Timecode.fromSamples(wav.timeReference(), wav.sampleRate(), rate, df);
        long frames = RationalTime.fromSamples(wav.samples(), wav.sampleRate(), rate, RoundingMode.HALF_UP)
                .value();
        AudioStream stream = new AudioStream(wav.codec(), wav.channels(), (int) wav.sampleRate(), wav.bitsPerSample());
        return new MediaInfo(
                file.toString(),
                WAVE_CONTAINER,
                rate,
                frames,
                start,
                wav.ixmlTape(),
                null,
                List.of(stream),
                false,
                null,
                warnings);
    }

    private MediaInfo fromDiscoverer(Path file, DiscoveredMedia media) {
        String name = file.getFileName().toString();
        List<String> warnings = new ArrayList<>();
        Optional<DiscoveredMedia.Video> video =
                media.video().stream().filter(v -> !v.image()).findFirst();
        if (video.isEmpty() && media.audio().isEmpty()) {
            throw new GatewayException(Reason.UNSUPPORTED, name + ": no video or audio stream found");
        }
        FrameRate rate = defaultTimecodeRate;
        boolean vfr = false;
        VideoInfo videoInfo = null;
        if (video.isPresent()) {
            DiscoveredMedia.Video v = video.get();
            videoInfo = new VideoInfo(CodecName.ofCaps(v.caps()), v.width(), v.height());
            if (v.rateNumerator() > 0 && v.rateDenominator() > 0) {
                rate = FrameRate.of(v.rateNumerator(), v.rateDenominator());
            } else {
                vfr = true;
                warnings.add("variable frame rate (the stream declares none); using " + rate.toFpsString());
            }
        }
        if (media.durationNanos() < 0) {
            throw new GatewayException(Reason.CORRUPT, name + ": duration unknown");
        }
        long frames = RationalTime.fromNanos(media.durationNanos(), rate, RoundingMode.HALF_UP)
                .value();
        List<AudioStream> audio = media.audio().stream()
                .map(a -> new AudioStream(CodecName.ofCaps(a.caps()), a.channels(), a.sampleRate(), a.bitDepth()))
                .toList();
        return new MediaInfo(
                file.toString(),
                CodecName.containerOfCaps(media.containerCaps()),
                rate,
                frames,
                null,
                null,
                videoInfo,
                audio,
                vfr,
                null,
                warnings);
    }
}
