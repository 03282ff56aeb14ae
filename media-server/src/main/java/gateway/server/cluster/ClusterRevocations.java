package gateway.server.cluster;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import gateway.server.auth.RevocationRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Revocations shared by every node of the cluster: {@code revoked-subjects} (subject → epoch
 * milliseconds before which its tokens are refused; the latest wins) and {@code revoked-tokens}
 * (token id → when it expires; the entry lives until then). A node joining pushes what its own
 * file holds and takes what the cluster holds; afterwards each node's {@link RevocationRegistry}
 * writes what it hears into its own file, so the file stays the source of truth and a lone restart
 * keeps every revocation. Hazelcast is AP: another node refuses a revoked token as soon as the
 * entry event reaches it (milliseconds on a healthy cluster). Revocations written into the file by
 * another process ({@code ./gateway user revoke …} beside the node) are pushed on a timer.
 */
public final class ClusterRevocations implements RevocationRegistry.Broadcast, AutoCloseable {
    static final String SUBJECTS = "revoked-subjects";
    static final String TOKENS = "revoked-tokens";

    private final IMap<String, Long> subjects;
    private final IMap<String, Long> tokens;
    private final Clock clock;
    private final UUID subjectListener;
    private final UUID tokenListener;
    private final RevocationRegistry local;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "gateway-revocation-push");
        t.setDaemon(true);
        return t;
    });
    private Map<String, Instant> pushedSubjects = Map.of();
    private Map<String, Instant> pushedTokens = Map.of();

    private ClusterRevocations(HazelcastInstance hazelcast, RevocationRegistry local, Clock clock) {
        this.subjects = hazelcast.getMap(SUBJECTS);
        this.tokens = hazelcast.getMap(TOKENS);
        this.clock = clock;
        this.local = local;
        this.subjectListener = subjects.addEntryListener(
                new Listener((subject, at) -> local.applySubject(subject, Instant.ofEpochMilli(at))), true);
        this.tokenListener = tokens.addEntryListener(
                new Listener((token, until) -> local.applyToken(token, Instant.ofEpochMilli(until))), true);
    }

    /**
     * Connects {@code local} to the cluster's revocations both ways; what appears in the local file
     * by other means is pushed every {@code pushEvery}.
     */
    public static ClusterRevocations join(
            HazelcastInstance hazelcast, RevocationRegistry local, Clock clock, Duration pushEvery) {
        ClusterRevocations shared = new ClusterRevocations(hazelcast, local, clock);
        shared.pushLocal();
        for (Map.Entry<String, Long> e : shared.subjects.entrySet()) {
            local.applySubject(e.getKey(), Instant.ofEpochMilli(e.getValue()));
        }
        for (Map.Entry<String, Long> e : shared.tokens.entrySet()) {
            local.applyToken(e.getKey(), Instant.ofEpochMilli(e.getValue()));
        }
        local.shareWith(shared);
        shared.timer.scheduleWithFixedDelay(
                shared::pushQuietly, pushEvery.toMillis(), pushEvery.toMillis(), TimeUnit.MILLISECONDS);
        return shared;
    }

    /** Pushes the local file's revocations the cluster has not had from this node yet. */
    private synchronized void pushLocal() {
        Map<String, Instant> subjectsNow = local.subjects();
        subjectsNow.forEach((subject, at) -> {
            if (!at.equals(pushedSubjects.get(subject))) {
                subjectRevoked(subject, at);
            }
        });
        Map<String, Instant> tokensNow = local.tokens();
        tokensNow.forEach((token, until) -> {
            if (!pushedTokens.containsKey(token)) {
                tokenRevoked(token, until);
            }
        });
        pushedSubjects = subjectsNow;
        pushedTokens = tokensNow;
    }

    private void pushQuietly() {
        try {
            pushLocal();
        } catch (RuntimeException e) {
            System.getLogger(ClusterRevocations.class.getName())
                    .log(System.Logger.Level.WARNING, "cannot share revocations with the cluster: " + e.getMessage());
        }
    }

    @Override
    public void subjectRevoked(String subject, Instant at) {
        // Rounded up: a node that hears it refuses at least every token this node refuses.
        long millis = at.toEpochMilli() + (at.getNano() % 1_000_000 == 0 ? 0 : 1);
        while (true) { // keep the latest revocation without a read-modify-write race
            Long current = subjects.putIfAbsent(subject, millis);
            if (current == null || current >= millis || subjects.replace(subject, current, millis)) {
                return;
            }
        }
    }

    @Override
    public void tokenRevoked(String tokenId, Instant expiresAt) {
        long ttl = expiresAt.toEpochMilli() - clock.millis();
        if (ttl > 0) {
            tokens.put(tokenId, expiresAt.toEpochMilli(), ttl, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        subjects.removeEntryListener(subjectListener);
        tokens.removeEntryListener(tokenListener);
    }

    private record Listener(BiConsumer<String, Long> apply)
            implements EntryAddedListener<String, Long>, EntryUpdatedListener<String, Long> {
        @Override
        public void entryAdded(EntryEvent<String, Long> event) {
            apply.accept(event.getKey(), event.getValue());
        }

        @Override
        public void entryUpdated(EntryEvent<String, Long> event) {
            apply.accept(event.getKey(), event.getValue());
        }
    }
}
