package gateway.agent;

import java.util.List;

/**
 * What {@link ProxyCache#verify()} found.
 *
 * @param checked how many entries were checked
 * @param problems the entries that were bad (and have been removed), with why
 */
public record VerifyReport(int checked, List<Problem> problems) {
    /** One bad entry and what was wrong with it. */
    public record Problem(CacheEntry entry, String why) {}

    public VerifyReport {
        problems = List.copyOf(problems);
    }

    public boolean allGood() {
        return problems.isEmpty();
    }
}
