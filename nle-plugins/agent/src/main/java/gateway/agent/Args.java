package gateway.agent;

import gateway.model.error.GatewayException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The arguments of one command: positionals, {@code --name value} (or {@code --name=value})
 * options and {@code --flag}s, checked against what the command accepts. {@code --} ends the
 * options; {@code --help} is accepted everywhere.
 */
final class Args {
    static final String HELP = "help";

    private final List<String> positional;
    private final Map<String, String> values;
    private final Set<String> flags;

    private Args(List<String> positional, Map<String, String> values, Set<String> flags) {
        this.positional = List.copyOf(positional);
        this.values = Map.copyOf(values);
        this.flags = Set.copyOf(flags);
    }

    /** Parses {@code argv}; {@code options} take a value, {@code flagNames} do not (names without "--"). */
    static Args parse(List<String> argv, Set<String> options, Set<String> flagNames) {
        List<String> positional = new ArrayList<>();
        Map<String, String> values = new HashMap<>();
        Set<String> flags = new HashSet<>();
        boolean onlyPositional = false;
        for (int i = 0; i < argv.size(); i++) {
            String arg = argv.get(i);
            if (onlyPositional || !arg.startsWith("--")) {
                positional.add(arg);
                continue;
            }
            if (arg.equals("--")) {
                onlyPositional = true;
                continue;
            }
            int eq = arg.indexOf('=');
            String name = arg.substring(2, eq < 0 ? arg.length() : eq);
            if (name.equals(HELP) || flagNames.contains(name)) {
                if (eq >= 0) {
                    throw GatewayException.invalid("--" + name + " takes no value");
                }
                flags.add(name);
            } else if (options.contains(name)) {
                String value;
                if (eq >= 0) {
                    value = arg.substring(eq + 1);
                } else if (i + 1 < argv.size()) {
                    value = argv.get(++i);
                } else {
                    throw GatewayException.invalid("--" + name + " needs a value");
                }
                if (values.put(name, value) != null) {
                    throw GatewayException.invalid("--" + name + " is given more than once");
                }
            } else {
                throw GatewayException.invalid("unknown option --" + name);
            }
        }
        return new Args(positional, values, flags);
    }

    List<String> positional() {
        return positional;
    }

    Optional<String> value(String name) {
        return Optional.ofNullable(values.get(name));
    }

    String required(String name) {
        return value(name).orElseThrow(() -> GatewayException.invalid("--" + name + " is required"));
    }

    boolean has(String flag) {
        return flags.contains(flag);
    }

    int intValue(String name, int fallback) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw GatewayException.invalid("--" + name + " '" + v + "' is not a whole number");
        }
    }
}
