package gateway.cli;

import static gateway.cli.CliRun.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Usage errors: exit 1 (as before picocli), one line on standard error that names the command and what is wrong. */
class CliUsageTest {
    private static void usageError(String expected, String... args) {
        CliRun r = cli(args);
        assertEquals(1, r.exit(), String.join(" ", args) + ": " + r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertEquals("gateway: error: " + expected, r.err().strip());
    }

    @Test
    void usageErrorsExitTwoWithOneLine() {
        usageError("no command; try ./gateway --help");
        usageError("unknown command 'frob'; try ./gateway --help", "frob");
        usageError("search: --project is required", "search");
        usageError("search: option --project needs a value", "search", "--project");
        usageError(
                "search: unknown option --bogus (see ./gateway search --help)", "search", "--project", "p", "--bogus");
        usageError("search: --limit must be a whole number, not 'ten'", "search", "--project", "p", "--limit", "ten");
        usageError("probe: give FILE (see ./gateway probe --help)", "probe");
        usageError("user: give a subcommand (see ./gateway user --help)", "user");
        usageError("user: unknown subcommand 'frob' (see ./gateway user --help)", "user", "frob");
        usageError(
                "user grant: ROLE: role 'boss' is not one of admin, assistant, editor, viewer",
                "user",
                "grant",
                "ana",
                "feature",
                "boss");
        usageError(
                "convert: --to: target format 'mp4' is not one of: otio, edl, xml, fcpxml, ale",
                "convert",
                "cut.edl",
                "--to",
                "mp4");
    }

    @Test
    void helpIsGeneratedForEveryCommandAndSubcommand() {
        for (String c : GatewayCli.COMMANDS.keySet()) {
            CliRun r = cli(c, "--help");
            assertEquals(0, r.exit(), c + ": " + r.err());
            assertTrue(r.out().startsWith("usage: ./gateway " + c), c + ": " + r.out());
        }
        CliRun add = cli("user", "add", "--help");
        assertTrue(add.out().startsWith("usage: ./gateway user add"), add.out());
        assertTrue(add.out().contains("--grant=PROJECT=ROLE"), add.out());
        CliRun conform = cli("conform", "--help");
        assertTrue(conform.out().contains("--handles N consolidates"), "today's help text is kept: " + conform.out());
    }

    @Test
    void aFailingCommandExitsOneWithItsReason() {
        CliRun r = cli("probe", "/no/such/file.mov");
        assertEquals(1, r.exit(), r.err());
        assertEquals(
                "gateway: error: probe: no such file: /no/such/file.mov [NOT_FOUND]",
                r.err().strip());
    }
}
