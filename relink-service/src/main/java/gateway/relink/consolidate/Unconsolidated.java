package gateway.relink.consolidate;

import gateway.relink.link.LinkStatus;

/**
 * An event whose media a consolidation cannot copy, and why: no original chosen (unmatched,
 * ambiguous, invalid), the original does not hold its frames, or the original is not on disk.
 * {@code assetId} is null when no original was chosen.
 */
public record Unconsolidated(String event, int line, String track, LinkStatus status, String assetId, String reason) {}
