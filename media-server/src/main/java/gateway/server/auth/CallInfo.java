package gateway.server.auth;

import java.util.Objects;

/**
 * Where a request came from, as the audit log records it beside each decision: the request id
 * (the client's {@code x-request-id} or one the node made up), the session (the access token's id),
 * the client's address, and, for a byte-range read, the range asked for. Empty strings for what is
 * not known (a command-line action, a call refused before its token was read).
 */
public record CallInfo(String requestId, String session, String clientAddress, String byteRange) {
    public static final CallInfo NONE = new CallInfo("", "", "", "");

    public CallInfo {
        requestId = Objects.requireNonNullElse(requestId, "");
        session = Objects.requireNonNullElse(session, "");
        clientAddress = Objects.requireNonNullElse(clientAddress, "");
        byteRange = Objects.requireNonNullElse(byteRange, "");
    }

    public CallInfo withSession(String tokenId) {
        return new CallInfo(requestId, tokenId, clientAddress, byteRange);
    }

    /** The same call reading {@code length} bytes from {@code offset}; a length of 0 or less means to the end. */
    public CallInfo withByteRange(long offset, long length) {
        return new CallInfo(
                requestId,
                session,
                clientAddress,
                length <= 0 ? "bytes=" + offset + "-" : "bytes=" + offset + "-" + (offset + length - 1));
    }

    public boolean isEmpty() {
        return requestId.isEmpty() && session.isEmpty() && clientAddress.isEmpty() && byteRange.isEmpty();
    }
}
