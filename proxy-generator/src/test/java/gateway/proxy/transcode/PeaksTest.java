package gateway.proxy.transcode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import gateway.model.error.GatewayException;
import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

class PeaksTest {

    @Test
    void minAndMaxPerChannelPerBlockWithAPartialLastPeak() {
        Peaks peaks = new Peaks(2, 3);
        // frames (left, right): 7 frames = two whole peaks of 3 and one partial of 1
        peaks.add(FloatBuffer.wrap(new float[] {0.1f, -0.1f, 0.5f, -0.2f, -0.3f, 0.0f, 0.2f, 0.9f}));
        peaks.add(FloatBuffer.wrap(new float[] {0.0f, -1.0f, -0.4f, 0.3f, 0.25f, 0.25f}));

        assertEquals(7, peaks.samples());
        assertArrayEquals(new float[] {-0.3f, 0.5f, -0.4f, 0.2f, 0.25f, 0.25f}, peaks.of(0));
        assertArrayEquals(new float[] {-0.2f, 0.0f, -1.0f, 0.9f, 0.25f, 0.25f}, peaks.of(1));
    }

    @Test
    void aHalfFrameWaitsForTheRestAndManyPeaksGrowTheStore() {
        Peaks peaks = new Peaks(1, 1);
        float[] ramp = new float[1000];
        for (int i = 0; i < ramp.length; i++) {
            ramp[i] = i / 1000f;
        }
        peaks.add(FloatBuffer.wrap(ramp));
        float[] p = peaks.of(0);
        assertEquals(2000, p.length);
        assertEquals(0.999f, p[1999]);

        Peaks stereo = new Peaks(2, 2);
        stereo.add(FloatBuffer.wrap(new float[] {0.5f, 0.5f, 0.1f}));
        assertEquals(1, stereo.samples(), "the odd sample is not a whole frame");
    }

    @Test
    void rejectsNonsense() {
        assertThrows(GatewayException.class, () -> new Peaks(0, 480));
        assertThrows(GatewayException.class, () -> new Peaks(2, 0));
    }
}
