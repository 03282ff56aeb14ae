package gateway.cli;

import gateway.model.error.GatewayException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A command's arguments: positionals, {@code --flag} and {@code --key VALUE} options, checked against what it accepts. */
final class Args {
    private final List<String> positionals = new ArrayList<>();
    private final Map<String, List<String>> options = new HashMap<>();
    private final Set<String> flags = new HashSet<>();

    private Args() {}

    /**
     * Parses {@code argv}. {@code valued} names options that take a value, {@code booleans} the
     * flags; anything else starting with "--" is an error naming the option.
     */
    static Args parse(String command, List<String> argv, Set<String> valued, Set<String> booleans) {
        Args a = new Args();
        for (int i = 0; i < argv.size(); i++) {
            String s = argv.get(i);
            if (s.startsWith("-") && s.length() > 1 && !isNumber(s)) {
                String name = s.replaceFirst("^--?", "");
                String inline = null;
                int eq = name.indexOf('=');
                if (eq > 0) {
                    inline = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                if (booleans.contains(name)) {
                    a.flags.add(name);
                } else if (valued.contains(name)) {
                    String v = inline;
                    if (v == null) {
                        if (i + 1 >= argv.size()) {
                            throw GatewayException.invalid(command + ": option --" + name + " needs a value");
                        }
                        v = argv.get(++i);
                    }
                    a.options.computeIfAbsent(name, k -> new ArrayList<>()).add(v);
                } else {
                    throw GatewayException.invalid(
                            command + ": unknown option " + s + " (see ./gateway " + command + " --help)");
                }
            } else {
                a.positionals.add(s);
            }
        }
        return a;
    }

    private static boolean isNumber(String s) {
        return s.matches("-\\d+");
    }

    List<String> positionals() {
        return positionals;
    }

    boolean flag(String name) {
        return flags.contains(name);
    }

    Optional<String> option(String name) {
        List<String> v = options.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(v.size() - 1));
    }

    /** Every value of a repeatable option, in order. */
    List<String> options(String name) {
        return options.getOrDefault(name, List.of());
    }

    String require(String command, String name) {
        return option(name).orElseThrow(() -> GatewayException.invalid(command + ": --" + name + " is required"));
    }

    int intOption(String command, String name, int defaultValue) {
        Optional<String> v = option(name);
        if (v.isEmpty()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(v.get());
        } catch (NumberFormatException e) {
            throw GatewayException.invalid(command + ": --" + name + " must be a whole number, not '" + v.get() + "'");
        }
    }
}
