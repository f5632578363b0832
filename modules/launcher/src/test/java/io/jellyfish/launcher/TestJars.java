package io.jellyfish.launcher;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

/**
 * Builds small modular jars for the plugin tests, compiled with the JDK's own compiler (found
 * through java.util.spi.ToolProvider, which needs no extra module reads when the tests are
 * compiled against the launcher module).
 */
final class TestJars {
    private TestJars() {}

    /**
     * Compiles {@code sources} (relative path to text, including {@code module-info.java}) in
     * {@code work} and jars the classes as {@code jar}. {@code modulePath} holds the compiled
     * modules it requires.
     */
    static Path modularJar(Path work, Path jar, Map<String, String> sources, Path... modulePath) throws IOException {
        Path src = Files.createTempDirectory(work, "src");
        Path classes = Files.createTempDirectory(work, "classes");
        List<String> args = new ArrayList<>(List.of("--release", "21", "-d", classes.toString()));
        if (modulePath.length > 0) {
            args.add("--module-path");
            args.add(String.join(java.io.File.pathSeparator, Stream.of(modulePath).map(Path::toString).toList()));
        }
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = src.resolve(source.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            args.add(file.toString());
        }
        ToolProvider javac = ToolProvider.findFirst("javac").orElseThrow(() -> new IllegalStateException("no javac"));
        StringWriter diagnostics = new StringWriter();
        PrintWriter writer = new PrintWriter(diagnostics);
        int status = javac.run(writer, writer, args.toArray(String[]::new));
        if (status != 0) {
            throw new IllegalStateException("javac failed: " + diagnostics);
        }
        jar(classes, jar);
        return classes;
    }

    static void jar(Path classes, Path jar) throws IOException {
        Files.createDirectories(jar.getParent());
        try (OutputStream file = Files.newOutputStream(jar);
             JarOutputStream out = new JarOutputStream(file);
             Stream<Path> tree = Files.walk(classes)) {
            for (Path path : tree.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(path).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(path));
                out.closeEntry();
            }
        }
    }

    /** A module {@code name} providing {@code Supplier<String>} that answers {@code greeting}. */
    static Map<String, String> greeter(String name, String greeting) {
        String pkg = name;
        return Map.of(
                "module-info.java", "module " + name + " { provides java.util.function.Supplier with "
                        + pkg + ".Hello; }",
                pkg.replace('.', '/') + "/Hello.java", "package " + pkg + ";\n"
                        + "public class Hello implements java.util.function.Supplier<String> {\n"
                        + "  public String get() { return \"" + greeting + "\"; }\n"
                        + "}\n");
    }
}
