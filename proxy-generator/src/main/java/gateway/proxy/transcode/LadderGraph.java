package gateway.proxy.transcode;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import gateway.proxy.gst.PipelineJob;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.freedesktop.gstreamer.Bin;
import org.freedesktop.gstreamer.Caps;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.ElementFactory;
import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.Pad;
import org.freedesktop.gstreamer.Structure;

/**
 * The one-decode pipeline of a ladder. The first decoded picture goes into a tee ({@code vtee});
 * each distinct encode size gets one scaler and its own tee, which feeds the encoders of that size
 * (the largest scaled from {@code vtee}, the others from the largest: see {@link #description});
 * frame grabbers hang off the largest size's tee when their picture fits within it, otherwise off
 * {@code vtee}. Each decoded audio stream gets a tee, added when
 * decodebin exposes it, feeding the branches that want it. A queue follows every tee pad (audio
 * queues are unbounded so that one muxer waiting for pictures cannot stall the others), and every
 * sink is {@code async=false}: a sink that prerolled would otherwise block its tee while the
 * muxers still wait for enough pictures to fill x264's look-ahead.
 */
final class LadderGraph {
    static final String VIDEO_TEE = "vtee";
    /** From the largest size's 8-bit I420 to a smaller one: GStreamer's fast path for I420, an orc-compiled loop. */
    static final String CASCADED_SCALER = "videoconvertscale method=bilinear2";

    private static final String AUDIO_QUEUE = "queue max-size-buffers=0 max-size-bytes=0 max-size-time=0";

    private LadderGraph() {}

    /**
     * The launch description: source, decoder and the static video part (no paths). Only the
     * largest encode size is scaled from the decoded picture (a 10-bit 4:2:2 original costs the
     * scaler most of its time unpacking the full-size picture); smaller encode sizes, and frame
     * grabbers that fit within it, are scaled from that 8-bit 4:2:0 picture. A chain of two
     * scalers filters better than one: 1920 to 480 wide in one 2-tap step skips pixels, 1920 to 960
     * to 480 averages all of them.
     */
    static String description(List<LadderBranch> branches) {
        return description(branches, DECODED);
    }

    /** The head of the description of a file GStreamer reads: its decodebin's pads are {@link #route}d. */
    static final String DECODED = "filesrc name=src ! decodebin name=dec";

    /** As {@link #description(List)}, from {@code head} (another source that ends in or links to {@link #VIDEO_TEE}). */
    static String description(List<LadderBranch> branches, String head) {
        return description(branches, head, null);
    }

    /** The element a variable-rate picture is made constant by, before {@link #VIDEO_TEE}. */
    static final String CONSTANT_RATE = "cfr";

    /**
     * As {@link #description(List, String)}; when {@code constantRate} is given (a variable-rate
     * original), the picture goes through {@code videorate} to that rate before {@link #VIDEO_TEE}
     * (route then links the decoder to {@link #CONSTANT_RATE}).
     */
    static String description(List<LadderBranch> branches, String head, FrameRate constantRate) {
        StringBuilder d = new StringBuilder(head);
        List<LadderBranch> video = videoBranches(branches);
        if (video.isEmpty()) {
            return d.toString();
        }
        if (constantRate != null) {
            d.append(" videorate name=")
                    .append(CONSTANT_RATE)
                    .append(" ! video/x-raw,framerate=")
                    .append(constantRate.numerator())
                    .append('/')
                    .append(constantRate.denominator())
                    .append(" !");
        }
        d.append(" tee name=").append(VIDEO_TEE);
        ProxyFrameSize top = top(video);
        Map<ProxyFrameSize, String> scalers = new LinkedHashMap<>();
        for (LadderBranch b : video) {
            String from = VIDEO_TEE;
            ProxyFrameSize size = b.encodeSize();
            if (size != null) {
                from = scaler(d, scalers, size, top);
            } else if (fits(b.grabSize(), top)) {
                from = scaler(d, scalers, top, top);
            }
            d.append(' ')
                    .append(from)
                    .append(". ! queue name=")
                    .append(b.prefix())
                    .append("q ! ")
                    .append(b.videoChain());
        }
        return d.toString();
    }

