package gateway.cli;

import gateway.model.error.GatewayException;
import gateway.model.time.FrameRate;
import gateway.relink.Convert;
import gateway.relink.TargetFormat;
import gateway.relink.read.ReadOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code convert IN --to otio|edl|fcp7xml|fcpxml|ale [--rate R] [--strict] [--flatten] [-o OUT]}: no linking, no store. */
@Command(
        name = "convert",
        description = {
            "Writes an edit in another format, without linking.",
            "",
            "Reads an edit (format told by its content) and writes it in another format, without",
            "linking. OTIO output follows OTIO's own JSON schema. --rate is the edit's rate when",
            "it does not say (default 24). --strict refuses an edit with inconsistencies instead of",
            "reporting them. --flatten lays nested sequences / compound clips into the tracks they",
            "play on (as conform does); without it each stays one clip. Without -o the result goes",
            "to standard output."
        })
final class ConvertCommand extends CliCommand {
    @Parameters(paramLabel = "IN", description = "the edit: CMX 3600, FCP 7 XML, FCPXML, OTIO or ALE")
    Path in;

    @Option(
            names = "--to",
            paramLabel = "FORMAT",
            required = true,
            converter = Converters.Format.class,
            completionCandidates = Converters.FormatNames.class,
            description = "otio, edl, fcp7xml (or xml), fcpxml or ale")
    TargetFormat target;

    @Option(
            names = "--rate",
            paramLabel = "R",
            converter = Converters.Rate.class,
            description = "the edit's rate when it does not say (default: 24)")
    FrameRate rate;

    @Option(names = "--strict", description = "refuse an edit with inconsistencies")
    boolean strict;

    @Option(names = "--flatten", description = "lay nested sequences / compound clips into their tracks")
    boolean flatten;

    @Option(
            names = {"-o", "--out"},
            paramLabel = "OUT",
            description = "the file to write (default: standard output)")
    Path dest;

    @Override
    int run() {
        if (!Files.isRegularFile(in)) {
            throw GatewayException.notFound("convert: no such file: " + in);
        }
        ReadOptions options = ReadOptions.at(rate == null ? ReadOptions.DEFAULT_RATE : rate);
        if (strict) {
            options = options.strictly();
        }
        // what the target format cannot hold as the edit has it (a flattened speed ramp): on standard error
        java.util.function.Consumer<String> findings = f -> err.println("gateway: warning: " + f);
        if (dest != null) {
            Path written = new Convert().convert(in, options, target, flatten, dest, findings);
            out.println("wrote " + written);
        } else {
            out.print(new Convert().convert(in, options, target, flatten, findings));
        }
        return 0;
    }
}
