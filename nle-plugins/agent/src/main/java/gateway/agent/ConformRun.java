package gateway.agent;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gateway.client.ConformOptions;
import gateway.client.ConformResult;
import gateway.client.ConformStep;
import gateway.client.ConformTotals;
import gateway.client.GatewayClient;
import gateway.model.asset.DurableFiles;
import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.model.time.FrameRate;
import gateway.relink.read.formats.EditFormats;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * One conform of an edit on the laptop through the node: checks that the file is an edit conform
 * reads, sends it ({@link GatewayClient#conform}), follows any work the node goes on with
 * ({@link GatewayClient#watchConform}), and writes the node's reports beside the edit, durably:
 * {@code <edit>.conform-report.html} and {@code <edit>.conform-report.json}. Each step is reported
 * as an API.md {@code conform.progress} event.
 *
 * @param edit the edit file, absolute
 * @param rate the edit's rate when the file does not say (EDLs); null for the node's default
 */
record ConformRun(Path edit, ProjectId project, FrameRate rate, long handles) {
    static final String HTML_SUFFIX = ".conform-report.html";
    static final String JSON_SUFFIX = ".conform-report.json";
    private static final int STEPS = 3;

    /** What a finished conform left: the node's totals and where its reports are. */
    record Outcome(ConformTotals totals, Path reportHtml, Path reportJson) {
        ObjectNode totalsJson() {
            return JsonNodeFactory.instance
                    .objectNode()
                    .put("events", totals.events())
                    .put("matched", totals.matched())
                    .put("unmatched", totals.unmatched())
                    .put("ambiguous", totals.ambiguous())
                    .put("out_of_range", totals.outOfRange())
                    .put("warnings", totals.warnings());
        }
    }

    ConformRun {
        if (!edit.isAbsolute()) {
            throw GatewayException.invalid("edit_path '" + edit + "' must be an absolute path");
        }
        if (handles < 0) {
            throw GatewayException.invalid("handles " + handles + " must not be negative");
        }
    }

    /** Fails at once (before any upload) when the file is missing or not an edit conform reads. */
    void check() {
        if (!Files.isRegularFile(edit)) {
            throw GatewayException.notFound("edit " + edit + " is not a file");
        }
        EditFormats.detect(edit);
    }

    Path reportHtml() {
        return edit.resolveSibling(edit.getFileName() + HTML_SUFFIX);
    }

    Path reportJson() {
        return edit.resolveSibling(edit.getFileName() + JSON_SUFFIX);
    }

    /** Runs the conform; {@code step} gets {@code {"step", "done", "total"}} (the caller adds its id). */
    Outcome run(ClientSource clients, Consumer<ObjectNode> step) {
        check();
        step.accept(step("conforming", 0));
        ConformOptions options = ConformOptions.defaults().withHandles(handles);
        if (rate != null) {
            options = options.withRate(rate);
        }
        try (GatewayClient client = clients.open()) {
            ConformResult result = client.conform(edit, project.value(), options);
            step.accept(step("writing reports", 1));
            DurableFiles.write(reportJson(), result.reportJson().getBytes(StandardCharsets.UTF_8));
            Path html = null;
            if (!result.reportHtml().isEmpty()) {
                html = reportHtml();
                DurableFiles.write(html, result.reportHtml().getBytes(StandardCharsets.UTF_8));
            }
            if (!result.outputDir().isEmpty() && !result.conformId().isEmpty()) {
                step.accept(step("finishing on the node", 2));
                ConformStep last = client.watchConform(result.conformId(), s -> {});
                if (last.failed()) {
                    throw new GatewayException(
                            Reason.INTERNAL, "the node's follow-up work on " + edit + " failed: " + last.message());
                }
            }
            step.accept(step("done", STEPS));
            return new Outcome(result.totals(), html, reportJson());
        }
    }

    private static ObjectNode step(String name, int done) {
        return JsonNodeFactory.instance
                .objectNode()
                .put("step", name)
                .put("done", done)
                .put("total", STEPS);
    }
}