    /**
     * Connects the scaler of the largest size (see {@link ProxyFrameSize#attachScaler}) in the
     * pipeline parsed from {@link #description}{@code (branches)}, when it has one.
     */
    static void attachScalers(PipelineJob job, List<LadderBranch> branches) {
        List<LadderBranch> video = videoBranches(branches);
        ProxyFrameSize top = top(video);
        Set<ProxyFrameSize> fromDecoded = new LinkedHashSet<>();
        for (LadderBranch b : video) {
            ProxyFrameSize size = b.encodeSize();
            if (size != null) {
                fromDecoded.add(cascades(size, top) ? top : size);
            } else if (fits(b.grabSize(), top)) {
                fromDecoded.add(top);
            }
        }
        fromDecoded.forEach(size -> size.attachScaler(job, stage(size)));
    }

    /** True when {@code size} is scaled from the largest size's pictures rather than the decoded ones. */
    private static boolean cascades(ProxyFrameSize size, ProxyFrameSize top) {
        return !size.equals(top) && size.width() <= top.width() && size.height() <= top.height();
    }

    private static List<LadderBranch> videoBranches(List<LadderBranch> branches) {
        return branches.stream().filter(b -> b.videoChain() != null).toList();
    }

    /** The largest encode size, or null. */
    private static ProxyFrameSize top(List<LadderBranch> video) {
        return video.stream()
                .map(LadderBranch::encodeSize)
                .filter(Objects::nonNull)
                .max(Comparator.comparingLong(s -> (long) s.width() * s.height()))
                .orElse(null);
    }

    /** The tee of pictures scaled to {@code size}, added to {@code d} (after the one of {@code top}) when new. */
    private static String scaler(
            StringBuilder d, Map<ProxyFrameSize, String> scalers, ProxyFrameSize size, ProxyFrameSize top) {
        String name = scalers.get(size);
        if (name != null) {
            return name;
        }
        String from = VIDEO_TEE;
        String scale = size.scalerChain(stage(size));
        if (cascades(size, top)) {
            from = scaler(d, scalers, top, top);
            // bilinear2 widens its kernel with the ratio: 960 to 640 wide averages every pixel
            scale = CASCADED_SCALER + " ! " + size.rawCaps();
        }
        name = "size_" + size.width() + "x" + size.height();
        scalers.put(size, name);
        d.append(' ')
                .append(from)
                .append(". ! queue ! ")
                .append(scale)
                .append(" ! tee name=")
                .append(name);
        return name;
    }

    /** The name of the scaling stage of the decoded picture to {@code size}. */
    static String stage(ProxyFrameSize size) {
        return "scale_" + size.width() + "x" + size.height();
    }

    private static boolean fits(FrameGrabber.Size grab, ProxyFrameSize top) {
        return grab != null && top != null && grab.width() <= top.width() && grab.height() <= top.height();
    }

    /**
     * Links what decodebin exposes: the first picture to {@code vtee} (when a branch wants it), each
     * audio stream to a tee of the chains the branches make for it; anything else to a fakesink.
     */
    static void route(PipelineJob job, List<LadderBranch> branches, LadderBranch.Context context) {
        boolean wantsVideo = branches.stream().anyMatch(b -> b.videoChain() != null);
        AtomicBoolean videoLinked = new AtomicBoolean();
        AtomicInteger audioIndex = new AtomicInteger();
        AtomicBoolean exposed = new AtomicBoolean();
        failWhenNothingIsExposed(job, context, exposed);
        job.element("dec").connect((Element.PAD_ADDED) (dec, pad) -> {
            exposed.set(true);
            try {
                Caps caps = pad.getCurrentCaps();
                Structure s = caps == null || caps.size() == 0 ? null : caps.getStructure(0);
                String media = s == null ? "" : s.getName();
                if (media.startsWith("video/") && wantsVideo && videoLinked.compareAndSet(false, true)) {
                    String into = context.probed().variableFrameRate() ? CONSTANT_RATE : VIDEO_TEE;
                    PipelineJob.link(pad, job.element(into).getStaticPad("sink"));
                } else if (media.startsWith("audio/")) {
                    int channels = s.hasField("channels") ? s.getInteger("channels") : 2;
                    routeAudio(job, branches, pad, audioIndex.getAndIncrement(), channels);
                } else {
                    discard(job, pad);
                }
            } catch (RuntimeException e) {
                context.failure().record(context.subject(), e);
            }
        });
        // The picture chains are linked from the start: when decodebin has exposed every stream and
        // none was a picture, nothing would end them and the muxers would wait for ever. A file whose
        // header promised pictures but none decodes is damaged.
        job.element("dec").connect((Element.NO_MORE_PADS) dec -> {
            exposed.set(true);
            if (wantsVideo && !videoLinked.get()) {
                context.failure()
                        .record(
                                context.subject(),
                                new GatewayException(
                                        Reason.CORRUPT,
                                        context.subject() + ": no picture stream could be decoded, though the file"
                                                + " declares one (truncated or damaged)"));
            }
        });
    }

