package gateway.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and messages of the command line, without a server. */
class AgentMainTest {
    @TempDir
    Path home;

    private record Run(int exit, String out, String err) {}

    @Test
    void usageErrorsExitTwoWithOneLineNamingTheCommand() {
        Run unknown = run("frobnicate");
        assertEquals(2, unknown.exit());
        assertEquals(
                "gateway agent: unknown command 'frobnicate' (try 'gateway agent --help')",
                unknown.err().strip());

        Run noId = run("fetch");
        assertEquals(2, noId.exit());
        assertTrue(noId.err().startsWith("gateway agent fetch: Missing required parameter: 'ASSET_ID'"), noId.err());

        Run badSize = run("fetch", "a0000001", "--max-cache-bytes", "12Q");
        assertEquals(2, badSize.exit());
        assertTrue(badSize.err().contains("size '12Q' is not a size such as 500000, 800M or 20G"), badSize.err());

        Run badPort = run("serve", "--port", "x");
        assertEquals(2, badPort.exit());
        assertEquals(1, badPort.err().lines().count(), badPort.err());

        Run badId = run("path", "NOT_AN_ID");
        assertEquals(2, badId.exit());
        assertEquals(
                "gateway agent path: asset id 'NOT_AN_ID' is not 8-64 lower-case letters, digits or '-'",
                badId.err().strip());

        Run noPassword = run("login", "--server", "127.0.0.1:1", "--user", "ana");
        assertEquals(2, noPassword.exit());
        assertTrue(noPassword.err().contains("(--password=P | --password-stdin)"), noPassword.err());

        Run badServer = run("login", "--server", "nowhere", "--token", "t");
        assertEquals(2, badServer.exit());
        assertTrue(badServer.err().contains("server 'nowhere' is not HOST:PORT"), badServer.err());
    }

    @Test
    void otherFailuresExitOne() {
        Run fetch = run("fetch", "a0000001");
        assertEquals(1, fetch.exit());
        assertTrue(fetch.err().startsWith("gateway agent fetch: not logged in"), fetch.err());
    }

    @Test
    void helpIsGeneratedForTheAgentAndEachCommand() {
        Run none = run();
        assertEquals(0, none.exit());
        assertTrue(none.out().contains("serve "), none.out());

        Run help = run("help", "serve");
        assertEquals(0, help.exit());
        assertTrue(help.out().startsWith("usage: gateway agent serve"), help.out());
        assertTrue(help.out().contains("--port=PORT"), help.out());
        assertTrue(help.out().contains("default 47474"), help.out());
    }

    @Test
    void aCommandWithoutServerRunsOnTheCacheAlone() {
        Run ls = run("ls", "--home", home.toString());
        assertEquals(0, ls.exit(), ls.err());
        assertEquals("0 files, 0 B in " + home.resolve("cache"), ls.err().strip());
    }

    private Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new AgentMain(
                        home,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        new ByteArrayInputStream(new byte[0]),
                        new TestClock(Instant.parse("2026-11-21T12:00:00Z")))
                .run(args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
