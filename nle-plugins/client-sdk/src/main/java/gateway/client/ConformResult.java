package gateway.client;

import gateway.model.asset.DurableFiles;
import gateway.model.error.GatewayException;
import gateway.protos.conform.v1.ConformResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * What a conform returned: the report (conform-report.json) and the conformed timeline.
 *
 * @param conformedFormat the timeline's format; null when the server did not say
 * @param conformId the id for following consolidate / render work; empty when none
 * @param reportHtml conform-report.html; empty from a server that does not send it
 * @param consolidationSummary what must be restored from which storage; empty unless consolidating
 * @param outputDir where the server writes consolidated media and the master; empty when neither
 * @param egressPlan when consolidating or planning: the egress plan as lines of text, per storage
 *     tier, range-exact against whole-file restore; empty otherwise
 */
public record ConformResult(
        String reportJson,
        byte[] conformedTimeline,
        String conformedFileName,
        EditFormat conformedFormat,
        ConformTotals totals,
        String conformId,
        String reportHtml,
        String consolidationSummary,
        String outputDir,
        String egressPlan) {

    /** The report's file name, as the CLI writes it. */
    public static final String REPORT_FILE_NAME = "conform-report.json";

    /** The HTML report's file name, as the CLI writes it. */
    public static final String HTML_REPORT_FILE_NAME = "conform-report.html";

    public ConformResult {
        conformedTimeline = conformedTimeline.clone();
        reportHtml = reportHtml == null ? "" : reportHtml;
        consolidationSummary = consolidationSummary == null ? "" : consolidationSummary;
        outputDir = outputDir == null ? "" : outputDir;
        egressPlan = egressPlan == null ? "" : egressPlan;
    }

    @Override
    public byte[] conformedTimeline() {
        return conformedTimeline.clone();
    }

    /**
     * Writes the timeline (under {@link #conformedFileName()}) and {@value #REPORT_FILE_NAME} into
     * {@code dir}, each atomically. Returns the timeline's path.
     */
    public Path writeTo(Path dir) {
        Path timeline = dir.resolve(safeFileName(conformedFileName));
        DurableFiles.write(timeline, conformedTimeline);
        DurableFiles.write(dir.resolve(REPORT_FILE_NAME), reportJson.getBytes(StandardCharsets.UTF_8));
        if (!reportHtml.isEmpty()) {
            DurableFiles.write(dir.resolve(HTML_REPORT_FILE_NAME), reportHtml.getBytes(StandardCharsets.UTF_8));
        }
        return timeline;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConformResult r
                && reportJson.equals(r.reportJson)
                && Arrays.equals(conformedTimeline, r.conformedTimeline)
                && conformedFileName.equals(r.conformedFileName)
                && conformedFormat == r.conformedFormat
                && totals.equals(r.totals)
                && conformId.equals(r.conformId)
                && reportHtml.equals(r.reportHtml)
                && consolidationSummary.equals(r.consolidationSummary)
                && outputDir.equals(r.outputDir)
                && egressPlan.equals(r.egressPlan);
    }

    @Override
    public int hashCode() {
        return 31 * reportJson.hashCode() + Arrays.hashCode(conformedTimeline);
    }

    @Override
    public String toString() {
        return "ConformResult[" + conformedFileName + ", " + conformedTimeline.length + " bytes, " + totals + "]";
    }

    static ConformResult of(ConformResponse r) {
        return new ConformResult(
                r.getReportJson(),
                r.getConformedTimeline().toByteArray(),
                r.getConformedFileName(),
                EditFormat.of(r),
                ConformTotals.of(r.getTotals()),
                r.getConformId(),
                r.getReportHtml(),
                r.getConsolidationSummary(),
                r.getOutputDir(),
                r.getEgressPlan());
    }

    /** The server names the file; it must be a plain name, never a path out of the folder. */
    private static String safeFileName(String name) {
        if (name.isBlank()
                || name.contains("/")
                || name.contains("\\")
                || name.equals(".")
                || name.equals("..")
                || name.equals(REPORT_FILE_NAME)
                || name.equals(HTML_REPORT_FILE_NAME)) {
            throw GatewayException.invalid("the server named the conformed timeline '" + name
                    + "', which is not a plain file name; refusing to write it");
        }
        return name;
    }
}
