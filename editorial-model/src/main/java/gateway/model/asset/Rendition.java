package gateway.model.asset;

/**
 * One output made from an original: {@code profile} is "edit", "stream-hi", "stream-lo", "scrub",
 * "thumbnails" ...; {@code path} is relative to the asset's folder in the store.
 */
public record Rendition(String profile, String path, String mimeType, long sizeBytes, Checksums checksums) {}
