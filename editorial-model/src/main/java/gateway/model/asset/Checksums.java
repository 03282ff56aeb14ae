package gateway.model.asset;

/** Content hashes of a file, lower-case hex. */
public record Checksums(String xxh64, String md5) {}
