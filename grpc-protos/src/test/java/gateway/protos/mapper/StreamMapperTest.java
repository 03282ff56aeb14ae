package gateway.protos.mapper;

import static org.junit.jupiter.api.Assertions.assertEquals;

import gateway.model.asset.FragmentIndex;
import gateway.model.time.FrameRate;
import gateway.protos.stream.v1.Fragment;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamMapperTest {
    @Test
    void mapsEveryFieldOfTheIndexAndTheRendition() {
        FragmentIndex index = new FragmentIndex(
                FrameRate.FPS_23_976,
                1200,
                List.of(
                        new FragmentIndex.Fragment(0, 24, 1200, 50_000),
                        new FragmentIndex.Fragment(24, 12, 51_200, 20_000)));

        var wire = StreamMapper.toProto(index, "stream-lo", 90_000, "video/mp4", 7);

        assertEquals("stream-lo", wire.getProfile());
        assertEquals(90_000, wire.getSizeBytes());
        assertEquals(24000, wire.getRate().getNum());
        assertEquals(1001, wire.getRate().getDen());
        assertEquals(1200, wire.getHeaderLengthBytes());
        assertEquals("video/mp4", wire.getMimeType());
        assertEquals(7, wire.getVersion());
        assertEquals(
                List.of(
                        Fragment.newBuilder()
                                .setStartFrame(0)
                                .setDurationFrames(24)
                                .setOffsetBytes(1200)
                                .setLengthBytes(50_000)
                                .build(),
                        Fragment.newBuilder()
                                .setStartFrame(24)
                                .setDurationFrames(12)
                                .setOffsetBytes(51_200)
                                .setLengthBytes(20_000)
                                .build()),
                wire.getFragmentsList());
    }
}
