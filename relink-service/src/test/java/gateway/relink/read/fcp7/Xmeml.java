package gateway.relink.read.fcp7;

import gateway.relink.read.xml.SafeXml;
import java.nio.charset.StandardCharsets;

/** Small xmeml snippets for tests. */
final class Xmeml {
    private Xmeml() {}

    static XmlNode node(String xml) {
        return new XmlNode(SafeXml.parse(xml.getBytes(StandardCharsets.UTF_8), "snippet.xml")
                .getDocumentElement());
    }

    static Findings lenient() {
        return new Findings("snippet.xml", false);
    }

    /** A one-sequence file at 30 fps (or {@code rate}) whose video track holds {@code items}. */
    static byte[] sequence(String rate, String items) {
        return ("""
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE xmeml>
                <xmeml version="4">
                  <sequence id="sequence-1">
                    <name>test</name>
                    %s
                    <timecode><string>01:00:00:00</string><frame>108000</frame><displayformat>NDF</displayformat></timecode>
                    <media><video><track>%s</track></video></media>
                  </sequence>
                </xmeml>
                """).formatted(rate, items).getBytes(StandardCharsets.UTF_8);
    }
}
