package gateway.proxy.transcode;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.asset.FragmentIndex;
import gateway.model.asset.MediaInfo;
import gateway.model.asset.VideoInfo;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Whose fault a stream proxy that is not one GOP per fragment is: the damaged original's, or ours. */
class StreamProxyVerifyTest {
    private static final MediaInfo FIFTY_FRAMES = new MediaInfo(
            "/A001C003.mov",
            "mov",
            FrameRate.FPS_25,
            50,
            null,
            null,
            new VideoInfo("h264", 1920, 1080),
            List.of(),
            false,
            null,
            List.of());

    /** Fragments of the given frame counts, back to back. */
    private static FragmentIndex index(long... frames) {
        List<FragmentIndex.Fragment> fragments = new java.util.ArrayList<>();
        long start = 0;
        long offset = 1_000;
        for (long n : frames) {
            fragments.add(new FragmentIndex.Fragment(start, n, offset, 10_000));
            start += n;
            offset += 10_000;
        }
        return new FragmentIndex(FrameRate.FPS_25, 1_000, fragments);
    }

    @Test
    void aProxyWithEveryFrameInWholeGopsPasses() {
        assertDoesNotThrow(() -> StreamProxy.verify("A001C003.mov", FIFTY_FRAMES, index(25, 25), 25, 50));
    }

    @Test
    void aFrameTheDecoderCouldNotGiveIsTheOriginalsFault() {
        // A damaged frame: the decoder gave 49 pictures of the 50 declared, so the proxy has 49.
        GatewayException e = assertThrows(
                GatewayException.class, () -> StreamProxy.verify("A001C003.mov", FIFTY_FRAMES, index(25, 24), 25, 49));
        assertEquals(Reason.CORRUPT, e.reason());
        assertTrue(e.getMessage().contains("declares 50 frames but decoding it gave 49 pictures"), e.getMessage());
    }

    @Test
    void aProxyThatLosesFramesTheDecoderGaveIsOurs() {
        GatewayException e = assertThrows(
                GatewayException.class,
                () -> StreamProxy.verify("A001C003.mov", FIFTY_FRAMES, index(8, 25, 16), 25, 50));
        assertEquals(Reason.INTERNAL, e.reason());
        assertTrue(e.getMessage().contains("49 frames instead of 50"), e.getMessage());
        assertTrue(e.getMessage().contains("fragment 0 holds 8 frames from frame 0"), e.getMessage());
        assertFalse(e.getMessage().contains("Fragment["), "a fragment is described, not printed as a record");
    }
}
