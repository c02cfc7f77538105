package io.smtpx.feature;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import org.apache.felix.framework.FrameworkFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;
import org.w3c.dom.Element;

/**
 * Installs the camel-smtpx bundle in a real OSGi framework (Apache Felix, the one Karaf runs on) together with the
 * bundles its feature installs and stand-ins for what camel-karaf's camel-core and camel-mail features install, and
 * checks that every import resolves and that Camel's OSGi component discovery would find the component.
 *
 * <p>What stands in for what, because camel-karaf's bundles cannot be downloaded here:
 * <ul>
 *   <li>camel-karaf's Camel bundles: the plain Camel jars we build against (camel-api, camel-support, camel-util,
 *       camel-mail...), wrapped here the way camel-karaf wraps them, exporting their packages at the Camel version
 *       ({@code org.apache.camel*;version=${camel-version}}); their own imports are left dynamic, so only our
 *       bundle's imports are under test;</li>
 *   <li>camel-mail's Jakarta Mail and Angus Mail, and xml-specs-api's Jakarta Activation: the real bundles we
 *       build against, as published;</li>
 *   <li>Karaf's pax-logging: the system bundle exporting the SLF4J API we build against.</li>
 * </ul>
 * The camel-smtpx feature's own bundles (dnsjava and camel-smtpx) are read from the built features.xml and taken
 * from the build classpath at exactly the versions the feature names.
 */
class BundleResolvesInOsgiTest {

    private static final String PROJECT_VERSION = System.getProperty("smtpx.version");
    private static final List<String> OSGI_BUNDLES_OF_CAMEL_FEATURES =
            List.of("jakarta.activation-api", "angus-activation", "jakarta.mail-api", "angus-mail");

    private static Framework framework;
    private static Bundle smtpx;
    private static Bundle camelApi;
    private static final Map<String, Bundle> installed = new LinkedHashMap<>();

