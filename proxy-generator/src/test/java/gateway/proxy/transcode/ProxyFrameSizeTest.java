package gateway.proxy.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProxyFrameSizeTest {

    @ParameterizedTest
    @CsvSource({
        "1920, 1080, 960, 540, 2",
        "3840, 2160, 960, 540, 4",
        "4096, 2160, 512, 270, 8",
        "1280, 720, 640, 360, 2",
        "640, 360, 640, 360, 1",
        "2048, 858, 2048, 858, 1",
        "720, 576, 360, 288, 2"
    })
    void exactEvenDivisorWithin960x540(int w, int h, int pw, int ph, int d) {
        assertEquals(new ProxyFrameSize(pw, ph, d), ProxyFrameSize.of(w, h, 960, 540));
    }
}
