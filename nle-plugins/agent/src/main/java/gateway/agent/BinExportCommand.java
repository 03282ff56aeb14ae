package gateway.agent;

import gateway.client.GatewayClient;
import gateway.model.asset.DurableFiles;
import gateway.model.asset.Manifest;
import gateway.model.error.GatewayException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code export-fcpxml} and {@code export-ale}: a bin of a query's or of named assets for Final
 * Cut Pro or Media Composer, each asset with its original and its stable proxy path (cached yet or
 * not: {@code sync} fills them), written atomically (temp file, fsync, rename).
 */
abstract class BinExportCommand extends AgentCommand.Sub {
    @Mixin
    AgentCommand.Server server;

    @Mixin
    SelectionOptions selection;

    @Option(
            names = {"-o", "--output"},
            required = true,
            paramLabel = "FILE",
            description = "the file to write")
    Path output;

    abstract String write(String name, List<BinAsset> assets);

    @Override
    public Integer call() {
        Selection s = selection.selection();
        Commands commands = commands();
        ProxyFetcher fetcher = commands.fetcher(0);
        List<BinAsset> assets = new ArrayList<>();
        int cached = 0;
        try (GatewayClient client = clients(server).open()) {
            for (Manifest m : SelectionAssets.resolve(client, s).assets()) {
                assets.add(BinAsset.of(m, fetcher.stablePath(m, StableName.EDIT_PROFILE)));
                cached += fetcher.cache()
                                .find(m.assetId(), StableName.EDIT_PROFILE)
                                .isPresent()
                        ? 1
                        : 0;
            }
        }
        if (assets.isEmpty()) {
            throw GatewayException.notFound("nothing to export: the selection holds no assets");
        }
        String name = s.query() != null
                ? (s.query().isBlank()
                        ? s.project().value()
                        : s.project() + " " + s.query().strip())
                : s.timeline() != null
                        ? s.timeline().getFileName().toString()
                        : assets.get(0).name();
        DurableFiles.write(output, write(name, assets).getBytes(StandardCharsets.UTF_8));
        commands.out().println(output.toAbsolutePath());
        int missing = assets.size() - cached;
        commands.err()
                .println("wrote " + count(assets.size(), "asset") + "; " + count(cached, "proxy") + " cached"
                        + (missing == 0
                                ? ""
                                : ": the NLE finds the missing " + (missing == 1 ? "one" : missing) + " once 'gateway"
                                        + " agent sync" + (s.project() != null ? " --project " + s.project() : "")
                                        + "' (or 'fetch ASSET_ID') has brought " + (missing == 1 ? "it" : "them"))
                        + " (event \"" + name + "\")");
        return 0;
    }

    private static String count(int n, String what) {
        return n + " " + (n == 1 ? what : what.equals("proxy") ? "proxies" : what + "s");
    }

    @Command(
            name = "export-fcpxml",
            synopsisHeading = "usage: ",
            description = "write an FCPXML 1.10 event of the assets (original and proxy media) for Final Cut Pro")
    static final class FcpXml extends BinExportCommand {
        @Override
        String write(String name, List<BinAsset> assets) {
            return FcpXmlBin.write(name, assets);
        }
    }

    @Command(
            name = "export-ale",
            synopsisHeading = "usage: ",
            description = "write an ALE bin of the assets (proxy paths, Tape, timecodes, asset id) for Media Composer")
    static final class Ale extends BinExportCommand {
        @Override
        String write(String name, List<BinAsset> assets) {
            return AleBin.write(name, assets);
        }
    }
}
