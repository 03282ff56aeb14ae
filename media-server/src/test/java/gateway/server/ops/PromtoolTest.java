package gateway.server.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prometheus' own checker on what admins load into it: {@code promtool check rules} on the alert
 * rules, and on every query of the Grafana dashboard (each as a recording rule, so a query
 * Prometheus cannot parse fails here, not on the admin's screen). {@code ./gateway test} installs
 * promtool (Debian's prometheus package) before Maven runs; without it this test is skipped.
 */
class PromtoolTest {
    @TempDir
    Path scratch;

    @Test
    void alertRulesAndDashboardQueriesPassPromtool() throws Exception {
        Path promtool = promtool().orElse(null);
        Assumptions.assumeTrue(
                promtool != null,
                "promtool not found (Debian package prometheus; ./gateway test installs it): rules not checked");

        Result rules = run(promtool, OpsFiles.OPS.resolve("prometheus/gateway-rules.yml"));
        assertEquals(0, rules.exit(), rules.output());
        assertTrue(
                rules.output()
                        .contains("SUCCESS: " + OpsFiles.alertExpressions().size() + " rules found"),
                rules.output());

        // YAML is a superset of JSON: the dashboard's queries as one group of recording rules.
        ObjectMapper json = new ObjectMapper();
        ObjectNode file = json.createObjectNode();
        ArrayNode recorded =
                file.putArray("groups").addObject().put("name", "dashboard").putArray("rules");
        Map<String, String> queries = OpsFiles.dashboardExpressions();
        int i = 0;
        for (String expr : queries.values()) {
            recorded.addObject().put("record", "dashboard:query_" + i++).put("expr", expr);
        }
        Path dashboardRules = scratch.resolve("dashboard-queries.yml");
        Files.writeString(dashboardRules, json.writeValueAsString(file));
        Result dashboard = run(promtool, dashboardRules);
        assertEquals(0, dashboard.exit(), "a dashboard query Prometheus refuses: " + dashboard.output());
        assertTrue(dashboard.output().contains("SUCCESS: " + queries.size() + " rules found"), dashboard.output());
    }

    private record Result(int exit, String output) {}

    private static Result run(Path promtool, Path rulesFile) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(promtool.toString(), "check", "rules", rulesFile.toString())
                .redirectErrorStream(true)
                .start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "promtool did not finish within 60 s");
        return new Result(p.exitValue(), out);
    }

    private static Optional<Path> promtool() {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(d -> Path.of(d, "promtool"))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
