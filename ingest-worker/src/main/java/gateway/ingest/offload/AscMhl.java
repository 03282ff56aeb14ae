package gateway.ingest.offload;

import gateway.model.asset.DurableFiles;
import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * ASC MHL v2 history of one card or folder ({@code urn:ASC:MHL:v2.0}): each ingest adds one
 * generation, {@code <root>/ascmhl/NNNN_<folder>_<yyyy-MM-dd_HHmmss>Z.mhl}, listing every file it
 * hashed with size, modification date, xxh64 and md5; {@code ascmhl/ascmhl_chain.xml}
 * ({@code urn:ASC:MHL:DIRECTORY:v2.0}) lists every generation with its C4 ID. Generation files are
 * never overwritten; the chain is rewritten atomically.
 */
public final class AscMhl {
    public static final String NAMESPACE = "urn:ASC:MHL:v2.0";
    public static final String CHAIN_NAMESPACE = "urn:ASC:MHL:DIRECTORY:v2.0";
    public static final String FOLDER = "ascmhl";
    public static final String CHAIN_FILE = "ascmhl_chain.xml";
    static final String TOOL = "editorial-gateway";
    static final String TOOL_VERSION = "1.0";

    /** ASC MHL's process: files hashed where they lie, or copied from a source. */
    public enum Process {
        IN_PLACE("in-place"),
        TRANSFER("transfer");

        final String xml;

        Process(String xml) {
            this.xml = xml;
        }
    }

    private static final DateTimeFormatter FILE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd_HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final ConcurrentMap<Path, Object> LOCKS = new ConcurrentHashMap<>();

    private final Path historyDir;
    private final String folderName;

    /** The history of the folder whose MHL lives in {@code mhlRoot/ascmhl}, named {@code folderName}. */
    public AscMhl(Path mhlRoot, String folderName) {
        this.historyDir = mhlRoot.resolve(FOLDER);
        this.folderName = folderName;
    }

    /** Adds a generation listing {@code files}; returns its path. */
    public Path addGeneration(List<HashedFile> files, Process process, Instant now) {
        synchronized (LOCKS.computeIfAbsent(historyDir.toAbsolutePath().normalize(), k -> new Object())) {
            try {
                Files.createDirectories(historyDir);
                for (int attempt = 0; ; attempt++) {
                    int number = generations().size() + 1 + attempt;
                    Path file = historyDir.resolve(
                            String.format("%04d_%s_%s.mhl", number, folderName, FILE_TIME.format(now)));
                    if (DurableFiles.writeIfAbsent(
                            file, hashList(files, process, now).getBytes(StandardCharsets.UTF_8))) {
                        writeChain();
                        return file;
                    }
                    if (attempt > 100) {
                        throw new GatewayException(
                                Reason.INTERNAL, "cannot find a free generation number in " + historyDir);
                    }
                }
            } catch (IOException e) {
                throw GatewayException.io(
                        "cannot write an ASC MHL generation in " + historyDir + ": " + e.getMessage(), e);
            }
        }
    }

    /** The generation files, oldest first. */
    public List<Path> generations() throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(historyDir)) {
            return out;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(historyDir, "[0-9][0-9][0-9][0-9]_*.mhl")) {
            s.forEach(out::add);
        }
        out.sort(null);
        return out;
    }

    private void writeChain() throws IOException {
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.append("<ascmhldirectory xmlns=\"").append(CHAIN_NAMESPACE).append("\">\n");
        int n = 1;
        for (Path g : generations()) {
            x.append("  <hashlist sequencenr=\"").append(n++).append("\">\n");
            x.append("    <path>").append(Xml.text(g.getFileName().toString())).append("</path>\n");
            x.append("    <c4>").append(C4Id.of(Files.readAllBytes(g))).append("</c4>\n");
            x.append("  </hashlist>\n");
        }
        x.append("</ascmhldirectory>\n");
        DurableFiles.write(historyDir.resolve(CHAIN_FILE), x.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String hashList(List<HashedFile> files, Process process, Instant now) {
        String date = Xml.dateTime(now);
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.append("<hashlist version=\"2.0\" xmlns=\"").append(NAMESPACE).append("\">\n");
        x.append("  <creatorinfo>\n");
        x.append("    <creationdate>").append(date).append("</creationdate>\n");
        x.append("    <hostname>").append(Xml.text(hostname())).append("</hostname>\n");
        x.append("    <tool version=\"")
                .append(TOOL_VERSION)
                .append("\">")
                .append(TOOL)
                .append("</tool>\n");
        x.append("  </creatorinfo>\n");
        x.append("  <processinfo>\n");
        x.append("    <process>").append(process.xml).append("</process>\n");
        x.append("    <ignore>\n      <pattern>.DS_Store</pattern>\n      <pattern>ascmhl</pattern>\n")
                .append("      <pattern>ascmhl/</pattern>\n    </ignore>\n");
        x.append("  </processinfo>\n");
        x.append("  <hashes>\n");
        for (HashedFile f : files) {
            x.append("    <hash>\n");
            x.append("      <path size=\"")
                    .append(f.sizeBytes())
                    .append("\" lastmodificationdate=\"")
                    .append(Xml.dateTime(f.modified()))
                    .append("\">")
                    .append(Xml.text(f.relativePath()))
                    .append("</path>\n");
            x.append("      <xxh64 action=\"original\" hashdate=\"")
                    .append(date)
                    .append("\">")
                    .append(f.checksums().xxh64())
                    .append("</xxh64>\n");
            x.append("      <md5 action=\"original\" hashdate=\"")
                    .append(date)
                    .append("\">")
                    .append(f.checksums().md5())
                    .append("</md5>\n");
            x.append("    </hash>\n");
        }
        x.append("  </hashes>\n");
        x.append("</hashlist>\n");
        return x.toString();
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** The two things XML text needs here: escaping and xs:dateTime. */
    static final class Xml {
        private Xml() {}

        static String text(String s) {
            StringBuilder b = new StringBuilder(s.length());
            for (char c : s.toCharArray()) {
                switch (c) {
                    case '&' -> b.append("&amp;");
                    case '<' -> b.append("&lt;");
                    case '>' -> b.append("&gt;");
                    case '"' -> b.append("&quot;");
                    default -> b.append(c < 0x20 && c != '\t' ? '?' : c);
                }
            }
            return b.toString();
        }

        static String dateTime(Instant t) {
            return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
        }
    }
}
