package gateway.model.error;

/**
 * The closed set of reasons every module fails with. The server maps each to one gRPC status and
 * one HTTP code; the CLI prints the message as a one-line reason. The reason also decides whether
 * a failure may be retried ({@link #retriable()}, {@link #sometimesRetriable()}), as gRPC's status
 * codes do: UNAVAILABLE always, a deadline or a storage failure when the failure was transient.
 */
public enum Reason {
    /** The request itself is wrong (bad argument, unknown option, bad timecode). */
    INVALID_ARGUMENT,
    /** An input file is syntactically broken (EDL, XML, JSON) at a known place. */
    PARSE_ERROR,
    /** No such asset, project, job or file (also used for denials that must not reveal existence). */
    NOT_FOUND,
    ALREADY_EXISTS,
    UNAUTHENTICATED,
    PERMISSION_DENIED,
    /** The state must be fixed before the call can succeed (e.g. no proxy yet). */
    FAILED_PRECONDITION,
    /** Past the end of the media or outside a range. */
    OUT_OF_RANGE,
    /** Media or feature we do not handle (codec, container, format version). */
    UNSUPPORTED,
    /** Media that claims to be a format but is damaged or truncated. */
    CORRUPT,
    TIMEOUT,
    /** A configured limit was hit: too large, too many, too often (a full disk is {@link #STORAGE_FULL}). */
    RESOURCE_LIMIT,
    /**
     * A store's file system is full (ENOSPC): the message names the path, the bytes needed and free.
     * Nothing partial is kept; the same call succeeds once space is freed.
     */
    STORAGE_FULL,
    /** Reading or writing storage failed. */
    IO,
    /** A dependency is temporarily unavailable; retry the call. */
    UNAVAILABLE,
    CANCELLED,
    /** A bug: an invariant did not hold. */
    INTERNAL;

    /** True when every failure for this reason may succeed if the same call is tried again (UNAVAILABLE). */
    public boolean retriable() {
        return this == UNAVAILABLE;
    }

    /**
     * True when a failure for this reason is retriable if it was transient (a deadline, a storage
     * hiccup) and not otherwise: the failure says which ({@link RetriableGatewayException}). Always
     * true for a {@link #retriable()} reason; false for the rest, whose failures retrying cannot fix.
     */
    public boolean sometimesRetriable() {
        return retriable() || this == TIMEOUT || this == IO;
    }
}
