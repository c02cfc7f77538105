package io.smtpx.feature;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The jars this module's tests run with: the component's own dependencies as Maven resolved them, that is, exactly
 * what camel-smtpx is compiled and tested against. The checks compare the manifest and the features file with them.
 */
final class BuildClasspath {

    private static final List<Path> JARS = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .map(Path::of)
            .filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p))
            .toList();

    private BuildClasspath() {
    }

    /** The jar whose file name is {@code artifactId-version.jar}, as a mvn: URL names it. */
    static Optional<Path> artifact(String artifactId, String version) {
        String name = artifactId + "-" + version + ".jar";
        return JARS.stream().filter(p -> p.getFileName().toString().equals(name)).findFirst();
    }

    /** The camel-smtpx bundle; the reactor hands over the packaged jar only from the package phase on. */
    static Path smtpxBundle(String version) {
        return artifact("camel-smtpx", version).orElseThrow(() -> new AssertionError(
                "camel-smtpx-" + version + ".jar is not on the test classpath; the manifest is made in the package "
                        + "phase, so run these checks with 'verify' (classpath: " + System.getProperty("java.class.path")
                        + ")"));
    }

    static Path jarNamed(String artifactId) {
        return JARS.stream()
                .filter(p -> p.getFileName().toString().matches("\\Q" + artifactId + "\\E-\\d.*\\.jar"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(artifactId + " is not on the test classpath"));
    }

    /** The jar that holds classes of the package, if any on the classpath does. */
    static Optional<Path> jarHoldingPackage(String packageName) {
        String dir = packageName.replace('.', '/') + "/";
        return JARS.stream().filter(jar -> holdsClassesIn(jar, dir)).findFirst();
    }

    /** The OSGi Bundle-Version if the jar is a bundle, else the version in its Maven pom.properties. */
    static String version(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String bundleVersion = manifest == null ? null : manifest.getMainAttributes().getValue("Bundle-Version");
            if (bundleVersion != null) {
                return bundleVersion;
            }
            Enumeration<JarEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                if (entry.getName().startsWith("META-INF/maven/") && entry.getName().endsWith("/pom.properties")) {
                    Properties properties = new Properties();
                    try (InputStream in = file.getInputStream(entry)) {
                        properties.load(in);
                    }
                    return properties.getProperty("version");
                }
            }
            throw new AssertionError(jar + " has neither Bundle-Version nor pom.properties");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Manifest manifest(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getManifest();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean holdsClassesIn(Path jar, String dir) {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.stream().anyMatch(e -> e.getName().startsWith(dir) && e.getName().endsWith(".class")
                    && e.getName().indexOf('/', dir.length()) < 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
