package gateway.proxy.gst;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A planar Y'CbCr picture format that {@link SwscaleStage} takes as it comes from a decoder: its
 * GStreamer name, libav's name, the chroma subsampling (as shifts) and the bytes per sample.
 */
record SourceFormat(String gstName, String avName, int chromaWidthShift, int chromaHeightShift, int bytesPerSample) {
    /** The three-plane formats decoders of camera originals produce; anything else is converted to one first. */
    static final List<SourceFormat> ALL = List.of(
            new SourceFormat("I422_10LE", "yuv422p10le", 1, 0, 2),
            new SourceFormat("I420", "yuv420p", 1, 1, 1),
            new SourceFormat("Y42B", "yuv422p", 1, 0, 1),
            new SourceFormat("Y444", "yuv444p", 0, 0, 1),
            new SourceFormat("I420_10LE", "yuv420p10le", 1, 1, 2),
            new SourceFormat("Y444_10LE", "yuv444p10le", 0, 0, 2),
            new SourceFormat("I420_12LE", "yuv420p12le", 1, 1, 2),
            new SourceFormat("I422_12LE", "yuv422p12le", 1, 0, 2),
            new SourceFormat("Y444_12LE", "yuv444p12le", 0, 0, 2));

    static Optional<SourceFormat> of(String gstName) {
        return ALL.stream().filter(f -> f.gstName.equals(gstName)).findFirst();
    }

    /** "{ I422_10LE, I420, ... }": a caps field value listing them all, most wanted first. */
    static String capsList() {
        return ALL.stream().map(SourceFormat::gstName).collect(Collectors.joining(", ", "{ ", " }"));
    }

    /** The rows of plane {@code plane} of a picture {@code height} high. */
    int rows(int plane, int height) {
        return plane == 0 ? height : (height + (1 << chromaHeightShift) - 1) >> chromaHeightShift;
    }

    /** The bytes of one row of plane {@code plane} of a picture {@code width} wide, without padding. */
    int rowBytes(int plane, int width) {
        int samples = plane == 0 ? width : (width + (1 << chromaWidthShift) - 1) >> chromaWidthShift;
        return samples * bytesPerSample;
    }
}
