package gateway.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ArgsTest {
    private static final Set<String> OPTIONS = Set.of("project", "profile");
    private static final Set<String> FLAGS = Set.of("json");

    @Test
    void separatesPositionalsOptionsAndFlags() {
        Args a = Args.parse(List.of("a1", "--project", "p1", "--profile=edit", "a2", "--json"), OPTIONS, FLAGS);
        assertEquals(List.of("a1", "a2"), a.positional());
        assertEquals("p1", a.required("project"));
        assertEquals("edit", a.value("profile").orElseThrow());
        assertTrue(a.has("json"));
        assertFalse(a.has("help"));
    }

    @Test
    void doubleDashEndsOptions() {
        Args a = Args.parse(List.of("--", "--project"), OPTIONS, FLAGS);
        assertEquals(List.of("--project"), a.positional());
    }

    @Test
    void helpIsAlwaysAccepted() {
        assertTrue(Args.parse(List.of("--help"), Set.of(), Set.of()).has(Args.HELP));
    }

    @Test
    void mistakesAreUsageErrorsNamingTheOption() {
        assertUsage("unknown option --projcet", List.of("--projcet", "x"));
        assertUsage("--project needs a value", List.of("--project"));
        assertUsage("--project is given more than once", List.of("--project", "a", "--project", "b"));
        assertUsage("--json takes no value", List.of("--json=yes"));
        assertUsage("--project is required", () -> Args.parse(List.of(), OPTIONS, FLAGS)
                .required("project"));
    }

    @Test
    void byteSizesTakeBinarySuffixes() {
        assertEquals(500_000, ByteSize.parse("500000", "x").bytes());
        assertEquals(800L << 20, ByteSize.parse("800M", "x").bytes());
        assertEquals(20L << 30, ByteSize.parse("20GiB", "x").bytes());
        assertEquals("12.5 MiB", new ByteSize(12L * 1024 * 1024 + 512 * 1024).toString());
        assertEquals("999 B", new ByteSize(999).toString());
        assertUsage(
                "--max-cache-bytes 'lots' is not a size such as 500000, 800M or 20G",
                () -> ByteSize.parse("lots", "--max-cache-bytes"));
    }

    private static void assertUsage(String message, List<String> argv) {
        assertUsage(message, () -> Args.parse(argv, OPTIONS, FLAGS));
    }

    private static void assertUsage(String message, org.junit.jupiter.api.function.Executable call) {
        GatewayException e = assertThrows(GatewayException.class, call);
        assertEquals(Reason.INVALID_ARGUMENT, e.reason());
        assertEquals(message, e.getMessage());
    }
}
