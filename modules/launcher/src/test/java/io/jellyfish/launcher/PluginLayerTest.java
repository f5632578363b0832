package io.jellyfish.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PluginLayerTest {
    @TempDir
    Path work;

    private Path plugins() throws IOException {
        return Files.createDirectories(work.resolve("plugins"));
    }

    @Test
    void aMissingDirectoryMeansNoPlugins() throws Exception {
        PluginLayer plugins = PluginLayer.load(work.resolve("no-such-dir"), ModuleLayer.boot());
        assertSame(ModuleLayer.boot(), plugins.layer());
        assertTrue(plugins.modules().isEmpty());
    }

    @Test
    void anEmptyDirectoryMeansNoPlugins() throws Exception {
        Path dir = plugins();
        Files.writeString(dir.resolve("README.txt"), "not a jar, ignored");
        PluginLayer plugins = PluginLayer.load(dir, ModuleLayer.boot());
        assertSame(ModuleLayer.boot(), plugins.layer());
    }

    @Test
    void loadsAModularJarIntoItsOwnLayerAndFindsItsServices() throws Exception {
        Path jar = plugins().resolve("greeter.jar");
        TestJars.modularJar(work, jar, TestJars.greeter("test.greeter", "hello from a plugin"));

        PluginLayer plugins = PluginLayer.load(jar.getParent(), ModuleLayer.boot());

        assertEquals(Map.of("test.greeter", jar), plugins.modules());
        assertTrue(plugins.layer().findModule("test.greeter").isPresent());
        assertEquals(List.of(ModuleLayer.boot()), plugins.layer().parents());
        List<String> greetings = greetings(plugins.layer()).stream()
                .map(p -> p.get().get()).toList();
        assertEquals(List.of("hello from a plugin"), greetings);
    }

    @Test
    void asAPluginHostItDescribesItsModulesAndItsServicesIncludeTheServers() throws Exception {
        Path jar = plugins().resolve("greeter.jar");
        TestJars.modularJar(work, jar, TestJars.greeter("test.greeter", "hello from a plugin"));
        PluginHost host = PluginLayer.load(jar.getParent(), ModuleLayer.boot());

        assertEquals(jar.getParent() + ": test.greeter (greeter.jar)", host.description());
        List<?> suppliers = host.services(Supplier.class);
        assertEquals(List.of("hello from a plugin"), suppliers.stream().map(s -> ((Supplier<?>) s).get()).toList());
        // Providers of the server (here the class path of the tests) are found through the plugin layer too.
        assertEquals(List.of(ServerTest.OnlyOne.class),
                host.services(ServerTest.Single.class).stream().map(Object::getClass).toList());
        assertEquals("", PluginLayer.load(work.resolve("none"), ModuleLayer.boot()).description());
    }

    @Test
    void pluginsShareOneLayerAndMayRequireEachOther() throws Exception {
        Path dir = plugins();
        Path baseClasses = TestJars.modularJar(work, dir.resolve("a-base.jar"), Map.of(
                "module-info.java", "module test.base { exports test.base; }",
                "test/base/Name.java", "package test.base; public class Name { public static String of() { return \"base\"; } }"));
        TestJars.modularJar(work, dir.resolve("b-user.jar"), Map.of(
                "module-info.java", "module test.user { requires test.base; provides java.util.function.Supplier with test.user.Hello; }",
                "test/user/Hello.java", "package test.user; public class Hello implements java.util.function.Supplier<String> {"
                        + " public String get() { return \"hello \" + test.base.Name.of(); } }"), baseClasses);

        PluginLayer plugins = PluginLayer.load(dir, ModuleLayer.boot());

        assertEquals(Set.of("test.base", "test.user"), plugins.modules().keySet());
        ClassLoader loader = plugins.layer().findLoader("test.base");
        assertSame(loader, plugins.layer().findLoader("test.user"), "one class loader for every plugin");
        assertEquals("hello base", greetings(plugins.layer()).findFirst().orElseThrow().get());
    }

    @Test
    void aPluginMayRequireAModuleOfLibThatTheServerItselfDoesNotUse() throws Exception {
        // lib/ holds test.base, but nothing in the boot layer requires it, so it is not resolved there.
        Path lib = Files.createDirectories(work.resolve("lib"));
        Path baseClasses = TestJars.modularJar(work, lib.resolve("base.jar"), Map.of(
                "module-info.java", "module test.base { exports test.base; }",
                "test/base/Name.java", "package test.base; public class Name { public static String of() { return \"lib\"; } }"));
        Path dir = plugins();
        TestJars.modularJar(work, dir.resolve("user.jar"), Map.of(
                "module-info.java", "module test.user { requires test.base; provides java.util.function.Supplier with test.user.Hello; }",
                "test/user/Hello.java", "package test.user; public class Hello implements java.util.function.Supplier<String> {"
                        + " public String get() { return \"hello \" + test.base.Name.of(); } }"), baseClasses);

        PluginLayer plugins = PluginLayer.load(dir, ModuleLayer.boot(), ModuleFinder.of(lib));

        assertEquals(Set.of("test.user"), plugins.modules().keySet());
        assertTrue(plugins.layer().findModule("test.base").isPresent(), "loaded from lib/ into the plugin layer");
        assertEquals("hello lib", greetings(plugins.layer()).findFirst().orElseThrow().get());
    }

    @Test
    void aPluginDuplicatingAModuleOfLibIsRefusedEvenIfTheServerDoesNotUseIt() throws Exception {
        Path lib = Files.createDirectories(work.resolve("lib"));
        TestJars.modularJar(work, lib.resolve("greeter.jar"), TestJars.greeter("test.greeter", "lib"));
        Path plugin = plugins().resolve("greeter.jar");
        TestJars.modularJar(work, plugin, TestJars.greeter("test.greeter", "plugin"));

        StartupException e = assertThrows(StartupException.class,
                () -> PluginLayer.load(plugin.getParent(), ModuleLayer.boot(), ModuleFinder.of(lib)));

        assertEquals("cannot load plugin " + plugin + ": module test.greeter is already part of the server (lib/)",
                e.getMessage());
    }

    @Test
    void aGarbageJarStopsStartUpNamingTheJar() throws Exception {
        Path jar = plugins().resolve("garbage.jar");
        Files.writeString(jar, "this is not a zip file");

        StartupException e = assertThrows(StartupException.class, () -> PluginLayer.load(jar.getParent(), ModuleLayer.boot()));

        assertEquals("cannot load plugin " + jar + ": not a readable jar file (zip END header not found)", e.getMessage());
    }

    @Test
    void aJarWithoutModuleInfoAndWithAnUnusableNameIsRefused() throws Exception {
        Path dir = plugins();
        Path classes = Files.createDirectories(work.resolve("plain"));
        Files.writeString(classes.resolve("data.txt"), "x");
        Path jar = dir.resolve("1-plain.jar");
        TestJars.jar(classes, jar);

        StartupException e = assertThrows(StartupException.class, () -> PluginLayer.load(dir, ModuleLayer.boot()));

        assertTrue(e.getMessage().startsWith("cannot load plugin " + jar + ": no module-info.class"), e.getMessage());
        assertOneLine(e.getMessage());
    }

    @Test
    void aBrokenModuleDescriptorIsRefused() throws Exception {
        Path dir = plugins();
        Path classes = Files.createDirectories(work.resolve("broken"));
        Files.write(classes.resolve("module-info.class"), new byte[] {(byte) 0xCA, (byte) 0xFE, 0, 1, 2});
        Path jar = dir.resolve("broken.jar");
        TestJars.jar(classes, jar);

        StartupException e = assertThrows(StartupException.class, () -> PluginLayer.load(dir, ModuleLayer.boot()));

        assertTrue(e.getMessage().startsWith("cannot load plugin " + jar + ": bad module descriptor ("), e.getMessage());
        assertOneLine(e.getMessage());
    }

    @Test
    void twoJarsWithTheSameModuleStopStartUp() throws Exception {
        Path dir = plugins();
        TestJars.modularJar(work, dir.resolve("greeter-1.0.jar"), TestJars.greeter("test.greeter", "one"));
        TestJars.modularJar(work, dir.resolve("greeter-2.0.jar"), TestJars.greeter("test.greeter", "two"));

        StartupException e = assertThrows(StartupException.class, () -> PluginLayer.load(dir, ModuleLayer.boot()));

        assertEquals("cannot load plugin " + dir.resolve("greeter-2.0.jar")
                + ": module test.greeter is also in greeter-1.0.jar: remove one of the two jars", e.getMessage());
    }

    @Test
    void aPluginDuplicatingAServerModuleStopsStartUp() throws Exception {
        // The "server": a layer holding test.greeter, standing for lib/ in the boot layer.
        Path serverJar = work.resolve("lib").resolve("greeter.jar");
        TestJars.modularJar(work, serverJar, TestJars.greeter("test.greeter", "server"));
        Configuration cf = ModuleLayer.boot().configuration()
                .resolve(ModuleFinder.of(serverJar), ModuleFinder.of(), Set.of("test.greeter"));
        ModuleLayer server = ModuleLayer.boot().defineModulesWithOneLoader(cf, ClassLoader.getSystemClassLoader());
        Path plugin = plugins().resolve("my-greeter.jar");
        TestJars.modularJar(work, plugin, TestJars.greeter("test.greeter", "plugin"));

        StartupException e = assertThrows(StartupException.class, () -> PluginLayer.load(plugin.getParent(), server));

        assertEquals("cannot load plugin " + plugin + ": module test.greeter is already part of the server (lib/)",
                e.getMessage());
    }

    @Test
    void aPluginNamedLikeAJdkModuleIsRefused() throws Exception {
        // java.* module names cannot be compiled by javac, so take an automatic module whose
        // name comes from the file name: jdk.net.jar -> jdk.net, a module of the boot layer.
        Path dir = plugins();
        Path classes = Files.createDirectories(work.resolve("auto"));
        Files.writeString(classes.resolve("data.txt"), "x");
        TestJars.jar(classes, dir.resolve("jdk.net.jar"));
        assertTrue(ModuleLayer.boot().findModule("jdk.net").isPresent(), "precondition: jdk.net is in the boot layer");

        StartupException e = assertThrows(StartupException.class, () -> PluginLayer.load(dir, ModuleLayer.boot()));

        assertEquals("cannot load plugin " + dir.resolve("jdk.net.jar")
                + ": module jdk.net is already part of the server (lib/)", e.getMessage());
    }

    @Test
    void anUnresolvableDependencyNamesTheJarThatNeedsIt() throws Exception {
        Path dir = plugins();
        Path missingClasses = TestJars.modularJar(work, work.resolve("elsewhere/missing.jar"), Map.of(
                "module-info.java", "module test.missing { exports test.missing; }",
                "test/missing/M.java", "package test.missing; public class M {}"));
        Path jar = dir.resolve("needy.jar");
        TestJars.modularJar(work, jar, Map.of(
                "module-info.java", "module test.needy { requires test.missing; }",
                "test/needy/N.java", "package test.needy; public class N { test.missing.M m; }"), missingClasses);
        TestJars.modularJar(work, dir.resolve("other.jar"), TestJars.greeter("test.greeter", "fine"));

        StartupException e = assertThrows(StartupException.class, () -> PluginLayer.load(dir, ModuleLayer.boot()));

        assertEquals("cannot load plugin " + jar + ": Module test.missing not found, required by test.needy",
                e.getMessage());
    }

    @Test
    void twoPluginsWithTheSamePackageAreRefusedNamingBoth() throws Exception {
        Path dir = plugins();
        TestJars.modularJar(work, dir.resolve("a.jar"), Map.of(
                "module-info.java", "module test.a { }",
                "test/shared/A.java", "package test.shared; public class A {}"));
        TestJars.modularJar(work, dir.resolve("b.jar"), Map.of(
                "module-info.java", "module test.b { }",
                "test/shared/B.java", "package test.shared; public class B {}"));

        StartupException e = assertThrows(StartupException.class, () -> PluginLayer.load(dir, ModuleLayer.boot()));

        assertEquals("cannot load plugins " + dir.resolve("a.jar") + ", " + dir.resolve("b.jar")
                + ": both contain package test.shared", e.getMessage());
    }

    @Test
    void aFileInsteadOfADirectoryIsAnError() throws Exception {
        Path file = Files.writeString(work.resolve("plugins"), "oops");
        StartupException e = assertThrows(StartupException.class, () -> PluginLayer.load(file, ModuleLayer.boot()));
        assertEquals("cannot load plugins: " + file + " is not a directory", e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    /** The {@code Supplier<String>} providers of the test plugins. */
    @SuppressWarnings("unchecked")
    private static ServiceLoader<Supplier<String>> greetings(ModuleLayer layer) {
        return (ServiceLoader<Supplier<String>>) (ServiceLoader<?>) ServiceLoader.load(layer, Supplier.class);
    }

    static void assertOneLine(String message) {
        assertFalse(message.contains("\n") || message.contains("\r"), () -> "not one line: " + message);
    }
}
