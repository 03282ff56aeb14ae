package gateway.server.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.protos.stream.v1.Waveform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WaveformFileTest {
    @TempDir
    Path dir;

    @Test
    void mapsUnitPeaksToSigned16BitPerChannel() throws Exception {
        Path json = dir.resolve("waveform.json");
        Files.writeString(json, """
                {"sample_rate":48000,"samples_per_peak":480,"peaks_per_second":100,
                 "channels":[[[-1.0,1.0],[-0.5,0.25]],[[0.0,0.0],[-2.0,3.0]]]}
                """);
        Waveform w = WaveformFile.read(json);
        assertEquals(48000, w.getSampleRateHz());
        assertEquals(480, w.getSamplesPerPeak());
        assertEquals(2, w.getChannelsCount());
        assertEquals(1, w.getChannels(1).getChannelIndex());
        assertEquals(List.of(-32768, -16384), w.getChannels(0).getMinS16List());
        assertEquals(List.of(32767, 8192), w.getChannels(0).getMaxS16List());
        assertEquals(List.of(0, -32768), w.getChannels(1).getMinS16List(), "clamped to [-1, 1]");
        assertEquals(List.of(0, 32767), w.getChannels(1).getMaxS16List());
    }

    @Test
    void aFileWithoutPeaksIsCorrupt() throws Exception {
        Path json = dir.resolve("waveform.json");
        Files.writeString(json, "{\"sample_rate\":48000,\"samples_per_peak\":480,\"channels\":[[[0.1]]]}");
        GatewayException e = assertThrows(GatewayException.class, () -> WaveformFile.read(json));
        assertEquals(Reason.CORRUPT, e.reason());
        Files.writeString(json, "{\"channels\":[]}");
        assertEquals(
                Reason.CORRUPT,
                assertThrows(GatewayException.class, () -> WaveformFile.read(json))
                        .reason());
    }
}
