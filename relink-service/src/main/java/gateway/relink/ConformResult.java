package gateway.relink;

import gateway.relink.link.LinkStatus;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a conform wrote and how it went. {@link #allMatched()} false means the CLI exits non-zero
 * with {@link #summary()} as its reason.
 */
public record ConformResult(
        Path timeline,
        Path reportJson,
        Path reportHtml,
        Map<LinkStatus, Integer> totals,
        boolean allMatched,
        String summary) {

    public ConformResult {
        totals = Map.copyOf(totals);
    }
}
