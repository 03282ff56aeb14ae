package gateway.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The house plan of docs/architecture.md, checked on the compiled classes of every module (tests
 * and test fixtures left out): modules depend one way, no package depends on itself through
 * others, no library type crosses from one module into another through the members the other
 * calls, and only command-line entry points print to standard output.
 */
class HousePlanTest {
    /** Each module's root package: the module a class belongs to is told by its package. */
    static final Map<String, String> MODULES = Map.ofEntries(
            Map.entry("editorial-model", "gateway.model.."),
            Map.entry("grpc-protos", "gateway.protos.."),
            Map.entry("index", "gateway.index.."),
            Map.entry("proxy-generator", "gateway.proxy.."),
            Map.entry("relink-service", "gateway.relink.."),
            Map.entry("storage-tiers", "gateway.tiers.."),
            Map.entry("ingest-worker", "gateway.ingest.."),
            Map.entry("client-sdk", "gateway.client.."),
            Map.entry("media-server", "gateway.server.."),
            Map.entry("gateway-cli", "gateway.cli.."),
            Map.entry("agent", "gateway.agent.."),
            Map.entry("perf-tests", "gateway.perf.."));

    /** Library types that stay inside the module that uses them (STYLE.md, "Boundaries"). */
    static final List<String> LIBRARIES = List.of(
            "org.apache.lucene.",
            "com.hazelcast.",
            "org.freedesktop.gstreamer.",
            "com.google.protobuf.",
            "gateway.protos.", // generated messages and stubs: protobuf types too
            "io.netty.",
            "io.grpc.netty.",
            "io.helidon.",
            "software.amazon.awssdk.", // the S3 client: inside storage-tiers only
            "org.gaul.s3proxy.",
            "org.jclouds.");

    /**
     * The one seam where a library type crosses modules on purpose: the node hands its Hazelcast
     * member to the job board (ingest-worker's cluster membership and job board).
     */
    static final Set<String> SEAM =
            Set.of("gateway.ingest.cluster.ClusterMember.hazelcast", "gateway.ingest.jobs.ClusterJobBoard.<init>");

    static JavaClasses classes;

    @BeforeAll
    static void importTheHouse() {
        classes = houseClasses();
    }

    /** Every main class of every module: jars and class folders on this test's class path, no test classes, no test jars (a name check: ArchUnit's own test filter also drops perf-tests). */
    static JavaClasses houseClasses() {
        return new ClassFileImporter()
                .withImportOption(location -> !location.contains("-tests.jar") && !location.contains("/test-classes/"))
                .importPackages("gateway");
    }

    @Test
    void theHouseIsImportedWhole() {
        for (var module : MODULES.entrySet()) {
            String prefix = module.getValue().replace("..", ".");
            assertEquals(
                    true,
                    classes.stream().anyMatch(c -> (c.getPackageName() + ".").startsWith(prefix)),
                    "no class of " + module.getKey() + " on the class path");
        }
    }

