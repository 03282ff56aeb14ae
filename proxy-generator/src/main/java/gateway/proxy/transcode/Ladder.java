package gateway.proxy.transcode;

import gateway.model.asset.AssetId;
import gateway.model.asset.AudioStream;
import gateway.model.asset.FragmentIndex;
import gateway.model.asset.MediaInfo;
import gateway.model.asset.Rendition;
import gateway.model.error.GatewayException;
import gateway.model.time.RationalTime;
import gateway.proxy.gst.PipelineJob;
import gateway.proxy.gst.PipelineResult;
import gateway.proxy.gst.ProgressCounter;
import gateway.proxy.probe.MediaProbe;
import gateway.proxy.probe.OpAtomClip;
import gateway.proxy.progress.ProgressListener;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * The proxy ladder: every rendition of an original from ONE decode (one GStreamer pipeline, a tee
 * on the picture and on each audio stream). Files land in the asset folder (see the module's
 * README for the layout), each written under a temporary name and renamed into place only when
 * every branch has finished and been checked; a failure in any branch fails the whole job with a
 * classified {@link GatewayException} and leaves no temporary file. Audio-only originals get only
 * the profiles that need no picture (the waveform), and a WAVE original its edit rendition as a
 * Broadcast WAV copied from it ({@link SoundEdit}); originals without audio get no waveform.
 */
public final class Ladder {
    private final MediaProbe probe;
    private final LadderProfiles profiles;

    public Ladder(MediaProbe probe) {
        this(probe, LadderProfiles.defaults());
    }

    public Ladder(MediaProbe probe, LadderProfiles profiles) {
        this.probe = Objects.requireNonNull(probe, "probe");
        this.profiles = Objects.requireNonNull(profiles, "profiles");
    }

    public LadderProfiles profiles() {
        return profiles;
    }

    /** Makes every configured profile (what ingest does, and the "whole ladder" row of the benchmark). */
    public LadderResult makeAll(Path original, MediaInfo probed, AssetId id, Path assetDir, ProgressListener progress) {
        return make(original, probed, id, assetDir, profiles.names(), progress);
    }

    /** Makes only "stream-hi" (the benchmark's one-rendition row, against ffmpeg with the same settings). */
    public LadderResult makeStreamHi(
            Path original, MediaInfo probed, AssetId id, Path assetDir, ProgressListener progress) {
        return make(original, probed, id, assetDir, Set.of(StreamProxy.PROFILE), progress);
    }

    /**
     * Makes the profiles named (each must be configured) of {@code original}, already probed as
     * {@code probed}, under {@code assetDir}. Profiles the original cannot have (pictures of a WAV) are
     * skipped. Fails with NOT_FOUND, INVALID_ARGUMENT (unknown profile), UNSUPPORTED or CORRUPT
     * (GStreamer cannot decode it), TIMEOUT, IO, or INTERNAL (an output does not match the original).
     */
    public LadderResult make(
            Path original,
            MediaInfo probed,
            AssetId id,
            Path assetDir,
            Set<String> profileNames,
            ProgressListener progress) {
        String subject = original.getFileName().toString();
        List<LadderProfile> selected = new ArrayList<>();
        LadderProfile.Edit soundEdit = null;
        for (LadderProfile p : profiles.select(profileNames)) {
            if (!p.appliesTo(probed)) {
                continue;
            }
            if (p instanceof LadderProfile.Edit e && probed.video() == null) {
                soundEdit = e; // copied, not decoded: see SoundEdit
            } else {
                selected.add(p);
            }
        }
        if (!Files.isRegularFile(original)) {
            throw GatewayException.notFound(subject + ": no such file");
        }
        if (selected.isEmpty() && soundEdit == null) {
            progress.progress(100);
            return new LadderResult(List.of(), Map.of());
        }
        boolean pictures = selected.stream().anyMatch(LadderProfile::needsVideo);
        ProgressCounter counter = new ProgressCounter(
                expectedUnits(probed, pictures),
                new ProgressListener() {
                    @Override
                    public void progress(int p) {
                        if (p < 100) {
                            progress.progress(p);
                        }
                    }

                    @Override
                    public void frames(long done, long total) {
                        progress.frames(done, total);
                    }
                },
                pictures);
        List<String> order =
                profiles.select(profileNames).stream().map(LadderProfile::name).toList();
        try (LadderOutputs outputs = new LadderOutputs(assetDir, order)) {
            FirstFailure failure = new FirstFailure();
            LongConsumer audioProgress = pictures ? null : counter::advance;
            LadderBranch.Context context = new LadderBranch.Context(
                    original, probed, id, subject, outputs, failure, audioProgress, counter::seen);
            if (soundEdit != null) {
                SoundEdit.make(soundEdit, context, probe);
            }
            // One encoder alone gets the whole machine: x264 chooses its threads (3 on 2 cores), as
            // a lone ffmpeg would; side by side, each keeps its profile's share.
            boolean soleEncoder = selected.stream().filter(Ladder::encodes).count() == 1;
            List<LadderBranch> branches =
                    selected.stream().map(p -> branch(p, context, soleEncoder)).toList();
            if (!branches.isEmpty()) {
                run(context, branches, counter);
                branches.forEach(LadderBranch::finish);
            }
            List<Rendition> renditions = outputs.commit();
            Map<String, FragmentIndex> indexes = new LinkedHashMap<>();
            for (LadderBranch b : branches) {
                if (b instanceof FragmentedBranch f) {
                    indexes.put(b.profile().name(), f.index());
                }
            }
            progress.progress(100);
            return new LadderResult(renditions, indexes);
        }
    }

