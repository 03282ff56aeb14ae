package gateway.relink.nest;

/** Why one nest clip is left as it is; caught per clip, so the rest of the edit still flattens. */
final class NotFlattened extends RuntimeException {
    NotFlattened(String reason) {
        super(reason, null, false, false);
    }
}
