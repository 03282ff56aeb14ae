package gateway.testing;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.util.EnumSet;
import java.util.Set;

/**
 * The contract every fuzz target holds a parser of untrusted bytes to: it returns a result or fails
 * with a {@link GatewayException} whose {@link Reason} says the input's fault (PARSE_ERROR, CORRUPT,
 * UNSUPPORTED, INVALID_ARGUMENT...). Any other exception escapes to Jazzer as a finding; so does a
 * GatewayException with a reason that blames us (INTERNAL) or is not one the parser may give.
 */
public final class FuzzContract {
    /** What a reader of an untrusted file may fail with: the input's fault, or a configured limit. */
    public static final Set<Reason> INPUT_FAULTS = EnumSet.of(
            Reason.PARSE_ERROR, Reason.CORRUPT, Reason.UNSUPPORTED, Reason.INVALID_ARGUMENT, Reason.RESOURCE_LIMIT);

    private FuzzContract() {}

    /** A parse that may throw only a GatewayException. */
    @FunctionalInterface
    public interface Parse {
        void run() throws Exception;
    }

    /** Runs {@code parse}; a GatewayException must carry one of {@code allowed}, and nothing else may escape. */
    public static void holds(Set<Reason> allowed, Parse parse) throws Exception {
        try {
            parse.run();
        } catch (GatewayException e) {
            if (!allowed.contains(e.reason())) {
                throw new AssertionError(
                        "failed with " + e.reason() + " (allowed " + allowed + "): " + e.getMessage(), e);
            }
            if (e.getMessage() == null || e.getMessage().isBlank()) {
                throw new AssertionError("a " + e.reason() + " failure without a message", e);
            }
        }
    }

    /** {@link #holds(Set, Parse)} with {@link #INPUT_FAULTS}. */
    public static void holds(Parse parse) throws Exception {
        holds(INPUT_FAULTS, parse);
    }
}
