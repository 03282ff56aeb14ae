package gateway.relink.read.xml;

import gateway.model.error.GatewayException;
import gateway.model.error.Reason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Parses untrusted XML (edit files from anywhere) into a namespace-aware DOM, safely.
 *
 * <p>First a cheap scan of the raw markup refuses any entity declaration, any DOCTYPE naming an
 * external DTD and any XInclude element, with the line, before a parser sees the bytes. Then the
 * JDK parser runs with secure processing, no external DTD or entity loading (an entity resolver
 * that resolves to nothing), no XInclude, no entity expansion and a low entity-expansion limit. A
 * bare {@code <!DOCTYPE xmeml>} (what Premiere writes) parses. Every failure is a PARSE_ERROR that
 * names the source and, for malformed XML, the line and column.
 */
public final class SafeXml {
    /** Entity expansions allowed in one document; edit files use none beyond the predefined five. */
    static final String ENTITY_EXPANSION_LIMIT = "64";

    private SafeXml() {}

    /** Parses {@code xml}; {@code sourceName} names it in messages. */
    public static Document parse(byte[] xml, String sourceName) {
        MarkupScan.check(xml, sourceName);
        DocumentBuilder builder = newBuilder(sourceName);
        Document document;
        try {
            InputSource input = new InputSource(new ByteArrayInputStream(xml));
            document = builder.parse(input);
        } catch (SAXParseException e) {
            throw new GatewayException(
                    Reason.PARSE_ERROR,
                    sourceName + " is not well-formed XML at line " + e.getLineNumber() + ", column "
                            + e.getColumnNumber() + ": " + e.getMessage(),
                    e);
        } catch (SAXException e) {
            throw new GatewayException(Reason.PARSE_ERROR, sourceName + " is not readable XML: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new GatewayException(
                    Reason.PARSE_ERROR, sourceName + " could not be read as XML: " + e.getMessage(), e);
        }
        checkParsed(document, sourceName);
        return document;
    }

    /** Defence in depth behind the scan: the parsed tree holds no entity and no XInclude element. */
    private static void checkParsed(Document document, String sourceName) {
        if (document.getDoctype() != null && document.getDoctype().getEntities().getLength() > 0) {
            throw new GatewayException(
                    Reason.PARSE_ERROR,
                    sourceName + " declares an entity: refused (XXE / entity-expansion protection); "
                            + "edit files never need entities");
        }
        if (document.getElementsByTagNameNS(MarkupScan.XINCLUDE_NAMESPACE, "*").getLength() > 0) {
            throw new GatewayException(
                    Reason.PARSE_ERROR,
                    sourceName + " uses XInclude: refused (XXE / entity-expansion protection); "
                            + "edit files never include other files");
        }
    }

    private static DocumentBuilder newBuilder(String sourceName) {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        try {
            factory.setNamespaceAware(true);
            factory.setValidating(false);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setAttribute("jdk.xml.entityExpansionLimit", ENTITY_EXPANSION_LIMIT);
            factory.setAttribute("jdk.xml.maxGeneralEntitySizeLimit", "4096");
            factory.setAttribute("jdk.xml.maxParameterEntitySizeLimit", "4096");
            factory.setAttribute("jdk.xml.maxElementDepth", "1000");
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setEntityResolver((publicId, systemId) -> new InputSource(new StringReader("")));
            builder.setErrorHandler(RETHROW);
            return builder;
        } catch (ParserConfigurationException | IllegalArgumentException e) {
            throw new GatewayException(
                    Reason.INTERNAL, "the JDK XML parser refused a safety setting while reading " + sourceName, e);
        }
    }

    /** Turns every error into a failure (instead of the default print to stderr); warnings pass. */
    private static final ErrorHandler RETHROW = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
            // a non-validating parse has nothing to warn about that changes the tree
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };
}