    @Test
    void modulesDependOneWay() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("model")
                .definedBy(MODULES.get("editorial-model"))
                .layer("protos")
                .definedBy(MODULES.get("grpc-protos"))
                .layer("index")
                .definedBy(MODULES.get("index"))
                .layer("proxy")
                .definedBy(MODULES.get("proxy-generator"))
                .layer("relink")
                .definedBy(MODULES.get("relink-service"))
                .layer("tiers")
                .definedBy(MODULES.get("storage-tiers"))
                .layer("ingest")
                .definedBy(MODULES.get("ingest-worker"))
                .layer("client")
                .definedBy(MODULES.get("client-sdk"))
                .layer("server")
                .definedBy(MODULES.get("media-server"))
                .layer("cli")
                .definedBy(MODULES.get("gateway-cli"))
                .layer("agent")
                .definedBy(MODULES.get("agent"))
                .layer("perf")
                .definedBy(MODULES.get("perf-tests"))
                .whereLayer("model")
                .mayNotAccessAnyLayer()
                .whereLayer("protos")
                .mayOnlyAccessLayers("model")
                .whereLayer("index")
                .mayOnlyAccessLayers("model")
                .whereLayer("proxy")
                .mayOnlyAccessLayers("model")
                .whereLayer("relink")
                .mayOnlyAccessLayers("model", "index")
                .whereLayer("tiers")
                .mayOnlyAccessLayers("model")
                .whereLayer("ingest")
                .mayOnlyAccessLayers("model", "proxy", "relink")
                .whereLayer("client")
                .mayOnlyAccessLayers("model", "protos")
                .whereLayer("server")
                .mayOnlyAccessLayers("model", "protos", "index", "proxy", "relink", "tiers", "ingest")
                .whereLayer("cli")
                .mayOnlyAccessLayers("model", "index", "proxy", "relink", "tiers", "ingest", "server", "client")
                .whereLayer("agent")
                // relink-service: the edit readers (a timeline's take-away plan) and the ALE writer;
                // pure file formats, no server parts.
                .mayOnlyAccessLayers("model", "client", "relink")
                .whereLayer("perf")
                .mayOnlyAccessLayers("model", "index", "proxy", "relink", "tiers", "ingest", "server", "client")
                .check(classes);
    }

    @Test
    void noPackageCycles() {
        slices().matching("gateway.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void noLibraryTypeCrossesAModule() {
        List<String> leaks = leaks(classes);
        assertEquals(
                List.of(), leaks, "library types in members another module calls (move them behind our own types)");
    }

    @Test
    void onlyCommandLineEntryPointsPrintToStandardOutput() {
        noClasses()
                .that()
                .resideOutsideOfPackages("gateway.cli..", "gateway.agent..", "gateway.perf..")
                .and()
                .doNotHaveFullyQualifiedName("gateway.ingest.task.MediaTaskMain") // its line protocol to the parent
                .should()
                .accessField(System.class, "out")
                .because("diagnostics go through System.Logger; standard output belongs to command-line entry points")
                .check(classes);
    }

    /** Members of one module, used by another, whose signature names a library type: "caller -> member: type". */
    static List<String> leaks(JavaClasses classes) {
        Set<String> found = new TreeSet<>();
        for (JavaClass origin : classes) {
            Optional<String> from = moduleOf(origin);
            if (from.isEmpty()) {
                continue;
            }
            for (JavaAccess<?> access : origin.getAccessesFromSelf()) {
                JavaClass owner = access.getTargetOwner();
                Optional<String> to = moduleOf(owner);
                if (to.isEmpty() || to.equals(from)) {
                    continue;
                }
                Optional<? extends JavaMember> member = access.getTarget().resolveMember();
                if (member.isEmpty()) {
                    continue;
                }
                String name = owner.getName() + "." + member.get().getName();
                if (SEAM.contains(name)) {
                    continue;
                }
                for (String type : signatureTypes(member.get()).toList()) {
                    if (LIBRARIES.stream().anyMatch(type::startsWith)
                            && !(to.get().equals("grpc-protos") && type.startsWith("gateway.protos."))
                            && !(to.get().equals("grpc-protos") && type.startsWith("com.google.protobuf."))) {
                        found.add(origin.getName() + " -> " + name + ": " + type);
                    }
                }
            }
        }
        return new ArrayList<>(found);
    }

    private static Stream<String> signatureTypes(JavaMember member) {
        if (member instanceof JavaField f) {
            return Stream.of(f.getRawType().getName());
        }
        JavaCodeUnit code = (JavaCodeUnit) member;
        return Stream.concat(
                Stream.of(code.getRawReturnType().getName()),
                code.getRawParameterTypes().stream().map(JavaClass::getName));
    }

    static Optional<String> moduleOf(JavaClass c) {
        String pkg = c.getPackageName() + ".";
        return MODULES.entrySet().stream()
                .filter(e -> pkg.startsWith(e.getValue().replace("..", ".")))
                .map(Map.Entry::getKey)
                .findFirst();
    }
}
