package io.smtpx.feature;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;

/**
 * The OSGi headers bnd wrote into the camel-smtpx jar, checked against the intended API and against the jars the
 * component is compiled with.
 */
class BundleManifestTest {

    private static final Set<String> PUBLIC_API =
            Set.of("io.smtpx.camel", "io.smtpx.delivery", "io.smtpx.dns", "io.smtpx.reply");

    private static final String PROJECT_VERSION = System.getProperty("smtpx.version");
    private static final Path BUNDLE = BuildClasspath.smtpxBundle(PROJECT_VERSION);
    private static final Attributes HEADERS = BuildClasspath.manifest(BUNDLE).getMainAttributes();

    @Test
    void isABundleNamedAndVersionedAfterTheProject() {
        assertThat(HEADERS.getValue("Bundle-ManifestVersion")).isEqualTo("2");
        assertThat(HEADERS.getValue("Bundle-SymbolicName")).isEqualTo("io.smtpx.camel-smtpx");
        assertThat(Version.parseVersion(HEADERS.getValue("Bundle-Version")).toString())
                .startsWith(osgiVersion(PROJECT_VERSION) + ".");
    }

    @Test
    void exportsExactlyThePublicApiPackagesAtTheBundleVersion() {
        Map<String, Map<String, String>> exports = OsgiHeader.parse(HEADERS.getValue("Export-Package"));

        assertThat(exports.keySet()).containsExactlyInAnyOrderElementsOf(PUBLIC_API);
        exports.forEach((pkg, attributes) -> assertThat(attributes.get("version"))
                .as("version of exported %s", pkg).isEqualTo(osgiVersion(PROJECT_VERSION)));
    }

    @Test
    void holdsNoPackageItDoesNotExportSoNoExportedSignatureCanNameAHiddenOne() throws IOException {
        Set<String> packagesWithClasses;
        try (JarFile jar = new JarFile(BUNDLE.toFile())) {
            packagesWithClasses = jar.stream()
                    .map(e -> e.getName())
                    .filter(name -> name.endsWith(".class") && !name.startsWith("META-INF/"))
                    .map(name -> name.substring(0, name.lastIndexOf('/')).replace('/', '.'))
                    .collect(Collectors.toCollection(TreeSet::new));
        }

        assertThat(packagesWithClasses).containsExactlyInAnyOrderElementsOf(PUBLIC_API);
    }

    @Test
    void doesNotImportThePackagesItExports() {
        assertThat(imports().keySet()).noneMatch(pkg -> pkg.startsWith("io.smtpx"));
    }

    @Test
    void importsEveryPackageTheJdkDoesNotProvideWithAVersionRangeAndNothingOptionally() {
        imports().forEach((pkg, attributes) -> {
            assertThat(attributes).as("directives of %s", pkg).doesNotContainKey("resolution:");
            if (!isJdkPackage(pkg)) {
                assertThat(attributes.get("version")).as("version range of %s", pkg).isNotNull().startsWith("[");
            }
        });
    }

    @Test
    void importsCamelForTheMinorWeBuildAgainstOnly() {
        Version camel = Version.parseVersion(BuildClasspath.version(BuildClasspath.jarNamed("camel-api")));
        Version nextMinor = new Version(camel.getMajor(), camel.getMinor() + 1, 0);

        Map<String, Map<String, String>> camelImports = imports();
        camelImports.keySet().removeIf(pkg -> !pkg.startsWith("org.apache.camel"));

        assertThat(camelImports).containsKeys("org.apache.camel", "org.apache.camel.spi",
                "org.apache.camel.support", "org.apache.camel.component.mail");
        camelImports.forEach((pkg, attributes) -> {
            VersionRange range = new VersionRange(attributes.get("version"));
            assertThat(range.includes(new Version(camel.getMajor(), camel.getMinor(), 0))).as(pkg + " " + range)
                    .isTrue();
            assertThat(range.includes(camel)).as(pkg + " " + range).isTrue();
            assertThat(range.includes(nextMinor)).as(pkg + " " + range).isFalse();
        });
    }

    @Test
    void eachImportRangeHoldsTheVersionOfTheJarWeCompileAgainst() {
        Map<String, Map<String, String>> imports = imports();
        imports.keySet().removeIf(BundleManifestTest::isJdkPackage);

        assertThat(imports).containsKeys("jakarta.mail", "jakarta.mail.internet", "org.xbill.DNS", "org.slf4j");
        imports.forEach((pkg, attributes) -> {
            Path jar = BuildClasspath.jarHoldingPackage(pkg)
                    .orElseThrow(() -> new AssertionError("no jar on the build classpath holds " + pkg));
            Version built = Version.parseVersion(BuildClasspath.version(jar));
            VersionRange range = new VersionRange(attributes.get("version"));
            assertThat(range.includes(built)).as("%s %s holds %s from %s", pkg, range, built, jar.getFileName())
                    .isTrue();
            assertThat(range.includes(new Version(built.getMajor() + 1, 0, 0))).as("%s %s is open", pkg, range)
                    .isFalse();
        });
    }

    @Test
    void carriesCamelsDescriptorsThatFindTheComponentAndItsConfigurers() throws IOException {
        try (JarFile jar = new JarFile(BUNDLE.toFile())) {
            assertThat(descriptor(jar, "component/smtpx")).isEqualTo("io.smtpx.camel.SmtpxComponent");
            assertThat(descriptor(jar, "configurer/smtpx-component"))
                    .isEqualTo("io.smtpx.camel.SmtpxComponentConfigurer");
            assertThat(descriptor(jar, "configurer/smtpx-endpoint"))
                    .isEqualTo("io.smtpx.camel.SmtpxEndpointConfigurer");
            assertThat(descriptor(jar, "urifactory/smtpx-endpoint"))
                    .isEqualTo("io.smtpx.camel.SmtpxEndpointUriFactory");
            for (String generated : new String[] {"SmtpxComponentConfigurer", "SmtpxEndpointConfigurer",
                    "SmtpxEndpointUriFactory", "SmtpxConfigurationConfigurer"}) {
                assertThat(jar.getEntry("io/smtpx/camel/" + generated + ".class")).as(generated).isNotNull();
            }
        }
    }

    @Test
    void staysAPlainJarThatNeedsNoOsgiFramework() {
        assertThat(HEADERS.getValue("Bundle-Activator")).isNull();
        assertThat(HEADERS.getValue("Bundle-ClassPath")).isNull();
        assertThat(HEADERS.getValue("Fragment-Host")).isNull();
        assertThat(HEADERS.getValue("Require-Bundle")).isNull();
    }

    private static Map<String, Map<String, String>> imports() {
        return OsgiHeader.parse(HEADERS.getValue("Import-Package"));
    }

    private static String descriptor(JarFile jar, String name) throws IOException {
        var entry = jar.getEntry("META-INF/services/org/apache/camel/" + name);
        assertThat(entry).as(name).isNotNull();
        Properties properties = new Properties();
        try (InputStream in = jar.getInputStream(entry)) {
            properties.load(in);
        }
        return properties.getProperty("class");
    }

    static boolean isJdkPackage(String pkg) {
        return ModuleLayer.boot().modules().stream().anyMatch(m -> m.getPackages().contains(pkg));
    }

    private static String osgiVersion(String mavenVersion) {
        return mavenVersion.replaceFirst("-.*$", "");
    }
}
