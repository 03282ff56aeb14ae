package gateway.proxy.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import gateway.model.error.GatewayException;
import gateway.model.time.FrameRate;
import org.junit.jupiter.api.Test;

class MismatchesTest {
    @Test
    void namesEachDifferenceAndAFrameRateAsPeopleReadIt() {
        Mismatches m = new Mismatches();
        m.compare("frame rate", FrameRate.FPS_25, FrameRate.FPS_23_976);
        m.compare("width", 1920, 1920);
        m.compare("height", 1080, 720);

        GatewayException e = assertThrows(GatewayException.class, () -> m.throwIfAny("proxy A.mov:"));

        assertEquals(
                "proxy A.mov: frame rate 23.976 fps instead of 25 fps; height 720 instead of 1080;", e.getMessage());
    }
}
