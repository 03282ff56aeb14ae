package gateway.proxy.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import gateway.model.error.GatewayException;
import gateway.model.storage.ByteRange;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestoreRangesTest {
    @Test
    void mergesTouchingAndOverlappingRangesAndDropsEmptyOnes() {
        List<ByteRange> merged = RestoreRanges.merge(List.of(
                new ByteRange(100, 10),
                new ByteRange(0, 8),
                new ByteRange(110, 5),
                new ByteRange(112, 10),
                new ByteRange(50, 0),
                new ByteRange(200, 1)));
        assertEquals(List.of(new ByteRange(0, 8), new ByteRange(100, 22), new ByteRange(200, 1)), merged);
    }

    @Test
    void whatPlanningFetchedIsNotFetchedAgain() {
        Planned planned = new Planned(
                new RestoreRanges(List.of(new ByteRange(0, 100), new ByteRange(500, 100)), 1000, null),
                List.of(
                        new Planned.Fetched(new ByteRange(0, 16), new byte[16]),
                        new Planned.Fetched(new ByteRange(40, 16), new byte[16]),
                        new Planned.Fetched(new ByteRange(550, 100), new byte[100])));
        assertEquals(
                List.of(new ByteRange(16, 24), new ByteRange(56, 44), new ByteRange(500, 50)), planned.stillToFetch());
    }

    @Test
    void handlesWidenTheSpanWithinTheFile() {
        assertEquals(new FrameSpan(0, 30), new FrameSpan(5, 20).withHandles(10, 30));
        assertEquals(new FrameSpan(88, 187), new FrameSpan(100, 175).withHandles(12, 250));
        assertThrows(GatewayException.class, () -> new FrameSpan(40, 50).withHandles(2, 30));
    }
}
