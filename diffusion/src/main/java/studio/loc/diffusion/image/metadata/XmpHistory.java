package studio.loc.diffusion.image.metadata;

import java.io.StringReader;
import java.io.StringWriter;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * Adds one {@code xmpMM:History} event to an XMP packet (or makes a packet holding just that event): action
 * "saved", software agent LoC Studio, parameters saying what was done, and {@code xmp:MetadataDate} is left alone
 * so the same edit always writes the same bytes. Every other property of the packet is kept as it was.
 */
final class XmpHistory {

    private static final String RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    private static final String X = "adobe:ns:meta/";
    private static final String XMP_MM = "http://ns.adobe.com/xap/1.0/mm/";
    private static final String ST_EVT = "http://ns.adobe.com/xap/1.0/sType/ResourceEvent#";
    private static final String EMPTY_PACKET = "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"" + RDF
            + "\"><rdf:Description rdf:about=\"\"/></rdf:RDF></x:xmpmeta>";

    private XmpHistory() {
    }

    /** {@code xmp} (null for none) with the event appended; a packet that cannot be parsed is replaced. */
    static String withEvent(String xmp, String software, String parameters) {
        Document document;
        try {
            document = parse(xmp == null ? EMPTY_PACKET : xmp);
        } catch (Exception e) {
            document = parseOrFail(EMPTY_PACKET);
        }
        Element rdf = first(document.getDocumentElement(), RDF, "RDF");
        if (rdf == null) {
            document = parseOrFail(EMPTY_PACKET);
            rdf = first(document.getDocumentElement(), RDF, "RDF");
        }
        Element description = first(rdf, RDF, "Description");
        if (description == null) {
            description = document.createElementNS(RDF, "rdf:Description");
            description.setAttributeNS(RDF, "rdf:about", "");
            rdf.appendChild(description);
        }
        Element sequence = historySequence(document, rdf, description);
        Element event = document.createElementNS(RDF, "rdf:li");
        event.setAttributeNS(RDF, "rdf:parseType", "Resource");
        sequence.appendChild(event);
        property(document, event, "stEvt:action", "saved");
        property(document, event, "stEvt:softwareAgent", software);
        if (!parameters.isEmpty()) {
            property(document, event, "stEvt:parameters", parameters);
        }
        property(document, event, "stEvt:changed", "/");
        return packet(document);
    }

    /** The {@code rdf:Seq} of the packet's history, created in {@code description} when there is none. */
    private static Element historySequence(Document document, Element rdf, Element description) {
        NodeList histories = rdf.getElementsByTagNameNS(XMP_MM, "History");
        if (histories.getLength() > 0) {
            Element history = (Element) histories.item(0);
            Element sequence = first(history, RDF, "Seq");
            if (sequence != null) {
                return sequence;
            }
        }
        if (!description.hasAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmpMM")) {
            description.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:xmpMM", XMP_MM);
        }
        Element history = document.createElementNS(XMP_MM, "xmpMM:History");
        Element sequence = document.createElementNS(RDF, "rdf:Seq");
        history.appendChild(sequence);
        description.appendChild(history);
        return sequence;
    }

    private static void property(Document document, Element event, String name, String value) {
        Element element = document.createElementNS(ST_EVT, name);
        element.setTextContent(value);
        event.appendChild(element);
    }

    private static Element first(Element parent, String namespace, String localName) {
        if (parent == null) {
            return null;
        }
        if (namespace.equals(parent.getNamespaceURI()) && localName.equals(parent.getLocalName())) {
            return parent;
        }
        NodeList found = parent.getElementsByTagNameNS(namespace, localName);
        return found.getLength() == 0 ? null : (Element) found.item(0);
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        // An XMP packet comes from an untrusted file: no DTDs, no external entities.
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setExpandEntityReferences(false);
        DocumentBuilder builder = factory.newDocumentBuilder();
        builder.setErrorHandler(null);
        Document document = builder.parse(new InputSource(new StringReader(xml)));
        if (first(document.getDocumentElement(), RDF, "RDF") == null && !X.equals(document.getDocumentElement()
                .getNamespaceURI())) {
            throw new IllegalArgumentException("not an XMP packet");
        }
        return document;
    }

    private static Document parseOrFail(String xml) {
        try {
            return parse(xml);
        } catch (Exception e) {
            throw new IllegalStateException("the empty XMP packet does not parse", e);
        }
    }

    /** The document as an XMP packet, with the packet wrapper readers expect. */
    private static String packet(Document document) {
        try {
            for (Node child = document.getFirstChild(); child != null; ) {
                Node next = child.getNextSibling();
                if (child.getNodeType() == Node.PROCESSING_INSTRUCTION_NODE) {
                    document.removeChild(child); // the old xpacket wrapper; a fresh one is written below
                }
                child = next;
            }
            Transformer transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            StringWriter out = new StringWriter();
            transformer.transform(new DOMSource(document), new StreamResult(out));
            return "<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>" + out
                    + "<?xpacket end=\"w\"?>";
        } catch (Exception e) {
            throw new IllegalStateException("the XMP packet cannot be written: " + e.getMessage(), e);
        }
    }
}
