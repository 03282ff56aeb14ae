package gateway.ingest.offload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.asset.Checksums;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class AscMhlTest {
    private static final Instant NOW = Instant.parse("2026-11-03T14:05:09Z");

    @TempDir
    Path dir;

    @Test
    void aCopyGenerationListsEveryFileWithSizeDateXxh64AndMd5() throws Exception {
        Path card = dir.resolve("A001");
        List<Path> files = CardFixture.card(card);
        OriginalsIntake intake = new OriginalsIntake(
                dir.resolve("store/originals"), new CardOffload(), Clock.fixed(NOW, ZoneOffset.UTC));

        List<OriginalsIntake.Prepared> prepared = intake.copy(card, files, new gateway.model.asset.ProjectId("p"));

        Path dest = dir.resolve("store/originals/p/A001");
        Path mhl = dest.resolve("ascmhl/0001_A001_2026-11-03_140509Z.mhl");
        assertTrue(Files.isRegularFile(mhl), "generation file " + mhl);
        assertEquals(mhl.toString(), prepared.get(0).metadata().get(OriginalSource.META_MHL));
        assertEquals(files.get(0).toString(), prepared.get(0).metadata().get(OriginalSource.META_SOURCE_PATH));

        Document doc = parse(mhl);
        Element root = doc.getDocumentElement();
        assertEquals(AscMhl.NAMESPACE, root.getNamespaceURI());
        assertEquals("hashlist", root.getLocalName());
        assertEquals("2.0", root.getAttribute("version"));
        assertEquals("transfer", text(root, "process"));
        assertEquals("2026-11-03T14:05:09Z", text(root, "creationdate"));
        assertEquals(AscMhl.TOOL, text(root, "tool"));

        NodeList hashes = root.getElementsByTagNameNS(AscMhl.NAMESPACE, "hash");
        assertEquals(files.size(), hashes.getLength());
        Map<String, Element> byPath = new HashMap<>();
        for (int i = 0; i < hashes.getLength(); i++) {
            Element h = (Element) hashes.item(i);
            byPath.put(text(h, "path"), h);
        }
        for (Path f : files) {
            String rel = card.relativize(f).toString();
            Element h = byPath.get(rel);
            Checksums expected = CardFixture.independent(dest.resolve(rel));
            Element path =
                    (Element) h.getElementsByTagNameNS(AscMhl.NAMESPACE, "path").item(0);
            assertEquals(Long.toString(Files.size(f)), path.getAttribute("size"), rel);
            assertEquals(
                    Files.getLastModifiedTime(f).toInstant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                    Instant.parse(path.getAttribute("lastmodificationdate")));
            assertEquals(expected.xxh64(), text(h, "xxh64"), rel);
            assertEquals(expected.md5(), text(h, "md5"), rel);
        }
    }

    @Test
    void eachIngestAddsAGenerationAndTheChainNamesEachByItsC4Id() throws Exception {
        Path card = dir.resolve("B002");
        List<Path> files = CardFixture.card(card);
        OriginalsIntake intake = new OriginalsIntake(
                dir.resolve("store/originals"), new CardOffload(), Clock.fixed(NOW, ZoneOffset.UTC));
        gateway.model.asset.ProjectId p = new gateway.model.asset.ProjectId("p");
        intake.reference(card, files, p);
        intake.reference(card, files.subList(0, 1), p);

        Path history = dir.resolve("store/originals/p/B002/ascmhl");
        Path first = history.resolve("0001_B002_2026-11-03_140509Z.mhl");
        Path second = history.resolve("0002_B002_2026-11-03_140509Z.mhl");
        assertTrue(Files.isRegularFile(first));
        assertTrue(Files.isRegularFile(second));
        assertEquals("in-place", text(parse(first).getDocumentElement(), "process"));
        assertEquals(
                1,
                parse(second)
                        .getDocumentElement()
                        .getElementsByTagNameNS(AscMhl.NAMESPACE, "hash")
                        .getLength());

        Element chain = parse(history.resolve(AscMhl.CHAIN_FILE)).getDocumentElement();
        assertEquals(AscMhl.CHAIN_NAMESPACE, chain.getNamespaceURI());
        NodeList lists = chain.getElementsByTagNameNS(AscMhl.CHAIN_NAMESPACE, "hashlist");
        assertEquals(2, lists.getLength());
        Element two = (Element) lists.item(1);
        assertEquals("2", two.getAttribute("sequencenr"));
        assertEquals(second.getFileName().toString(), textNs(two, AscMhl.CHAIN_NAMESPACE, "path"));
        String c4 = textNs(two, AscMhl.CHAIN_NAMESPACE, "c4");
        assertEquals(90, c4.length());
        assertTrue(c4.startsWith("c4"));
        assertEquals(C4Id.of(Files.readAllBytes(second)), c4);
    }

    @Test
    void c4IdOfTheEmptyInputIsTheKnownValue() {
        // SMPTE ST 2114's C4 ID of zero bytes (the SHA-512 of "" in base 58).
        assertEquals(
                "c459dsjfscH38cYeXXYogktxf4Cd9ibshE3BHUo6a58hBXmRQdZrAkZzsWcbWtDg5oQstpDuni4Hirj75GEmTc1sFT",
                C4Id.of(new byte[0]));
    }

    private static Document parse(Path f) throws Exception {
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.setNamespaceAware(true);
        return dbf.newDocumentBuilder().parse(f.toFile());
    }

    private static String text(Element in, String name) {
        return textNs(in, AscMhl.NAMESPACE, name);
    }

    private static String textNs(Element in, String ns, String name) {
        return in.getElementsByTagNameNS(ns, name).item(0).getTextContent();
    }
}
