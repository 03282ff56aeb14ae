package gateway.server.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gateway.server.config.GatewayConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The repository's {@code ops/} folder as the tests read it: YAML documents (SnakeYAML, which the
 * node's own YAML config source is built on), the Dockerfile's instructions, systemd units, and
 * the PromQL of the alert rules and the Grafana dashboard.
 */
final class OpsFiles {
    static final Path ROOT = repositoryRoot();
    static final Path OPS = ROOT.resolve("ops");

    private OpsFiles() {}

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.isDirectory(dir.resolve("ops")) && Files.isRegularFile(dir.resolve("gateway")))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no repository root (with ops/ and ./gateway) above "
                    + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    static String read(String opsPath) {
        try {
            return Files.readString(OPS.resolve(opsPath));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every YAML document of the file, as maps and lists. */
    static List<Object> yamlDocuments(String opsPath) {
        List<Object> docs = new ArrayList<>();
        new Yaml(new SafeConstructor(new LoaderOptions()))
                .loadAll(read(opsPath))
                .forEach(docs::add);
        return docs;
    }

    static Map<String, Object> yaml(String opsPath) {
        List<Object> docs = yamlDocuments(opsPath);
        if (docs.size() != 1) {
            throw new AssertionError(opsPath + " has " + docs.size() + " YAML documents, expected 1");
        }
        return map(docs.get(0), opsPath);
    }

    /** The Kubernetes object of {@code kind} named {@code name} in any file of ops/k8s. */
    static Map<String, Object> k8s(String kind, String name) {
        try (var files = Files.list(OPS.resolve("k8s"))) {
            for (Path f :
                    files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                for (Object doc : yamlDocuments("k8s/" + f.getFileName())) {
                    Map<String, Object> m = map(doc, f.toString());
                    if (kind.equals(m.get("kind")) && name.equals(at(m, "metadata", "name"))) {
                        return m;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError("no " + kind + " named " + name + " in ops/k8s");
    }

    /** Loads {@code yamlText} with the node's own config loader (through a file, as `serve --config` does). */
    static GatewayConfig nodeConfig(String yamlText, Path scratch, String name) {
        try {
            Path file = scratch.resolve(name.replace('/', '_') + ".yaml");
            Files.writeString(file, yamlText);
            return GatewayConfig.load(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o, String where) {
        if (!(o instanceof Map<?, ?> m)) {
            throw new AssertionError(where + " is not a mapping: " + o);
        }
        return (Map<String, Object>) m;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o, String where) {
        if (!(o instanceof List<?> l)) {
            throw new AssertionError(where + " is not a list: " + o);
        }
        return (List<Object>) l;
    }

    /** The value at {@code keys} below {@code m}; an AssertionError naming the path when absent. */
    static Object at(Map<String, Object> m, String... keys) {
        Object o = m;
        StringBuilder path = new StringBuilder();
        for (String k : keys) {
            path.append('.').append(k);
            o = map(o, path.toString()).get(k);
            if (o == null) {
                throw new AssertionError("no " + path.substring(1));
            }
        }
        return o;
    }

    /** The Dockerfile's instructions in order (continuation lines joined, comments dropped). */
    static List<Map.Entry<String, String>> dockerfile(String opsPath) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : read(opsPath).split("\n")) {
            String t = line.strip();
            if (current.isEmpty() && (t.isEmpty() || t.startsWith("#"))) {
                continue;
            }
            if (t.endsWith("\\")) {
                current.append(t, 0, t.length() - 1).append(' ');
                continue;
            }
            current.append(t);
            String s = current.toString().strip();
            int space = s.indexOf(' ');
            out.add(Map.entry(
                    s.substring(0, space).toUpperCase(), s.substring(space + 1).strip()));
            current.setLength(0);
        }
        return out;
    }

    /** The arguments of the last Dockerfile instruction {@code name}, a JSON array or words. */
    static List<String> dockerArgs(String opsPath, String name) {
        List<Map.Entry<String, String>> all = dockerfile(opsPath).stream()
                .filter(e -> e.getKey().equals(name))
                .toList();
        if (all.isEmpty()) {
            throw new AssertionError(opsPath + " has no " + name);
        }
        String v = all.get(all.size() - 1).getValue();
        if (v.startsWith("[")) {
            try {
                List<String> out = new ArrayList<>();
                new ObjectMapper().readTree(v).forEach(n -> out.add(n.asText()));
                return out;
            } catch (IOException e) {
                throw new AssertionError(opsPath + " " + name + " is not a JSON array: " + v, e);
            }
        }
        return List.of(v.split("\\s+"));
    }

    /** The {@code [Section] Key=value} pairs of a systemd unit (the last value of a repeated key). */
    static Map<String, String> systemdUnit(String opsPath) {
        Map<String, String> out = new LinkedHashMap<>();
        String section = "";
        for (String line : read(opsPath).split("\n")) {
            String t = line.strip();
            if (t.startsWith("[")) {
                section = t.substring(1, t.length() - 1);
            } else if (!t.isEmpty() && !t.startsWith("#") && t.contains("=")) {
                out.put(section + "." + t.substring(0, t.indexOf('=')), t.substring(t.indexOf('=') + 1));
            }
        }
        return out;
    }

    /** The JVM flags of the launcher's {@code JVM_FLAGS=( ... )}. */
    static List<String> launcherJvmFlags() {
        try {
            String launcher = Files.readString(ROOT.resolve("gateway"));
            Matcher m = Pattern.compile("(?m)^JVM_FLAGS=\\(([^)]*)\\)").matcher(launcher);
            if (!m.find()) {
                throw new AssertionError("./gateway has no JVM_FLAGS=( ... )");
            }
            return List.of(m.group(1).strip().split("\\s+"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every PromQL expression of the alert rules, by alert name. */
    static Map<String, String> alertExpressions() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Object g : list(yaml("prometheus/gateway-rules.yml").get("groups"), "groups")) {
            for (Object r : list(map(g, "group").get("rules"), "rules")) {
                Map<String, Object> rule = map(r, "rule");
                out.put((String) rule.get("alert"), (String) rule.get("expr"));
            }
        }
        return out;
    }

    /** Every PromQL expression of the Grafana dashboard, by panel title and target. */
    static Map<String, String> dashboardExpressions() {
        try {
            JsonNode dash = new ObjectMapper().readTree(read("grafana/gateway-dashboard.json"));
            Map<String, String> out = new LinkedHashMap<>();
            for (JsonNode panel : dash.path("panels")) {
                for (JsonNode target : panel.path("targets")) {
                    out.put(
                            panel.path("title").asText() + " / "
                                    + target.path("refId").asText(),
                            target.path("expr").asText());
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final Set<String> PROMQL_WORDS = Set.of(
            "by",
            "without",
            "and",
            "or",
            "unless",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "offset",
            "bool",
            "inf",
            "nan");

    /**
     * The metric names a PromQL expression selects: identifiers that are not functions (followed
     * by "("), keywords, label names (inside braces or a by / without list), or durations.
     */
    static Set<String> metricNames(String promql) {
        String s = promql.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"") // string literals
                .replaceAll("\\{[^}]*}", "") // label matchers
                .replaceAll("\\[[^]]*]", "") // ranges and subqueries
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", ""); // label lists
        Set<String> out = new TreeSet<>();
        Matcher m = Pattern.compile("[A-Za-z_:][A-Za-z0-9_:]*").matcher(s);
        while (m.find()) {
            String word = m.group();
            int after = m.end();
            while (after < s.length() && Character.isWhitespace(s.charAt(after))) {
                after++;
            }
            boolean function = after < s.length() && s.charAt(after) == '(';
            boolean number = m.start() > 0 && Character.isDigit(s.charAt(m.start() - 1));
            if (!function && !number && !PROMQL_WORDS.contains(word.toLowerCase())) {
                out.add(word);
            }
        }
        return out;
    }
}
