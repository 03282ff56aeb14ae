package gateway.server.auth;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Access tokens this node has verified lately, by their exact text, so a client that makes many
 * calls with one token (a player seeking) pays for its parse and signature check once. Only a
 * token that passed every check of {@link TokenService#verify} is kept, with what that check
 * depends on over time: its not-before and expiry and the id of the key that signed it. The
 * {@link TokenService} uses an entry only while the clock is within those times and the key is
 * still in the ring, and verifies the token from scratch otherwise; so a token refused without
 * this cache is refused with it. Revocation and the user's state are not kept here: the
 * {@link Authenticator} checks them on every call. Bounded: the least recently used entry goes first.
 */
final class VerifiedTokens {
    /** What a verified token's continued validity depends on. */
    record Entry(TokenService.Claims claims, String keyId, Instant notBefore) {
        /** Whether the token is still within its times at {@code now} (allowing {@code skew} before not-before). */
        boolean timelyAt(Instant now, java.time.Duration skew) {
            return claims.expiresAt().isAfter(now) && !notBefore.isAfter(now.plus(skew));
        }
    }

    private final Map<String, Entry> entries;

    VerifiedTokens(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a verified-token cache needs room for at least one token: " + capacity);
        }
        this.entries = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, VerifiedTokens.Entry> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The entry of {@code token}, or null. */
    synchronized Entry get(String token) {
        return entries.get(token);
    }

    synchronized void put(String token, Entry entry) {
        entries.put(token, entry);
    }

    /** Forgets {@code token} (it no longer passes; the next call verifies it in full and refuses it). */
    synchronized void remove(String token) {
        entries.remove(token);
    }

    synchronized int size() {
        return entries.size();
    }
}
