package io.smtpx.feature;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The built (filtered) features.xml, read as the tests need it. */
final class FeaturesRepository {

    static final String NAMESPACE = "http://karaf.apache.org/xmlns/features/v1.6.0";

    static Path file() {
        return Path.of(System.getProperty("smtpx.features.xml"));
    }

    static Document document() throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(file().toFile());
    }

    static Element feature(Document document, String name) {
        NodeList features = document.getDocumentElement().getElementsByTagNameNS(NAMESPACE, "feature");
        for (int i = 0; i < features.getLength(); i++) {
            Element feature = (Element) features.item(i);
            if (feature.getParentNode() == document.getDocumentElement() && name.equals(feature.getAttribute("name"))) {
                return feature;
            }
        }
        throw new AssertionError("no feature " + name + " in " + file());
    }

    static List<Element> children(Element parent, String localName) {
        List<Element> children = new ArrayList<>();
        NodeList nodes = parent.getElementsByTagNameNS(NAMESPACE, localName);
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i).getParentNode() == parent) {
                children.add((Element) nodes.item(i));
            }
        }
        return children;
    }

    /** A mvn:groupId/artifactId/version URL as its three parts. */
    static String[] coordinates(String mvnUrl) {
        if (!mvnUrl.startsWith("mvn:")) {
            throw new AssertionError("not a mvn: URL: " + mvnUrl);
        }
        return mvnUrl.substring("mvn:".length()).split("/");
    }

    private FeaturesRepository() {
    }
}