    @BeforeAll
    static void startFrameworkWithTheFeaturesBundles() throws Exception {
        String slf4j = BuildClasspath.version(BuildClasspath.jarNamed("slf4j-api"));
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, System.getProperty("smtpx.felix.storage"));
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, List.of("org.slf4j", "org.slf4j.event",
                "org.slf4j.helpers", "org.slf4j.spi").stream().map(p -> p + ";version=" + slf4j)
                .collect(Collectors.joining(",")));
        config.put("felix.log.level", "1");
        framework = new FrameworkFactory().newFramework(config);
        framework.start();
        BundleContext context = framework.getBundleContext();

        String camelVersion = BuildClasspath.version(BuildClasspath.jarNamed("camel-api"));
        for (Path jar : camelJars(camelVersion)) {
            String artifactId = jar.getFileName().toString().replace("-" + camelVersion + ".jar", "");
            installed.put(artifactId, context.installBundle("camel-karaf-stand-in:" + artifactId,
                    wrap(jar, "org.apache.camel.karaf." + artifactId, camelVersion)));
        }
        for (String artifactId : OSGI_BUNDLES_OF_CAMEL_FEATURES) {
            Path jar = BuildClasspath.jarNamed(artifactId);
            installed.put(artifactId, context.installBundle(jar.toUri().toString()));
        }
        Element feature = FeaturesRepository.feature(FeaturesRepository.document(), "camel-smtpx");
        for (Element bundle : FeaturesRepository.children(feature, "bundle")) {
            String[] gav = FeaturesRepository.coordinates(bundle.getTextContent());
            Path jar = BuildClasspath.artifact(gav[1], gav[2]).orElseThrow(() -> new AssertionError(
                    bundle.getTextContent() + " is not the version on the build classpath"));
            installed.put(gav[1], context.installBundle(jar.toUri().toString()));
        }
        smtpx = installed.get("camel-smtpx");
        camelApi = installed.get("camel-api");
        framework.adapt(FrameworkWiring.class).resolveBundles(installed.values());
    }

    @AfterAll
    static void stopFramework() throws Exception {
        if (framework != null) {
            framework.stop();
            framework.waitForStop(10_000);
        }
    }

    @Test
    void resolvesAndStartsWithTheBundlesItsFeatureBringsIn() throws Exception {
        assertThat(installed).containsKeys("camel-smtpx", "dnsjava", "camel-api", "camel-support", "camel-mail");

        smtpx.start(); // throws with the unresolved requirement if an import finds no exporter

        assertThat(smtpx.getState()).isEqualTo(Bundle.ACTIVE);
        assertThat(smtpx.getSymbolicName()).isEqualTo("io.smtpx.camel-smtpx");
    }

    @Test
    void wiresEachImportToTheBundleThatProvidesItInKaraf() {
        Map<String, String> providers = new HashMap<>();
        for (BundleWire wire : wiring(smtpx).getRequiredWires(BundleRevision.PACKAGE_NAMESPACE)) {
            providers.put((String) wire.getCapability().getAttributes().get(BundleRevision.PACKAGE_NAMESPACE),
                    wire.getProvider().getSymbolicName());
        }
        Map<String, Map<String, String>> imports = OsgiHeader.parse(smtpx.getHeaders().get("Import-Package"));

        assertThat(providers.keySet()).containsAll(imports.keySet());
        providers.forEach((pkg, provider) -> {
            if (pkg.startsWith("org.apache.camel")) {
                assertThat(provider).as(pkg).startsWith("org.apache.camel.karaf.camel-");
            } else if (pkg.startsWith("jakarta.mail")) {
                assertThat(provider).as(pkg).isEqualTo("jakarta.mail-api");
            } else if (pkg.startsWith("org.xbill.DNS")) {
                assertThat(provider).as(pkg).isEqualTo("org.xbill.dns");
            } else if (pkg.startsWith("jakarta.activation")) {
                assertThat(provider).as(pkg).isEqualTo("jakarta.activation-api");
            } else if (pkg.startsWith("org.apache.commons.pool2")) {
                assertThat(provider).as(pkg).isEqualTo("org.apache.commons.commons-pool2");
            } else {
                assertThat(provider).as(pkg + " from the JDK or the logging service")
                        .isEqualTo(framework.getSymbolicName());
            }
        });
        assertThat(providers).containsEntry("org.apache.camel.component.mail", "org.apache.camel.karaf.camel-mail");
    }

    @Test
    void camelKarafFindsTheComponentAndItsConfigurersAsItsActivatorLooksForThem() throws Exception {
        // camel-core-osgi's Activator registers a bundle's components only if the bundle is wired to the same
        // org.apache.camel (configurers: org.apache.camel.spi) that Camel itself uses, then reads the descriptors
        // from the bundle's entries and loads the named class through the bundle
        assertThat(wiredToCamelApi("org.apache.camel")).isTrue();
        assertThat(wiredToCamelApi("org.apache.camel.spi")).isTrue();

        assertThat(Collections.list(smtpx.getEntryPaths("META-INF/services/org/apache/camel/component/")))
                .containsExactly("META-INF/services/org/apache/camel/component/smtpx");
        assertThat(Collections.list(smtpx.getEntryPaths("META-INF/services/org/apache/camel/configurer/")))
                .contains("META-INF/services/org/apache/camel/configurer/smtpx-component",
                        "META-INF/services/org/apache/camel/configurer/smtpx-endpoint");

        Class<?> component = smtpx.loadClass(descriptorClass("component/smtpx"));
        assertThat(camelApi.loadClass("org.apache.camel.Component").isAssignableFrom(component)).isTrue();
        Class<?> configurer = smtpx.loadClass(descriptorClass("configurer/smtpx-endpoint"));
        assertThat(camelApi.loadClass("org.apache.camel.spi.GeneratedPropertyConfigurer")
                .isAssignableFrom(configurer)).isTrue();
        Class<?> uriFactory = smtpx.loadClass(descriptorClass("urifactory/smtpx-endpoint"));
        assertThat(camelApi.loadClass("org.apache.camel.spi.EndpointUriFactory").isAssignableFrom(uriFactory))
                .isTrue();
    }

    @Test
    void createsTheComponentWithCamelClassesFromCamelsBundles() throws Exception {
        Class<?> componentClass = smtpx.loadClass("io.smtpx.camel.SmtpxComponent");

        Object component = componentClass.getDeclaredConstructor().newInstance();

        assertThat(FrameworkUtil.getBundle(component.getClass())).isEqualTo(smtpx);
        assertThat(FrameworkUtil.getBundle(componentClass.getSuperclass()))
                .isEqualTo(installed.get("camel-support"));
        Class<?> resolver = smtpx.loadClass("io.smtpx.dns.MxResolver");
        assertThat(FrameworkUtil.getBundle(resolver.getDeclaredConstructors()[0].getParameterTypes()[0]))
                .as("DnsSettings").isEqualTo(smtpx);
        assertThat(smtpx.loadClass("org.xbill.DNS.Lookup").getClassLoader())
                .isEqualTo(wiring(installed.get("dnsjava")).getClassLoader());
    }

    private static boolean wiredToCamelApi(String pkg) {
        BundleCapability exported = wiring(camelApi).getCapabilities(BundleRevision.PACKAGE_NAMESPACE).stream()
                .filter(c -> pkg.equals(c.getAttributes().get(BundleRevision.PACKAGE_NAMESPACE)))
                .findFirst().orElseThrow();
        return wiring(smtpx).getRequiredWires(BundleRevision.PACKAGE_NAMESPACE).stream()
                .anyMatch(w -> w.getCapability().equals(exported));
    }

    private static String descriptorClass(String name) throws IOException {
        URL entry = smtpx.getEntry("META-INF/services/org/apache/camel/" + name);
        assertThat(entry).as(name).isNotNull();
        Properties properties = new Properties();
        try (InputStream in = entry.openStream()) {
            properties.load(in);
        }
        return properties.getProperty("class");
    }

    private static BundleWiring wiring(Bundle bundle) {
        BundleWiring wiring = bundle.adapt(BundleWiring.class);
        assertThat(wiring).as(bundle.getSymbolicName() + " is resolved").isNotNull();
        return wiring;
    }

    private static List<Path> camelJars(String camelVersion) {
        List<Path> jars = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (name.startsWith("camel-") && name.endsWith("-" + camelVersion + ".jar")) {
                jars.add(Path.of(entry));
            }
        }
        return jars;
    }

    /** A plain Camel jar made a bundle as camel-karaf does: its packages exported at the Camel version. */
    private static InputStream wrap(Path jar, String symbolicName, String version) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarFile source = new JarFile(jar.toFile())) {
            TreeSet<String> packages = source.stream()
                    .map(JarEntry::getName)
                    .filter(n -> n.endsWith(".class") && n.contains("/") && !n.startsWith("META-INF/"))
                    .map(n -> n.substring(0, n.lastIndexOf('/')).replace('/', '.'))
                    .collect(Collectors.toCollection(TreeSet::new));
            Manifest manifest = new Manifest();
            Attributes main = manifest.getMainAttributes();
            main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
            main.putValue(Constants.BUNDLE_MANIFESTVERSION, "2");
            main.putValue(Constants.BUNDLE_SYMBOLICNAME, symbolicName);
            main.putValue(Constants.BUNDLE_VERSION, version);
            main.putValue(Constants.EXPORT_PACKAGE,
                    packages.stream().map(p -> p + ";version=" + version).collect(Collectors.joining(",")));
            main.putValue(Constants.DYNAMICIMPORT_PACKAGE, "*");
            try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
                for (JarEntry entry : Collections.list(source.entries())) {
                    if (entry.getName().equalsIgnoreCase("META-INF/MANIFEST.MF") || entry.isDirectory()) {
                        continue;
                    }
                    out.putNextEntry(new JarEntry(entry.getName()));
                    try (InputStream in = source.getInputStream(entry)) {
                        in.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
        }
        return new ByteArrayInputStream(bytes.toByteArray());
    }
}
