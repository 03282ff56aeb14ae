package gateway.ingest.config;

import gateway.model.error.GatewayException;
import gateway.model.time.FrameRate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The ingest slice of the configuration (keys {@code ingest.*}, {@code jobs.*}, {@code probe.*}):
 * what the job board, the claimers and the worker JVMs need. Every default is here, once.
 *
 * @param localWorkers {@code ingest.local-workers}: claimers (each with its child JVM) in this process, 0-64
 * @param jobTimeoutMin {@code ingest.job-timeout-min-s}: the shortest time a job may run
 * @param jobTimeoutPerMediaSecond {@code ingest.job-timeout-per-media-s}: added per second of media
 * @param probeDefaultTimecodeRate {@code probe.default-timecode-rate}: the rate of sound-only originals without one
 * @param jobLease {@code ingest.lease-s}: how long a claimed job stays with its worker without a renewal
 * @param jobPoll {@code ingest.poll-ms}: how often an idle claimer looks for claimable jobs
 * @param watchFolders {@code ingest.watch-folders}
 * @param ingestRoots {@code ingest.roots}: the folders ingest requests may name (empty: any path)
 * @param finishedJobTtl {@code jobs.finished-ttl-s}: how long a finished job stays on the job board
 * @param intakeMbPerSecond {@code ingest.intake-mb-per-s}: the most a job's copy and hashing phases read
 *     per second, in MB (10^6 bytes), so offloads and hashing leave the storage to editors; 0: no limit
 */