    /**
     * How long decodebin may take to expose the first stream of a file. It needs only the headers
     * and a first decoded picture or sound, well under a second for any original (seconds on a
     * loaded machine); past this the job fails rather than waiting for its whole time limit.
     */
    static final Duration EXPOSE_LIMIT = Duration.ofSeconds(30);

    /**
     * Fails the job as CORRUPT when decodebin has exposed no stream (nor said it has none) within
     * {@link #EXPOSE_LIMIT}. GStreamer 1.22's decodebin drops the error of a demuxer that fails
     * while decodebin is still bringing it to PAUSED (its "filtered" errors, kept only when that
     * state change fails): qtdemux, reading a MOV cut before its moov box from its own thread,
     * can report "no playable streams" inside that window. The error never reaches the bus, no pad
     * appears and nothing ends the pipeline; without this the job waits until its time limit.
     */
    private static void failWhenNothingIsExposed(PipelineJob job, LadderBranch.Context context, AtomicBoolean exposed) {
        CompletableFuture<Void> check = CompletableFuture.runAsync(
                () -> {
                    if (!exposed.get()) {
                        context.failure()
                                .record(
                                        context.subject(),
                                        new GatewayException(
                                                Reason.CORRUPT,
                                                context.subject() + ": GStreamer found no stream it could decode in "
                                                        + EXPOSE_LIMIT.toSeconds()
                                                        + " s (truncated or damaged: a MOV or MP4 cut before"
                                                        + " its index, for one)"));
                    }
                },
                CompletableFuture.delayedExecutor(EXPOSE_LIMIT.toMillis(), TimeUnit.MILLISECONDS));
        job.onClose(() -> check.cancel(false));
    }

    /** Links {@code pad}, the original's {@code index}-th audio stream, to a tee of the chains the branches make for it. */
    static void routeAudio(PipelineJob job, List<LadderBranch> branches, Pad pad, int index, int channels) {
        List<LadderBranch.AudioChain> chains = new ArrayList<>();
        for (LadderBranch b : branches) {
            LadderBranch.AudioChain c = b.audioChain(index, channels);
            if (c != null) {
                chains.add(c);
            }
        }
        if (chains.isEmpty()) {
            discard(job, pad);
            return;
        }
        Element tee = ElementFactory.make("tee", "atee" + index);
        job.pipeline().add(tee);
        List<Bin> bins = new ArrayList<>();
        for (LadderBranch.AudioChain c : chains) {
            Bin bin = Gst.parseBinFromDescription(AUDIO_QUEUE + " ! " + c.description(), true);
            job.pipeline().add(bin);
            PipelineJob.link(tee.getRequestPad("src_%u"), bin.getStaticPad("sink"));
            if (c.muxName() != null) {
                PipelineJob.link(
                        bin.getStaticPad("src"), job.element(c.muxName()).getRequestPad("audio_%u"));
            }
            c.attach().accept(bin);
            bins.add(bin);
        }
        bins.forEach(Bin::syncStateWithParent);
        tee.syncStateWithParent();
        PipelineJob.link(pad, tee.getStaticPad("sink"));
    }

    private static void discard(PipelineJob job, Pad pad) {
        Element sink = ElementFactory.make("fakesink", null);
        sink.set("sync", false);
        sink.set("async", false);
        job.pipeline().add(sink);
        sink.syncStateWithParent();
        PipelineJob.link(pad, sink.getStaticPad("sink"));
    }
}
