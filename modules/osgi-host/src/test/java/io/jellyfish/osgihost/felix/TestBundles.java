package io.jellyfish.osgihost.felix;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

/** The real strategy bundles, and small bundles built on the fly. */
final class TestBundles {
    private TestBundles() {}

    /**
     * Copies the strategy bundle named by system property {@code property} (set by the pom to
     * the dependency's file) into {@code plugins}. In a reactor build that has not packaged it,
     * that file is the classes directory, whose bnd manifest is then jarred with the classes.
     */
    static Path strategy(String property, String jarName, Path plugins) throws IOException {
        String location = System.getProperty(property);
        if (location == null || location.isEmpty() || location.startsWith("${")) {
            throw new IllegalStateException("system property " + property + " is not set: run the tests with Maven");
        }
        Path source = Path.of(location);
        Path jar = Files.createDirectories(plugins).resolve(jarName);
        if (Files.isDirectory(source)) {
            Manifest manifest;
            try (var in = Files.newInputStream(source.resolve("META-INF/MANIFEST.MF"))) {
                manifest = new Manifest(in);
            }
            jar(jar, manifest, source);
        } else {
            Files.copy(source, jar);
        }
        return jar;
    }

    /** A jar with {@code headers} as its manifest (none but the version when empty) and {@code entries}. */
    static Path jar(Path jar, Map<String, String> headers, Map<String, byte[]> entries) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        headers.forEach((name, value) -> manifest.getMainAttributes().putValue(name, value));
        Files.createDirectories(jar.getParent());
        try (OutputStream file = Files.newOutputStream(jar);
             JarOutputStream out = new JarOutputStream(file, manifest)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                out.putNextEntry(new JarEntry(entry.getKey()));
                out.write(entry.getValue());
                out.closeEntry();
            }
        }
        return jar;
    }

    /** A jar with {@code manifest} and every file under {@code classes} but its manifest. */
    static void jar(Path jar, Manifest manifest, Path classes) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar);
             JarOutputStream out = new JarOutputStream(file, manifest);
             Stream<Path> tree = Files.walk(classes)) {
            for (Path path : tree.filter(Files::isRegularFile).sorted().toList()) {
                String name = classes.relativize(path).toString().replace('\\', '/');
                if (!name.equals("META-INF/MANIFEST.MF")) {
                    out.putNextEntry(new JarEntry(name));
                    out.write(Files.readAllBytes(path));
                    out.closeEntry();
                }
            }
        }
    }

    /**
     * Compiles {@code sources} (path to text) against {@code classPath} in {@code work} and jars
     * the classes and {@code resources} with {@code headers}.
     */
    static Path compiled(Path work, Path jar, Map<String, String> headers, Map<String, String> sources,
                         Map<String, String> resources, Path... classPath) throws IOException {
        Path src = Files.createTempDirectory(work, "src");
        Path classes = Files.createTempDirectory(work, "classes");
        List<String> args = new ArrayList<>(List.of("--release", "21", "-d", classes.toString(), "-cp",
                String.join(java.io.File.pathSeparator, Stream.of(classPath).map(Path::toString).toList())));
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = src.resolve(source.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            args.add(file.toString());
        }
        ToolProvider javac = ToolProvider.findFirst("javac").orElseThrow(() -> new IllegalStateException("no javac"));
        StringWriter diagnostics = new StringWriter();
        PrintWriter writer = new PrintWriter(diagnostics);
        if (javac.run(writer, writer, args.toArray(String[]::new)) != 0) {
            throw new IllegalStateException("javac failed: " + diagnostics);
        }
        for (Map.Entry<String, String> resource : resources.entrySet()) {
            Path file = classes.resolve(resource.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, resource.getValue());
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        headers.forEach((name, value) -> manifest.getMainAttributes().putValue(name, value));
        Files.createDirectories(jar.getParent());
        jar(jar, manifest, classes);
        return jar;
    }

    /** Where the class {@code type} was loaded from: a jar, or a classes directory. */
    static Path location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
