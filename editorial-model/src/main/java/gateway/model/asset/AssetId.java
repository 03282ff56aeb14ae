package gateway.model.asset;

import gateway.model.error.GatewayException;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/** The gateway's identity of an asset: embedded in proxies so relink never depends on paths. */
public record AssetId(String value) {
    private static final Pattern FORM = Pattern.compile("[a-z0-9][a-z0-9-]{7,63}");

    public AssetId {
        Objects.requireNonNull(value, "value");
        if (!FORM.matcher(value).matches()) {
            throw GatewayException.invalid("asset id '" + value + "' is not 8-64 lower-case letters, digits or '-'");
        }
    }

    public static AssetId random() {
        return new AssetId(UUID.randomUUID().toString());
    }

    public static boolean isValid(String value) {
        return value != null && FORM.matcher(value).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
