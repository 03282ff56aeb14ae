package gateway.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.PrintStream;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gateway agent plan}: what a bin or a timeline costs to take away, before any download. */
@Command(
        name = "plan",
        synopsisHeading = "usage: ",
        description = "the take-away plan of a query, a timeline or assets: bytes per rendition (edit, stream-lo),"
                + " what is cached, and the time at the link rate measured so far; nothing is downloaded")
final class PlanCommand extends AgentCommand.Sub {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Mixin
    AgentCommand.Server server;

    @Mixin
    SelectionOptions selection;

    @Option(names = "--pin", description = "pin the plan: its assets' renditions are never evicted")
    boolean pin;

    @Option(names = "--json", description = "print the plan as the API answers it")
    boolean json;

    @Override
    public Integer call() {
        Commands commands = commands();
        PlanApi api = new PlanApi(clients(server), commands.fetcher(0));
        JsonNode plan = api.plan(selection.selection());
        if (pin) {
            api.pin(plan.path("plan_id").asText(), true);
        }
        if (json) {
            try {
                commands.out().println(JSON.writeValueAsString(plan));
            } catch (JsonProcessingException e) {
                throw new GatewayException(Reason.INTERNAL, "cannot print the plan: " + e.getMessage(), e);
            }
        } else {
            print(plan, commands.out());
        }
        if (pin) {
            commands.err().println("pinned " + plan.path("plan_id").asText() + ": its renditions are never evicted");
        }
        return 0;
    }

    static void print(JsonNode plan, PrintStream out) {
        JsonNode rate = plan.path("link_bytes_per_second");
        out.println("plan " + plan.path("plan_id").asText() + " ("
                + plan.path("project").asText("-") + "): "
                + plan.path("assets").size() + " assets; link "
                + (rate.isNumber() ? new ByteSize(rate.asLong()) + "/s as measured" : "not measured yet"));
        for (JsonNode a : plan.path("assets")) {
            StringBuilder line = new StringBuilder(String.format(
                    Locale.ROOT,
                    "%4d  %-24s",
                    a.path("order").asInt(),
                    a.path("name").asText()));
            for (String choice : TakeAwayPlan.CHOICES) {
                JsonNode c = a.path("choices").path(choice);
                line.append("  ").append(choice).append(' ');
                if (c.isNull() || c.isMissingNode()) {
                    line.append("(none)");
                } else {
                    line.append(new ByteSize(c.path("bytes").asLong()));
                    if (c.path("cached_bytes").asLong() > 0) {
                        line.append(" cached");
                    }
                }
            }
            out.println(line);
        }
        for (String choice : TakeAwayPlan.CHOICES) {
            JsonNode t = plan.path("totals").path(choice);
            JsonNode seconds = t.path("seconds");
            out.println(String.format(
                    Locale.ROOT,
                    "%-9s %s in all, %s cached, %s to fetch%s%s",
                    choice,
                    new ByteSize(t.path("bytes").asLong()),
                    new ByteSize(t.path("cached_bytes").asLong()),
                    new ByteSize(t.path("to_fetch_bytes").asLong()),
                    seconds.isNumber() ? ", about " + duration(seconds.asLong()) : "",
                    t.path("missing_assets").asInt() > 0
                            ? " (" + t.path("missing_assets").asInt() + " assets have no " + choice + " rendition)"
                            : ""));
        }
        for (JsonNode u : plan.path("unlinked")) {
            out.println("unlinked: " + u.asText());
        }
        if (plan.path("truncated").asBoolean()) {
            out.println(
                    "(the query matched more than " + SelectionAssets.MAX_HITS + " assets: the plan holds the first)");
        }
    }

    /** "45 s", "12 min 5 s", "3 h 20 min". */
    static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min " + seconds % 60 + " s";
        }
        return seconds / 3600 + " h " + (seconds % 3600) / 60 + " min";
    }
}
