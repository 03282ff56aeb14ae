package gateway.proxy.samples;

import gateway.model.error.GatewayException;
import gateway.model.time.FrameRate;
import gateway.proxy.progress.ProgressListener;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a Broadcast WAV (EBU Tech 3285 bext v1 + iXML) in Java: GStreamer's wavenc writes no
 * bext. The TimeReference is the start timecode as samples since midnight (rounded up, so that the
 * frame it falls in is exactly the start frame); iXML carries the timecode rate, flag and tape.
 */
final class BroadcastWavWriter {
    static final int SAMPLE_RATE = 48_000;
    private static final int BEXT_BYTES = 602;
    private static final int FRAMES_PER_WRITE = 4800;

    private BroadcastWavWriter() {}

    static void write(SampleSpec spec, Path out, ProgressListener progress) throws IOException {
        FrameRate rate = spec.rate();
        long samples = ceilSamples(spec.durationFrames(), rate);
        long timeReference = ceilSamples(spec.start().toFrames(), rate);
        int channels = spec.audioChannels();
        int bytesPerSample = spec.bitDepth() / 8;
        int blockAlign = channels * bytesPerSample;
        long dataBytes = samples * blockAlign;
        byte[] ixml = ixml(spec).getBytes(StandardCharsets.UTF_8);
        int ixmlPadded = ixml.length + (ixml.length & 1);
        long riffSize = 4 + (8 + BEXT_BYTES) + (8 + ixmlPadded) + (8 + 16) + (8 + dataBytes + (dataBytes & 1));
        if (riffSize > 0xFFFFFFFFL) {
            throw GatewayException.invalid("a WAV of " + samples + " samples exceeds 4 GiB");
        }
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16)) {
            ByteBuffer h = le(12 + 8 + BEXT_BYTES);
            h.put(ascii("RIFF")).putInt((int) riffSize).put(ascii("WAVE"));
            h.put(ascii("bext")).putInt(BEXT_BYTES);
            h.put(fixed("Gateway sample " + (spec.reel() == null ? "" : spec.reel()), 256));
            h.put(fixed("gateway", 32));
            h.put(fixed(spec.reel() == null ? "" : spec.reel(), 32));
            h.put(fixed("2026-01-01", 10)).put(fixed("00:00:00", 8));
            h.putInt((int) timeReference).putInt((int) (timeReference >>> 32));
            h.putShort((short) 1); // bext version 1
            h.position(h.position() + 64 + 190); // UMID and reserved, zero
            os.write(h.array());
            ByteBuffer x = le(8);
            x.put(ascii("iXML")).putInt(ixml.length);
            os.write(x.array());
            os.write(ixml);
            if ((ixml.length & 1) == 1) {
                os.write(0);
            }
            ByteBuffer fmt = le(8 + 16 + 8);
            fmt.put(ascii("fmt ")).putInt(16);
            fmt.putShort((short) 1).putShort((short) channels).putInt(SAMPLE_RATE);
            fmt.putInt(SAMPLE_RATE * blockAlign).putShort((short) blockAlign).putShort((short) spec.bitDepth());
            fmt.put(ascii("data")).putInt((int) dataBytes);
            os.write(fmt.array());
            writeTones(os, samples, channels, bytesPerSample, progress);
            if ((dataBytes & 1) == 1) {
                os.write(0);
            }
        }
    }

    /** A quiet sine per channel (440 Hz, 550 Hz, ...) so channels can be told apart. */
    private static void writeTones(OutputStream os, long samples, int channels, int bytes, ProgressListener progress)
            throws IOException {
        byte[] block = new byte[FRAMES_PER_WRITE * channels * bytes];
        double amplitude = 0.25 * ((1L << (bytes * 8 - 1)) - 1);
        int lastPercent = -1;
        for (long s = 0; s < samples; ) {
            int n = (int) Math.min(FRAMES_PER_WRITE, samples - s);
            int p = 0;
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < channels; c++) {
                    double hz = 440 + 110 * c;
                    long v = Math.round(amplitude * Math.sin(2 * Math.PI * hz * (s + i) / SAMPLE_RATE));
                    for (int b = 0; b < bytes; b++) {
                        block[p++] = (byte) (v >> (8 * b));
                    }
                }
            }
            os.write(block, 0, p);
            s += n;
            int percent = (int) (s * 100 / samples);
            while (lastPercent < percent) {
                progress.progress(++lastPercent);
            }
        }
    }

    /** The first sample at or after frame {@code frames}: ceil(frames * 48000 * den / num). */
    static long ceilSamples(long frames, FrameRate rate) {
        BigInteger n = BigInteger.valueOf(frames)
                .multiply(BigInteger.valueOf(SAMPLE_RATE))
                .multiply(BigInteger.valueOf(rate.denominator()));
        BigInteger[] qr = n.divideAndRemainder(BigInteger.valueOf(rate.numerator()));
        return qr[0].longValueExact() + (qr[1].signum() > 0 ? 1 : 0);
    }

    private static String ixml(SampleSpec spec) {
        String tape = spec.reel() == null ? "" : escape(spec.reel());
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<BWFXML>\n<IXML_VERSION>1.5</IXML_VERSION>\n"
                + "<TAPE>" + tape + "</TAPE>\n<SPEED>\n<TIMECODE_RATE>" + spec.rate() + "</TIMECODE_RATE>\n"
                + "<TIMECODE_FLAG>" + (spec.start().dropFrame() ? "DF" : "NDF") + "</TIMECODE_FLAG>\n"
                + "</SPEED>\n</BWFXML>\n";
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] fixed(String s, int n) {
        byte[] out = new byte[n];
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, out, 0, Math.min(n, b.length));
        return out;
    }
}
