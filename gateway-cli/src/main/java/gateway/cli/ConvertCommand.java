package gateway.cli;

import gateway.model.error.GatewayException;
import gateway.model.time.FrameRate;
import gateway.relink.Convert;
import gateway.relink.TargetFormat;
import gateway.relink.read.ReadOptions;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code convert IN --to otio|edl|fcp7xml|fcpxml|ale [--rate R] [--strict] [--flatten] [-o OUT]}: no linking, no store. */
final class ConvertCommand implements Command {
    @Override
    public String help() {
        return """
                usage: ./gateway convert IN --to otio|edl|fcp7xml|fcpxml|ale [--rate R] [--strict] [--flatten] [-o OUT]

                Reads an edit (format told by its content) and writes it in another format, without
                linking. OTIO output follows OTIO's own JSON schema. --rate is the edit's rate when
                it does not say (default 24). --strict refuses an edit with inconsistencies instead of
                reporting them. --flatten lays nested sequences / compound clips into the tracks they
                play on (as conform does); without it each stays one clip. Without -o the result goes
                to standard output.""";
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) {
        Args a = Args.parse("convert", argv, Set.of("to", "rate", "o", "out"), Set.of("strict", "flatten"));
        if (a.positionals().size() != 1) {
            throw GatewayException.invalid("convert: give exactly one IN file");
        }
        Path in = Path.of(a.positionals().get(0));
        if (!Files.isRegularFile(in)) {
            throw GatewayException.notFound("convert: no such file: " + in);
        }
        TargetFormat target = TargetFormat.parse(a.require("convert", "to"));
        ReadOptions options =
                ReadOptions.at(a.option("rate").map(FrameRate::parse).orElse(ReadOptions.DEFAULT_RATE));
        if (a.flag("strict")) {
            options = options.strictly();
        }
        boolean flatten = a.flag("flatten");
        var dest = a.option("o").or(() -> a.option("out"));
        if (dest.isPresent()) {
            Path written = new Convert().convert(in, options, target, flatten, Path.of(dest.get()));
            out.println("wrote " + written);
        } else {
            out.print(new Convert().convert(in, options, target, flatten));
        }
        return 0;
    }
}
