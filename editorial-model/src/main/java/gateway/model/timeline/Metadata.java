package gateway.model.timeline;

import gateway.model.error.GatewayException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Free-form, JSON-shaped metadata carried by every timeline object, as OTIO does: keys in insertion
 * order, values are strings, booleans, whole numbers ({@code Long}/{@code BigInteger}), decimals
 * ({@code BigDecimal}, never {@code double}), lists and nested maps. Immutable; by convention the
 * top-level keys are namespaces ("cmx_3600", "gateway").
 */
public final class Metadata {
    private static final Metadata EMPTY = new Metadata(Map.of());

    private final Map<String, Object> values;

    private Metadata(Map<String, Object> values) {
        this.values = values;
    }

    public static Metadata empty() {
        return EMPTY;
    }

    /** A deep, immutable copy of {@code map}; rejects values that have no JSON form. */
    public static Metadata of(Map<String, ?> map) {
        if (map == null || map.isEmpty()) {
            return EMPTY;
        }
        return new Metadata(copyMap(map, ""));
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    public Optional<Object> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** The value at {@code key} when it is a string. */
    public Optional<String> string(String key) {
        return values.get(key) instanceof String s ? Optional.of(s) : Optional.empty();
    }

    /** The nested map at {@code key} (empty when absent or not a map). */
    public Metadata namespace(String key) {
        return values.get(key) instanceof Map<?, ?> m ? new Metadata(castMap(m)) : EMPTY;
    }

    /** A copy with {@code key} set ({@code null} removes it). */
    public Metadata with(String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(values);
        if (value == null) {
            copy.remove(key);
        } else {
            copy.put(key, copyValue(value, key));
        }
        return new Metadata(Collections.unmodifiableMap(copy));
    }

    /** A copy with {@code key} set inside the namespace {@code namespace}. */
    public Metadata withIn(String namespace, String key, Object value) {
        return with(namespace, namespace(namespace).with(key, value).asMap());
    }

    /** The values as an unmodifiable map (nested maps and lists are unmodifiable too). */
    public Map<String, Object> asMap() {
        return values;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Metadata other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }

    private static Map<String, Object> copyMap(Map<?, ?> map, String path) {
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw GatewayException.invalid("metadata key " + e.getKey() + " at '" + path + "' is not a string");
            }
            if (e.getValue() != null) {
                copy.put(key, copyValue(e.getValue(), path.isEmpty() ? key : path + "." + key));
            }
        }
        return Collections.unmodifiableMap(copy);
    }

    private static Object copyValue(Object value, String path) {
        Objects.requireNonNull(value, path);
        return switch (value) {
            case String s -> s;
            case Boolean b -> b;
            case Integer i -> i.longValue();
            case Long l -> l;
            case Short s -> s.longValue();
            case BigInteger b -> b;
            case BigDecimal d -> d;
            case Metadata m -> m.values;
            case Map<?, ?> m -> copyMap(m, path);
            case List<?> list -> {
                List<Object> copy = new ArrayList<>(list.size());
                for (Object o : list) {
                    copy.add(o == null ? "" : copyValue(o, path + "[]"));
                }
                yield Collections.unmodifiableList(copy);
            }
            case Double d ->
                throw GatewayException.invalid(
                        "metadata '" + path + "' is a double (" + d + "); use BigDecimal for exact decimals");
            case Float f ->
                throw GatewayException.invalid(
                        "metadata '" + path + "' is a float (" + f + "); use BigDecimal for exact decimals");
            default ->
                throw GatewayException.invalid("metadata '" + path + "' has a "
                        + value.getClass().getSimpleName() + ", which has no JSON form");
        };
    }
}
