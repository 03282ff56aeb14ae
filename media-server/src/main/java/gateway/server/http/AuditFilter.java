package gateway.server.http;

import gateway.model.error.GatewayException;
import gateway.server.auth.AuditLog;
import io.helidon.common.uri.UriQuery;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Which audit lines {@code GET /api/v1/admin/audit} answers: {@code actor} (exact subject),
 * {@code action} (exact, case-insensitive), {@code outcome} ({@code allow} or {@code deny}),
 * {@code from} / {@code to} (ISO-8601 instants, {@code from} inclusive, {@code to} exclusive) and
 * {@code limit} (the newest N, 1-5000, default 500). An empty parameter filters nothing.
 */
record AuditFilter(String actor, String action, Boolean allowed, Instant from, Instant to, int limit) {
    static final int DEFAULT_LIMIT = 500;
    static final int MAX_LIMIT = 5000;

    static AuditFilter of(UriQuery query) {
        String outcome = query.first("outcome").orElse("").toLowerCase(Locale.ROOT);
        Boolean allowed =
                switch (outcome) {
                    case "" -> null;
                    case "allow" -> true;
                    case "deny" -> false;
                    default -> throw GatewayException.invalid("outcome must be allow or deny, not '" + outcome + "'");
                };
        String limit = query.first("limit").orElse("");
        if (!limit.isEmpty() && !limit.matches("\\d{1,4}")) {
            throw GatewayException.invalid("limit must be a whole number 1-" + MAX_LIMIT + ", not '" + limit + "'");
        }
        int n = limit.isEmpty() ? DEFAULT_LIMIT : Math.max(1, Math.min(MAX_LIMIT, Integer.parseInt(limit)));
        return new AuditFilter(
                query.first("actor").orElse(""),
                query.first("action").orElse("").toUpperCase(Locale.ROOT),
                allowed,
                instant(query, "from"),
                instant(query, "to"),
                n);
    }

    private static Instant instant(UriQuery query, String name) {
        String text = query.first(name).orElse("");
        if (text.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw GatewayException.invalid(
                    name + " must be an ISO-8601 instant such as 2026-12-07T09:30:00Z, not '" + text + "'");
        }
    }

    boolean matches(AuditLog.Entry e) {
        if (!actor.isEmpty() && !actor.equals(e.subject())) {
            return false;
        }
        if (!action.isEmpty() && !action.equals(e.action())) {
            return false;
        }
        if (allowed != null && allowed != e.allowed()) {
            return false;
        }
        if (from == null && to == null) {
            return true;
        }
        Instant t;
        try {
            t = Instant.parse(e.time());
        } catch (DateTimeParseException unreadable) {
            return false;
        }
        return (from == null || !t.isBefore(from)) && (to == null || t.isBefore(to));
    }
}
