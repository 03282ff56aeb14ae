package gateway.relink;

import gateway.relink.consolidate.ConsolidationPlan;
import gateway.relink.link.LinkResult;
import gateway.relink.link.LinkStatus;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What a conform wrote and how it went. {@link #allMatched()} false means the CLI exits non-zero
 * with {@link #summary()} as its reason. {@code linked} is the linker's result (the conformed
 * timeline, status markers included when asked for, and one decision per event); null only for a
 * result made without it. {@code consolidation} is the plan when the request asked for one, else null.
 */
public record ConformResult(
        Path timeline,
        Path reportJson,
        Path reportHtml,
        Map<LinkStatus, Integer> totals,
        boolean allMatched,
        String summary,
        LinkResult linked,
        ConsolidationPlan consolidation) {

    public ConformResult {
        totals = Map.copyOf(totals);
    }

    /** A result without the link result or a consolidation plan. */
    public ConformResult(
            Path timeline,
            Path reportJson,
            Path reportHtml,
            Map<LinkStatus, Integer> totals,
            boolean allMatched,
            String summary) {
        this(timeline, reportJson, reportHtml, totals, allMatched, summary, null, null);
    }

    /** The consolidation plan, when the request asked for one. */
    public Optional<ConsolidationPlan> consolidationPlan() {
        return Optional.ofNullable(consolidation);
    }
}
