package gateway.model.asset;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * One place that holds (or held) an asset's original, and in what state: the NAS copy
 * ({@code tier "nas"}, a path, {@link State#PRESENT} or {@link State#RELEASED}) or an object in a
 * bucket ({@code tier "archive"}, {@code s3://bucket/key}, {@link State#UPLOADING} until it is
 * complete, {@link State#VERIFIED} once its bytes were read back and matched the manifest's checksums).
 *
 * @param tier the configured tier's name
 * @param address where in that tier: an absolute path, or {@code s3://bucket/key}
 * @param state what the location holds now
 * @param uploadId the S3 multipart upload in flight ({@link State#UPLOADING} only; null otherwise), so
 *     a demotion that failed half-way resumes it instead of starting again
 * @param since when the location entered this state (UTC)
 */
public record OriginalLocation(String tier, String address, State state, String uploadId, Instant since) {

    /** What a location holds. */
    public enum State {
        /** A file with the original's bytes is there (a POSIX tier). */
        PRESENT,
        /** The file was deleted on purpose after another tier's copy was verified. */
        RELEASED,
        /** An upload to an object tier started and has not completed (resumable). */
        UPLOADING,
        /** The object is complete but its bytes were not read back yet. */
        UPLOADED,
        /** The object's bytes were read back and matched the manifest's xxh64 and MD5. */
        VERIFIED;

        /** The name in manifests and on screen: {@code present}, {@code released} ... */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The state a label names; IllegalArgumentException for an unknown label. */
        public static State ofLabel(String label) {
            for (State s : values()) {
                if (s.label().equals(label)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown location state '" + label + "'");
        }

        /** True when the location holds every byte of the original (a present file or a verified object). */
        public boolean holdsTheOriginal() {
            return this == PRESENT || this == VERIFIED;
        }
    }

    public OriginalLocation {
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(since, "since");
        if (state != State.UPLOADING) {
            uploadId = null;
        }
    }

    /** The same location in {@code next} state since {@code at} (the upload id dropped unless still uploading). */
    public OriginalLocation in(State next, Instant at) {
        return new OriginalLocation(tier, address, next, next == State.UPLOADING ? uploadId : null, at);
    }

    @Override
    public String toString() {
        return "tier \"" + tier + "\" " + address + ": " + state.label();
    }
}
