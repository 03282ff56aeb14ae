package gateway.client;

import java.nio.file.Path;

/**
 * A finished fetch.
 *
 * @param path the complete file
 * @param sizeBytes its size
 * @param resumedFromBytes how many bytes an earlier, interrupted fetch had already left in the partial file
 * @param attempts how many calls it took (more than one after retriable failures)
 */
public record FetchResult(Path path, long sizeBytes, long resumedFromBytes, int attempts) {}
