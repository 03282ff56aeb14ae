package gateway.proxy.probe;

import com.code_intelligence.jazzer.junit.FuzzTest;
import gateway.testing.FuzzContract;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz targets for the probe's own parsers of untrusted media: the QuickTime / MP4 box and sample
 * table reader, the MXF header metadata reader, and the RIFF / RF64 WAVE reader with Broadcast WAV
 * bext and iXML. Each input either reads or fails as the input's fault ({@link FuzzContract}); a
 * per-input limit of 10 s catches a hang. Inputs replay from {@code ProbeFuzzTestInputs/<target>/}
 * in every test run; {@code ./gateway bench --fuzz} fuzzes them.
 */
class ProbeFuzzTest {

    @FuzzTest
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void quickTime(byte[] data) throws Exception {
        FuzzContract.holds(() -> {
            try (MemoryChannel channel = new MemoryChannel(data)) {
                new QuickTimeReader(Path.of("fuzz.mov"), channel).read();
            }
        });
    }

    @FuzzTest
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void mxf(byte[] data) throws Exception {
        FuzzContract.holds(() -> {
            try (MemoryChannel channel = new MemoryChannel(data)) {
                MxfFile.read("fuzz.mxf", channel);
            }
        });
    }

    @FuzzTest
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void wave(byte[] data) throws Exception {
        FuzzContract.holds(() -> {
            try (MemoryChannel channel = new MemoryChannel(data)) {
                WaveFile.read("fuzz.wav", channel);
            }
        });
    }
}
