package gateway.server.auth;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per key (a principal, or a user name at login): {@code burst} calls at once, then
 * {@code perSecond} a second. Over the limit the call fails RESOURCE_LIMIT (gRPC RESOURCE_EXHAUSTED,
 * HTTP 429) before any work is done.
 */
public final class CallRateLimit {
    private final double perSecond;
    private final double burst;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final String what;
    private static final int MAX_KEYS = 10_000;

    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }

    /** {@code what} names the limit in errors, e.g. "calls" or "login attempts". */
    public CallRateLimit(String what, double perSecond, int burst, LongSupplier nanoTime) {
        if (perSecond <= 0 || burst < 1) {
            throw GatewayException.invalid("a rate limit needs a positive rate and a burst of at least 1");
        }
        this.what = what;
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanoTime = nanoTime;
    }

    /** Takes one token from {@code key}'s bucket, or throws RESOURCE_LIMIT when it is empty. */
    public void acquire(String key) {
        if (!tryAcquire(key)) {
            throw new GatewayException(
                    Reason.RESOURCE_LIMIT,
                    "too many " + what + " for " + key + " (limit " + perSecond + "/s, burst " + (int) burst
                            + "); slow down and retry");
        }
    }

    public boolean tryAcquire(String key) {
        long now = nanoTime.getAsLong();
        if (buckets.size() > MAX_KEYS) {
            forgetFullBuckets(now);
        }
        Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(burst, now));
        synchronized (b) {
            b.tokens = Math.min(burst, b.tokens + (now - b.at) / 1e9 * perSecond);
            b.at = now;
            if (b.tokens < 1) {
                return false;
            }
            b.tokens -= 1;
            return true;
        }
    }

    /** Drops buckets that have refilled: they behave exactly like new ones, so memory stays bounded. */
    private void forgetFullBuckets(long now) {
        buckets.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                return e.getValue().tokens + (now - e.getValue().at) / 1e9 * perSecond >= burst;
            }
        });
    }
}