public record IngestConfig(
        int localWorkers,
        Duration jobTimeoutMin,
        int jobTimeoutPerMediaSecond,
        FrameRate probeDefaultTimecodeRate,
        Duration jobLease,
        Duration jobPoll,
        List<WatchFolder> watchFolders,
        List<Path> ingestRoots,
        Duration finishedJobTtl,
        int intakeMbPerSecond) {

    public static final int DEFAULT_LOCAL_WORKERS = 1;
    public static final Duration DEFAULT_JOB_TIMEOUT_MIN = Duration.ofSeconds(120);
    public static final int DEFAULT_JOB_TIMEOUT_PER_MEDIA_SECOND = 20;
    public static final FrameRate DEFAULT_TIMECODE_RATE = FrameRate.of(25, 1);
    public static final Duration DEFAULT_JOB_LEASE = Duration.ofSeconds(30);
    public static final Duration DEFAULT_JOB_POLL = Duration.ofMillis(1000);
    public static final Duration DEFAULT_FINISHED_JOB_TTL = Duration.ofHours(24);
    public static final int DEFAULT_INTAKE_MB_PER_SECOND = 0;

    public IngestConfig {
        if (localWorkers < 0 || localWorkers > 64) {
            throw GatewayException.invalid("config key ingest.local-workers must be 0-64, not " + localWorkers);
        }
        if (jobTimeoutMin.isNegative() || jobTimeoutMin.isZero()) {
            throw GatewayException.invalid("config key ingest.job-timeout-min-s must be at least 1 second");
        }
        if (jobTimeoutPerMediaSecond < 0) {
            throw GatewayException.invalid("config key ingest.job-timeout-per-media-s must not be negative");
        }
        if (jobLease.compareTo(Duration.ofSeconds(1)) < 0 || jobLease.compareTo(Duration.ofMinutes(10)) > 0) {
            throw GatewayException.invalid(
                    "config key ingest.lease-s must be 1-600 seconds, not " + jobLease.toSeconds());
        }
        if (jobPoll.toMillis() < 50 || jobPoll.compareTo(Duration.ofMinutes(1)) > 0) {
            throw GatewayException.invalid("config key ingest.poll-ms must be 50-60000, not " + jobPoll.toMillis());
        }
        watchFolders = List.copyOf(watchFolders == null ? List.of() : watchFolders);
        ingestRoots = ingestRoots == null
                ? List.of()
                : ingestRoots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        if (finishedJobTtl == null) {
            finishedJobTtl = DEFAULT_FINISHED_JOB_TTL;
        }
        if (finishedJobTtl.toSeconds() < 1 || finishedJobTtl.compareTo(Duration.ofDays(365)) > 0) {
            throw GatewayException.invalid(
                    "config key jobs.finished-ttl-s must be 1-31536000 seconds, not " + finishedJobTtl.toSeconds());
        }
        if (intakeMbPerSecond < 0 || intakeMbPerSecond > 100_000) {
            throw GatewayException.invalid(
                    "config key ingest.intake-mb-per-s must be 0-100000 MB/s (0: no limit), not " + intakeMbPerSecond);
        }
    }

    public static IngestConfig defaults() {
        return new IngestConfig(
                DEFAULT_LOCAL_WORKERS,
                DEFAULT_JOB_TIMEOUT_MIN,
                DEFAULT_JOB_TIMEOUT_PER_MEDIA_SECOND,
                DEFAULT_TIMECODE_RATE,
                DEFAULT_JOB_LEASE,
                DEFAULT_JOB_POLL,
                List.of(),
                List.of(),
                DEFAULT_FINISHED_JOB_TTL,
                DEFAULT_INTAKE_MB_PER_SECOND);
    }

    /** A job's time-out grows with the media's duration. */
    public Duration jobTimeout(long mediaSeconds) {
        return jobTimeoutMin.plusSeconds(Math.max(0, mediaSeconds) * jobTimeoutPerMediaSecond);
    }

    /** {@code workers} claimers here, a lease of {@code lease} (renewed while a job runs), a look every {@code poll}. */
    public IngestConfig withWorkers(int workers, Duration lease, Duration poll) {
        return new IngestConfig(
                workers,
                jobTimeoutMin,
                jobTimeoutPerMediaSecond,
                probeDefaultTimecodeRate,
                lease,
                poll,
                watchFolders,
                ingestRoots,
                finishedJobTtl,
                intakeMbPerSecond);
    }

    public IngestConfig withJobTimeoutMin(Duration min) {
        return new IngestConfig(
                localWorkers,
                min,
                jobTimeoutPerMediaSecond,
                probeDefaultTimecodeRate,
                jobLease,
                jobPoll,
                watchFolders,
                ingestRoots,
                finishedJobTtl,
                intakeMbPerSecond);
    }

    public IngestConfig withWatchFolders(List<WatchFolder> folders) {
        return new IngestConfig(
                localWorkers,
                jobTimeoutMin,
                jobTimeoutPerMediaSecond,
                probeDefaultTimecodeRate,
                jobLease,
                jobPoll,
                folders,
                ingestRoots,
                finishedJobTtl,
                intakeMbPerSecond);
    }

    public IngestConfig withIngestRoots(List<Path> roots) {
        return new IngestConfig(
                localWorkers,
                jobTimeoutMin,
                jobTimeoutPerMediaSecond,
                probeDefaultTimecodeRate,
                jobLease,
                jobPoll,
                watchFolders,
                roots,
                finishedJobTtl,
                intakeMbPerSecond);
    }

    public IngestConfig withFinishedJobTtl(Duration ttl) {
        return new IngestConfig(
                localWorkers,
                jobTimeoutMin,
                jobTimeoutPerMediaSecond,
                probeDefaultTimecodeRate,
                jobLease,
                jobPoll,
                watchFolders,
                ingestRoots,
                ttl,
                intakeMbPerSecond);
    }

    /** Copy and hashing reads held to {@code mbPerSecond} MB/s ({@code ingest.intake-mb-per-s}; 0: no limit). */
    public IngestConfig withIntakeMbPerSecond(int mbPerSecond) {
        return new IngestConfig(
                localWorkers,
                jobTimeoutMin,
                jobTimeoutPerMediaSecond,
                probeDefaultTimecodeRate,
                jobLease,
                jobPoll,
                watchFolders,
                ingestRoots,
                finishedJobTtl,
                mbPerSecond);
    }

    /** {@code ingest.intake-mb-per-s} in bytes per second (0: no limit). */
    public long intakeBytesPerSecond() {
        return intakeMbPerSecond * 1_000_000L;
    }
}
