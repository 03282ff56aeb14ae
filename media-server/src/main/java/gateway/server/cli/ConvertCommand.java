package gateway.server.cli;

import gateway.model.error.GatewayException;
import gateway.model.time.FrameRate;
import gateway.relink.Convert;
import gateway.relink.TargetFormat;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code convert IN --to otio|edl [--rate R] [-o OUT]}: no linking, no store. */
final class ConvertCommand implements Command {
    @Override
    public String help() {
        return """
                usage: ./gateway convert IN --to otio|edl [--rate R] [-o OUT]

                Reads an edit (format told by its content) and writes it in another format, without
                linking. OTIO output follows OTIO's own JSON schema. --rate is the edit's rate when
                it does not say (default 24). Without -o the result goes to standard output.""";
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) {
        Args a = Args.parse("convert", argv, Set.of("to", "rate", "o", "out"), Set.of());
        if (a.positionals().size() != 1) {
            throw GatewayException.invalid("convert: give exactly one IN file");
        }
        Path in = Path.of(a.positionals().get(0));
        if (!Files.isRegularFile(in)) {
            throw GatewayException.notFound("convert: no such file: " + in);
        }
        TargetFormat target = TargetFormat.parse(a.require("convert", "to"));
        FrameRate rate = a.option("rate").map(FrameRate::parse).orElse(null);
        var dest = a.option("o").or(() -> a.option("out"));
        if (dest.isPresent()) {
            Path written = new Convert().convert(in, rate, target, Path.of(dest.get()));
            out.println("wrote " + written);
        } else {
            out.print(new Convert().convert(in, rate, target));
        }
        return 0;
    }
}
