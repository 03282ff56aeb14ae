import java.io.IOException;
import java.io.OutputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * {@code java tools/ClassFileUpgrade.java JAR}: rewrites the class files of JAR that are older than
 * Java 8 (class-file version 52) as version 52 class files with stack maps, and nothing else: the
 * same classes, methods and bytecode, every other entry copied as it is. The launcher runs it on the
 * run copy of picocli (built for Java 5) before it trains the CLI's start-up cache, because the JDK's
 * ahead-of-time cache holds no class older than version 50: picocli's ~170 classes were read,
 * verified and linked from the jar on every command. The jar in the Maven repository is not changed.
 *
 * <p>Needs JDK 24 or newer (the class-file API). Exit status 0 when the jar was rewritten or had no
 * old class; 1 with the reason on standard error otherwise, the jar left as it was (a signed jar is
 * refused: its signature would no longer match).
 */
public final class ClassFileUpgrade {
    private static final int TARGET = ClassFile.JAVA_8_VERSION;

    private ClassFileUpgrade() {}

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: java tools/ClassFileUpgrade.java JAR");
            System.exit(1);
        }
        Path jar = Path.of(args[0]);
        try {
            int upgraded = upgrade(jar);
            System.out.println(
                    upgraded == 0
                            ? "class-file upgrade: no class of " + jar + " older than version " + TARGET + ": left as it was"
                            : "class-file upgrade: " + upgraded + " class(es) of " + jar + " now version " + TARGET);
        } catch (IOException | RuntimeException e) {
            System.err.println("class-file upgrade: " + jar + " left as it was: " + e);
            System.exit(1);
        }
    }

    /** Rewrites the jar in place (a temporary file beside it, then a rename); returns the classes raised. */
    static int upgrade(Path jar) throws IOException {
        Path tmp = Files.createTempFile(jar.toAbsolutePath().getParent(), jar.getFileName().toString(), ".tmp");
        int upgraded = 0;
        try (ZipFile in = new ZipFile(jar.toFile());
                URLClassLoader own = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
                OutputStream file = Files.newOutputStream(tmp);
                ZipOutputStream out = new ZipOutputStream(file)) {
            // Stack maps need the class hierarchy: the jar's own classes, then the JDK's.
            ClassFile classFile = ClassFile.of(
                    ClassFile.StackMapsOption.GENERATE_STACK_MAPS,
                    ClassFile.ClassHierarchyResolverOption.of(ClassHierarchyResolver.ofResourceParsing(own)
                            .orElse(ClassHierarchyResolver.defaultResolver())));
            for (ZipEntry entry : Collections.list(in.entries())) {
                String name = entry.getName();
                if (name.startsWith("META-INF/") && (name.endsWith(".SF") || name.endsWith(".RSA") || name.endsWith(".EC")
                        || name.endsWith(".DSA"))) {
                    throw new IllegalStateException("it is signed (" + name + "): a rewritten class would break the signature");
                }
                byte[] bytes;
                try (var data = in.getInputStream(entry)) {
                    bytes = data.readAllBytes();
                }
                if (name.endsWith(".class") && !name.startsWith("META-INF/")) {
                    ClassModel model = classFile.parse(bytes);
                    if (model.majorVersion() < TARGET) {
                        // Rebuilding every method body is what makes the API compute its stack map.
                        bytes = classFile.transformClass(
                                model,
                                ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL)
                                        .andThen(ClassTransform.endHandler(b -> b.withVersion(TARGET, 0))));
                        upgraded++;
                    }
                }
                ZipEntry copy = new ZipEntry(name);
                copy.setTime(entry.getTime());
                out.putNextEntry(copy);
                out.write(bytes);
                out.closeEntry();
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        if (upgraded == 0) {
            Files.delete(tmp);
            return 0;
        }
        // A temporary file is private to its owner: the rewritten jar keeps the original's permissions.
        if (Files.getFileStore(jar).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(jar));
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return upgraded;
    }
}