    private static void run(LadderBranch.Context context, List<LadderBranch> branches, ProgressCounter counter) {
        MediaInfo probed = context.probed();
        // An Avid OP-Atom clip: its picture read here, its sound files decoded one by one (OpAtomFeed)
        Optional<OpAtomClip> atom = probed.video() != null && isMxf(context.original())
                ? OpAtomClip.of(context.original()).filter(OpAtomClip::dnxhd)
                : Optional.empty();
        String head = atom.map(c -> OpAtomFeed.head(c, LadderGraph.VIDEO_TEE)).orElse(LadderGraph.DECODED);
        try (PipelineJob job = PipelineJob.parse(
                LadderGraph.description(
                        branches, head, atom.isEmpty() && probed.variableFrameRate() ? probed.frameRate() : null),
                "proxy ladder of " + context.subject())) {
            context.failure().onFailure(() -> job.abort("ladder", "a branch failed"));
            LadderGraph.attachScalers(job, branches);
            if (context.audioProgress() == null) {
                counter.watch(job.element(LadderGraph.VIDEO_TEE).getStaticPad("sink"));
            }
            branches.forEach(b -> b.attach(job));
            OpAtomFeed feed = null;
            if (atom.isPresent()) {
                feed = OpAtomFeed.attach(job, atom.get(), branches, context);
            } else {
                job.element("src").set("location", context.original().toString());
                LadderGraph.route(job, branches, context);
            }
            try {
                PipelineResult result = job.run(Duration.ofSeconds(120 + 2 * probed.durationFrames()));
                context.failure().rethrow();
                result.orThrow(context.subject());
            } finally {
                if (feed != null) {
                    feed.close();
                }
            }
        }
        context.failure().rethrow();
    }

    private static boolean isMxf(Path file) {
        return file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".mxf");
    }

    private static boolean encodes(LadderProfile p) {
        return p instanceof LadderProfile.Edit || p instanceof LadderProfile.Stream || p instanceof LadderProfile.Scrub;
    }

    private LadderBranch branch(LadderProfile p, LadderBranch.Context context, boolean soleEncoder) {
        return switch (p) {
            case LadderProfile.Edit e ->
                new EditBranch(e, context, new EditProxy(probe), soleEncoder ? 0 : e.encoderThreads());
            case LadderProfile.Stream s -> new FragmentedBranch(s, context, soleEncoder ? 0 : s.encoderThreads());
            case LadderProfile.Scrub s -> new FragmentedBranch(s, context, soleEncoder ? 0 : s.encoderThreads());
            case LadderProfile.Poster s -> new PosterBranch(s, context);
            case LadderProfile.Thumbnails t -> new ThumbnailsBranch(t, context);
            case LadderProfile.Filmstrip f -> new FilmstripBranch(f, context);
            case LadderProfile.Waveform w -> new WaveformBranch(w, context);
        };
    }

    /** Pictures when a rung takes the picture, otherwise audio samples of the first stream. */
    private static long expectedUnits(MediaInfo probed, boolean pictures) {
        if (pictures) {
            return probed.durationFrames();
        }
        int rate = probed.audio().stream()
                .mapToInt(AudioStream::sampleRate)
                .findFirst()
                .orElse(48_000);
        long nanos =
                RationalTime.of(probed.durationFrames(), probed.frameRate()).toNanos(RoundingMode.HALF_EVEN);
        return Math.max(1, nanos / 1000 * rate / 1_000_000);
    }
}
