package gateway.agent;

import gateway.model.asset.ProjectId;
import gateway.model.error.GatewayException;
import gateway.model.time.FrameRate;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gateway agent watch-exports DIR}: every EDL exported into DIR goes to conform, its report beside it. */
@Command(
        name = "watch-exports",
        synopsisHeading = "usage: ",
        description = "conform each EDL exported into DIR once it is completely written (its size and time stay put"
                + " for one look); writes <edl>.conform-report.html and .json beside it; runs until interrupted")
final class WatchExportsCommand extends AgentCommand.Sub {
    @Mixin
    AgentCommand.Server server;

    @Parameters(paramLabel = "DIR", arity = "1", description = "the NLE's export folder")
    Path dir;

    @Option(
            names = "--project",
            required = true,
            paramLabel = "P",
            converter = OptionTypes.Project.class,
            description = "the gateway project the EDLs are conformed against")
    ProjectId project;

    @Option(names = "--rate", paramLabel = "R", description = "the EDLs' frame rate (default: the node's)")
    String rate;

    @Option(names = "--handles", paramLabel = "N", defaultValue = "0", description = "handle frames (default 0)")
    long handles;

    @Option(
            names = "--every",
            paramLabel = "SECONDS",
            defaultValue = "2",
            description = "look every SECONDS (default 2)")
    int every;

    @Override
    public Integer call() {
        Commands commands = commands();
        ClientSource clients = clients(server);
        FrameRate r = rate == null ? null : FrameRate.parse(rate);
        ExportWatcher watcher = new ExportWatcher(dir, edl -> {
            try {
                ConformRun.Outcome o = new ConformRun(edl.toAbsolutePath(), project, r, handles).run(clients, s -> {});
                var t = o.totals();
                commands.out()
                        .println(edl.getFileName() + ": " + t.matched() + " of " + t.events() + " events matched, "
                                + t.unmatched() + " unmatched, " + t.ambiguous() + " ambiguous; report "
                                + (o.reportHtml() != null ? o.reportHtml() : o.reportJson()));
            } catch (GatewayException e) {
                commands.err().println(edl.getFileName() + ": FAILED " + AgentMain.oneLine(e.getMessage()));
                throw e;
            }
        });
        commands.err()
                .println("watching " + dir.toAbsolutePath() + " for EDLs (project " + project + "); Ctrl-C stops");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
        try {
            do {
                watcher.scan();
            } while (!stopped.await(Math.max(1, every), TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
