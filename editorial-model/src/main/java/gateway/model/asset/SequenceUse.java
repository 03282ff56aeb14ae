package gateway.model.asset;

import gateway.model.error.GatewayException;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One sequence (an edit that was conformed or uploaded) and the assets of its project it uses,
 * with how many of its events use each: the reverse "used in" index is derived from these records.
 * {@code source} says what fed it ("conform", "upload").
 */
public record SequenceUse(
        ProjectId project, String sequence, String source, Instant recordedAt, Map<AssetId, Integer> events) {

    public SequenceUse {
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(recordedAt, "recordedAt");
        if (sequence == null || sequence.isBlank()) {
            throw GatewayException.invalid("a sequence use needs the sequence's name");
        }
        sequence = sequence.strip();
        source = source == null || source.isBlank() ? "conform" : source;
        events = Map.copyOf(events == null ? Map.of() : events);
    }
}
