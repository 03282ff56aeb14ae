package gateway.server.config;

import gateway.model.error.GatewayException;
import java.time.Duration;

/** The catalogue (key {@code catalog.reconcile-interval-s}: how often the indexes are reconciled with the store; 0 = only at start). */
public record CatalogConfig(Duration reconcileInterval) {
    public static final Duration DEFAULT_RECONCILE = Duration.ofMinutes(10);

    public CatalogConfig {
        if (reconcileInterval == null) {
            reconcileInterval = DEFAULT_RECONCILE;
        }
        if (reconcileInterval.isNegative() || reconcileInterval.compareTo(Duration.ofDays(7)) > 0) {
            throw GatewayException.invalid("config key catalog.reconcile-interval-s must be 0-604800 seconds, not "
                    + reconcileInterval.toSeconds());
        }
    }

    public static CatalogConfig defaults() {
        return new CatalogConfig(DEFAULT_RECONCILE);
    }
}
