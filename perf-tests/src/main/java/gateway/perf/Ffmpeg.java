package gateway.perf;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The peer of the proxy benchmarks: one ffmpeg process, quiet, overwriting its outputs. Run under
 * {@code sh}, whose {@code times} reports the CPU the process used (user + system), so that a run on
 * a machine shared with other work can be compared by CPU as well as by wall-clock time.
 */
final class Ffmpeg {
    /** "0m5.520s 0m0.220s": {@code times}' line of the shell's children (user, system). */
    private static final Pattern TIMES = Pattern.compile("(\\d+)m([\\d.]+)s\\s+(\\d+)m([\\d.]+)s");

    private Ffmpeg() {}

    /** Runs ffmpeg with {@code args}; returns the CPU seconds (user + system) it used. */
    static double run(List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                "sh",
                "-c",
                "\"$0\" \"$@\" </dev/null >/dev/null 2>&1 || exit $?; times",
                "ffmpeg",
                "-nostdin",
                "-v",
                "error",
                "-y"));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new GatewayException(Reason.INTERNAL, "ffmpeg failed: " + String.join(" ", cmd));
        }
        Matcher children = null;
        for (String line : new String(out, StandardCharsets.UTF_8).split("\n")) {
            Matcher m = TIMES.matcher(line);
            if (m.find()) {
                children = m; // the second line is the children's
            }
        }
        if (children == null) {
            return Double.NaN;
        }
        return minutesSeconds(children.group(1), children.group(2))
                + minutesSeconds(children.group(3), children.group(4));
    }

    private static double minutesSeconds(String minutes, String seconds) {
        return Integer.parseInt(minutes) * 60 + Double.parseDouble(seconds);
    }
}
