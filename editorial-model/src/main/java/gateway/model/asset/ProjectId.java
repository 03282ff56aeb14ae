package gateway.model.asset;

import gateway.model.error.GatewayException;
import java.util.Objects;
import java.util.regex.Pattern;

/** A project: the unit of isolation (one index, one folder, one set of grants). */
public record ProjectId(String value) {
    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    public ProjectId {
        Objects.requireNonNull(value, "value");
        if (!FORM.matcher(value).matches()) {
            throw GatewayException.invalid("project '" + value
                    + "' must be 1-64 letters, digits, '_' or '-', starting with a letter or digit");
        }
    }

    /** True when {@code value} is a well-formed project id (e.g. a folder name found on disk). */
    public static boolean isValid(String value) {
        return value != null && FORM.matcher(value).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
