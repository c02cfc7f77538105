package io.smtpx.feature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.net.URL;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** The features repository Karaf users add: valid for Karaf, and pinned to what the component is built against. */
class FeaturesRepositoryTest {

    private static final String PROJECT_VERSION = System.getProperty("smtpx.version");

    @Test
    void isValidAgainstKarafsFeaturesSchema() throws Exception {
        // shipped by org.apache.karaf.features.core, the same schema Karaf's feature service validates with
        URL xsd = getClass().getClassLoader().getResource("org/apache/karaf/features/karaf-features-1.6.0.xsd");
        assertThat(xsd).as("karaf-features-1.6.0.xsd on the test classpath").isNotNull();
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        Schema schema = factory.newSchema(xsd);

        assertThatCode(() -> schema.newValidator().validate(new StreamSource(FeaturesRepository.file().toFile())))
                .doesNotThrowAnyException();
        assertThat(FeaturesRepository.document().getDocumentElement().getNamespaceURI())
                .isEqualTo(FeaturesRepository.NAMESPACE);
    }

    @Test
    void refersToCamelKarafsFeaturesOfTheCamelWeBuildAgainst() throws Exception {
        String camel = BuildClasspath.version(BuildClasspath.jarNamed("camel-api"));
        Document document = FeaturesRepository.document();

        assertThat(FeaturesRepository.children(document.getDocumentElement(), "repository"))
                .extracting(Element::getTextContent)
                .containsExactly("mvn:org.apache.camel.karaf/apache-camel/" + camel + "/xml/features");
    }

    @Test
    void camelSmtpxFeatureNeedsCamelCoreAndCamelMailOfOurCamelMinor() throws Exception {
        Version camel = Version.parseVersion(BuildClasspath.version(BuildClasspath.jarNamed("camel-api")));
        Element feature = FeaturesRepository.feature(FeaturesRepository.document(), "camel-smtpx");
        List<Element> needed = FeaturesRepository.children(feature, "feature");

        assertThat(feature.getAttribute("version")).isEqualTo(PROJECT_VERSION);
        assertThat(needed).extracting(Element::getTextContent).containsExactly("camel-core", "camel-mail");
        for (Element dependency : needed) {
            VersionRange range = new VersionRange(dependency.getAttribute("version"));
            assertThat(range.includes(camel)).as(dependency.getTextContent() + " " + range).isTrue();
            assertThat(range.includes(new Version(camel.getMajor(), camel.getMinor() + 1, 0)))
                    .as(dependency.getTextContent() + " " + range).isFalse();
        }
    }

    @Test
    void installsItsLibrariesAndTheComponentAtTheVersionsWeBuildAndTestWith() throws Exception {
        Element feature = FeaturesRepository.feature(FeaturesRepository.document(), "camel-smtpx");
        List<Element> bundles = FeaturesRepository.children(feature, "bundle");

        assertThat(bundles).extracting(Element::getTextContent).containsExactly(
                "mvn:dnsjava/dnsjava/" + BuildClasspath.version(BuildClasspath.jarNamed("dnsjava")),
                "mvn:org.apache.commons/commons-pool2/" + BuildClasspath.version(BuildClasspath.jarNamed("commons-pool2")),
                "mvn:io.smtpx/camel-smtpx/" + PROJECT_VERSION);
        // third-party libraries: Karaf skips them when another bundle already provides what they export
        assertThat(bundles.get(0).getAttribute("dependency")).isEqualTo("true");
        assertThat(bundles.get(1).getAttribute("dependency")).isEqualTo("true");
        assertThat(bundles.get(2).getAttribute("dependency")).isNotEqualTo("true");
    }
}
