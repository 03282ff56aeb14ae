package gateway.proxy.samples;

import gateway.model.asset.DurableFiles;
import gateway.model.error.GatewayException;
import gateway.model.time.FrameRate;
import gateway.proxy.gst.PipelineJob;
import gateway.proxy.gst.ProgressCounter;
import gateway.proxy.probe.QuickTimeReelWriter;
import gateway.proxy.progress.ProgressListener;
import gateway.proxy.samples.SampleSpec.Codec;
import gateway.proxy.samples.SampleSpec.Container;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Generates camera originals for the demo, the tests and the benchmarks: QuickTime (ProRes 422 HQ
 * or H.264) with a timecode track and reel name, H.264 + AAC in MP4 without timecode, DNxHR in
 * MXF, or a Broadcast WAV. Video comes from GStreamer test sources, audio is a sine per channel.
 * The file is written under a temporary name and renamed into place when complete.
 */
public final class SampleOriginals {
    private static final int AUDIO_SAMPLES_PER_BUFFER = 480;

    /** Writes {@code spec} to {@code out}; returns {@code out}. */
    public Path generate(SampleSpec spec, Path out) {
        return generate(spec, out, ProgressListener.NONE);
    }

    public Path generate(SampleSpec spec, Path out, ProgressListener progress) {
        try (DurableFiles.Pending output = DurableFiles.pending(out)) {
            if (spec.container() == Container.WAV) {
                BroadcastWavWriter.write(spec, output.temp(), progress);
            } else {
                encode(spec, output.temp(), out.getFileName().toString(), progress);
                if (spec.container() == Container.MOV && spec.reel() != null) {
                    QuickTimeReelWriter.write(output.temp(), spec.reel());
                }
                progress.progress(100);
            }
            return output.commit();
        } catch (IOException e) {
            throw GatewayException.io("cannot write sample " + out + ": " + e.getMessage(), e);
        }
    }

    private static void encode(SampleSpec spec, Path temp, String subject, ProgressListener progress) {
        try (PipelineJob job = PipelineJob.parse(description(spec), "sample " + subject)) {
            job.element("sink").set("location", temp.toString());
            ProgressCounter counter = new ProgressCounter(spec.durationFrames(), p -> {
                if (p < 100) {
                    progress.progress(p);
                }
            });
            counter.watch(job.element("enc").getStaticPad("sink"));
            long pixelsPerFrame = (long) spec.width() * spec.height();
            Duration limit = Duration.ofSeconds(120 + spec.durationFrames() * pixelsPerFrame / (1920L * 1080));
            job.run(limit).orThrow(subject);
        }
    }

    static String description(SampleSpec spec) {
        FrameRate r = spec.rate();
        String caps = "video/x-raw,width=" + spec.width() + ",height=" + spec.height() + ",framerate=" + r.numerator()
                + "/" + r.denominator();
        long frames = spec.durationFrames();
        StringBuilder d = new StringBuilder();
        String bars = "videotestsrc num-buffers=" + frames + " pattern=smpte horizontal-speed=4 ! " + caps;
        if (spec.noisy()) {
            d.append("compositor name=mix background=black sink_1::alpha=0.22 ! ")
                    .append(caps)
                    .append(" ! ");
        } else {
            d.append(bars).append(" ! ");
        }
        if (spec.container() == Container.MOV) {
            d.append("timecodestamper source=zero set=always timecode-offset=")
                    .append(spec.start().toFrames())
                    .append(" drop-frame=")
                    .append(spec.start().dropFrame())
                    .append(" ! ");
        }
        d.append("videoconvert n-threads=2 ! video/x-raw,format=")
                .append(pixelFormat(spec.codec()))
                .append(" ! ")
                .append(encoder(spec))
                .append(" ! queue ! ")
                .append(muxer(spec.container()))
                .append(" name=mux ! filesink name=sink");
        if (spec.noisy()) {
            d.append(' ').append(bars).append(" ! mix.sink_0");
            d.append(" videotestsrc num-buffers=")
                    .append(frames)
                    .append(" pattern=snow ! video/x-raw,width=")
                    .append(Math.max(2, spec.width() / 8 * 2))
                    .append(",height=")
                    .append(Math.max(2, spec.height() / 8 * 2))
                    .append(",framerate=")
                    .append(r.numerator())
                    .append('/')
                    .append(r.denominator())
                    .append(" ! mix.sink_1");
        }
        if (spec.audioChannels() > 0) {
            long samples = BroadcastWavWriter.ceilSamples(frames, r);
            long buffers = (samples + AUDIO_SAMPLES_PER_BUFFER - 1) / AUDIO_SAMPLES_PER_BUFFER;
            d.append(" audiotestsrc wave=sine volume=0.25 num-buffers=")
                    .append(buffers)
                    .append(" samplesperbuffer=")
                    .append(AUDIO_SAMPLES_PER_BUFFER)
                    .append(" ! audioconvert ! audio/x-raw,layout=interleaved,rate=")
                    .append(BroadcastWavWriter.SAMPLE_RATE)
                    .append(",format=S")
                    .append(spec.bitDepth())
                    .append("LE,channels=")
                    .append(spec.audioChannels());
            if (spec.audioChannels() > 2) {
                d.append(",channel-mask=(bitmask)0x0");
            }
            if (spec.container() == Container.MP4) {
                d.append(" ! audioconvert ! avenc_aac bitrate=192000 ! aacparse");
            }
            d.append(" ! queue ! mux.");
        }
        return d.toString();
    }

    private static String muxer(Container container) {
        return switch (container) {
            case MOV -> "qtmux";
            case MP4 -> "mp4mux";
            case MXF -> "mxfmux";
            case WAV -> throw new IllegalStateException("a WAV is not muxed");
        };
    }

    private static String pixelFormat(Codec codec) {
        return switch (codec) {
            case PRORES_HQ -> "I422_10LE";
            case DNXHD -> "Y42B";
            case H264 -> "I420";
            case NONE -> throw new IllegalStateException("no picture");
        };
    }

    private static String encoder(SampleSpec spec) {
        return switch (spec.codec()) {
            case PRORES_HQ -> "avenc_prores_ks name=enc profile=hq threads=0";
            case DNXHD -> "avenc_dnxhd name=enc profile=dnxhr_hq threads=0";
            case H264 ->
                "x264enc name=enc speed-preset=faster bitrate=25000 key-int-max="
                        + spec.rate().timecodeBase();
            case NONE -> throw new IllegalStateException("no picture");
        };
    }
}
