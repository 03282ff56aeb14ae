package gateway.server.ops;

import static gateway.server.ops.OpsFiles.at;
import static gateway.server.ops.OpsFiles.list;
import static gateway.server.ops.OpsFiles.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.server.config.GatewayConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployment files in {@code ops/} as an admin applies them, checked without Docker or
 * Kubernetes: every configuration they carry is accepted by the node's own loader, and the ports,
 * probes, paths and JVM flags agree across the Dockerfile, compose, the Kubernetes manifests, the
 * systemd units and those configurations.
 */
class DeploymentFilesTest {
    private static final String CONFIG_PATH = "/etc/gateway/gateway.yaml";

    @TempDir
    Path scratch;

    private GatewayConfig config(String opsPath) {
        return OpsFiles.nodeConfig(OpsFiles.read(opsPath), scratch, opsPath);
    }

    private GatewayConfig configMapConfig() {
        Map<String, Object> cm = OpsFiles.k8s("ConfigMap", "gateway-config");
        return OpsFiles.nodeConfig((String) at(cm, "data", "gateway.yaml"), scratch, "configmap");
    }

    @Test
    void everyConfigurationTheFilesCarryIsAcceptedByTheNodesLoader() {
        for (String file :
                List.of("config/gateway.yaml", "docker/gateway.yaml", "compose/gateway.yaml", "systemd/gateway.yaml")) {
            GatewayConfig c = config(file);
            assertTrue(c.security().tls(), file + ": TLS on");
        }
        GatewayConfig k8s = configMapConfig();
        assertTrue(k8s.cluster().kubernetes(), "the ConfigMap's nodes find each other through Kubernetes discovery");
        // A container or another machine cannot reach 127.0.0.1: every deployed node listens on all interfaces.
        for (GatewayConfig c : List.of(
                config("docker/gateway.yaml"), config("compose/gateway.yaml"), config("systemd/gateway.yaml"), k8s)) {
            assertEquals("0.0.0.0", c.server().host());
        }
        // A cluster's nodes keep their own indexes and audit log off the shared store.
        for (GatewayConfig c : List.of(config("compose/gateway.yaml"), config("systemd/gateway.yaml"), k8s)) {
            assertFalse(
                    c.store().nodeDir().startsWith(c.store().dir()),
                    "store.node-dir " + c.store().nodeDir() + " is outside store.dir "
                            + c.store().dir());
        }
    }

    @Test
    void theImageExposesListensAndRunsAsTheLauncherDoes() {
        GatewayConfig image = config("docker/gateway.yaml");
        String df = "docker/Dockerfile";
        assertEquals(
                ports(image),
                new TreeSet<>(OpsFiles.dockerArgs(df, "EXPOSE").stream()
                        .map(Integer::valueOf)
                        .toList()),
                "EXPOSE = server.http-port, server.grpc-port, cluster.port");
        List<String> volumes = OpsFiles.dockerArgs(df, "VOLUME");
        assertTrue(volumes.contains(image.store().dir().toString()), "VOLUME " + volumes + " holds store.dir");
        assertTrue(volumes.contains("/var/lib/gateway"), "VOLUME " + volumes + " holds the node's own dir");
        assertTrue(
                OpsFiles.dockerfile(df).stream()
                        .anyMatch(e -> e.getKey().equals("COPY")
                                && e.getValue().equals("ops/docker/gateway.yaml " + CONFIG_PATH)),
                "the image's config is ops/docker/gateway.yaml at " + CONFIG_PATH);
        assertEquals(List.of("serve", "--config", CONFIG_PATH), OpsFiles.dockerArgs(df, "CMD"));

        List<String> entry = OpsFiles.dockerArgs(df, "ENTRYPOINT");
        assertEquals("java", entry.get(0));
        int cp = entry.indexOf("-cp");
        assertEquals(
                OpsFiles.launcherJvmFlags(), entry.subList(1, cp), "the image's JVM flags are ./gateway's JVM_FLAGS");
        assertEquals("gateway.cli.GatewayCli", entry.get(entry.size() - 1));

        String health = String.join(" ", OpsFiles.dockerArgs(df, "HEALTHCHECK"));
        assertTrue(
                health.contains("https://127.0.0.1:" + image.server().httpPort() + "/health/live"),
                "HEALTHCHECK asks /health/live over TLS on server.http-port: " + health);
        assertTrue(Files.isRegularFile(OpsFiles.ROOT.resolve("gateway-cli/pom.xml")), "the image builds gateway-cli");
    }

    @Test
    void composeRunsThreeNodesOnOneSharedStoreAndAPrometheus() {
        Map<String, Object> compose = OpsFiles.yaml("compose/compose.yaml");
        GatewayConfig node = config("compose/gateway.yaml");
        Map<String, Object> services = map(compose.get("services"), "services");
        List<String> nodes = services.keySet().stream()
                .filter(s -> s.startsWith("gateway-"))
                .sorted()
                .toList();
        assertEquals(List.of("gateway-1", "gateway-2", "gateway-3"), nodes);
        assertEquals(nodes, node.cluster().members(), "cluster.members are the node services");

        Set<String> nodeVolumes = new HashSet<>();
        Set<Integer> hostPorts = new HashSet<>();
        for (String name : nodes) {
            Map<String, Object> s = map(services.get(name), name);
            assertEquals(List.of("serve", "--config", CONFIG_PATH), s.get("command"), name);
            Map<String, String> mounts = mounts(list(s.get("volumes"), name + ".volumes"));
            assertEquals("./gateway.yaml", mounts.get(CONFIG_PATH), name + " mounts compose/gateway.yaml");
            assertEquals(
                    "store", mounts.get(node.store().dir().toString()), name + " mounts the shared store at store.dir");
            String own = mounts.get(node.store().nodeDir().toString());
            assertTrue(own != null && own.startsWith("node-"), name + " has a volume of its own at store.node-dir");
            assertTrue(nodeVolumes.add(own), name + "'s node volume " + own + " is not another node's");
            assertEquals(
                    "tls",
                    mounts.get(node.security().tlsCertFile().getParent().toString()),
                    name + " mounts the certificate volume where tls.cert-file is");
            for (Object p : list(s.get("ports"), name + ".ports")) {
                String[] hostContainer = p.toString().split(":");
                int container = Integer.parseInt(hostContainer[1]);
                assertTrue(
                        container == node.server().httpPort()
                                || container == node.server().grpcPort(),
                        name + " publishes " + p + ": container side must be server.http-port or grpc-port");
                assertTrue(hostPorts.add(Integer.parseInt(hostContainer[0])), "host port " + p + " used twice");
            }
            String check = list(at(s, "healthcheck", "test"), name).toString();
            assertTrue(
                    check.contains("https://127.0.0.1:" + node.server().httpPort() + "/health/ready"),
                    name + " healthcheck asks /health/ready on server.http-port: " + check);
        }
        String tlsInit = list(map(services.get("tls-init"), "tls-init").get("command"), "tls-init.command")
                .toString();
        for (String name : nodes) {
            assertTrue(
                    tlsInit.contains("DNS:" + name), "the certificate tls-init makes names " + name + ": " + tlsInit);
        }
        assertTrue(
                tlsInit.contains(node.security().tlsCertFile().toString())
                        && tlsInit.contains(node.security().tlsKeyFile().toString()),
                "tls-init writes tls.cert-file and key-file");
        Map<String, Object> volumes = map(compose.get("volumes"), "volumes");
        assertTrue(
                volumes.containsKey("store") && volumes.keySet().containsAll(nodeVolumes),
                "volumes declared: " + volumes.keySet());

        Map<String, Object> prom = map(services.get("prometheus"), "prometheus");
        Map<String, String> promMounts = mounts(list(prom.get("volumes"), "prometheus.volumes"));
        Map<String, Object> promConfig = OpsFiles.yaml("compose/prometheus.yml");
        assertEquals("./prometheus.yml", promMounts.get("/etc/prometheus/prometheus.yml"));
        String rulesIn =
                (String) list(promConfig.get("rule_files"), "rule_files").get(0);
        assertEquals(
                "../prometheus/gateway-rules.yml",
                promMounts.get(rulesIn),
                "the rules Prometheus loads are ops/prometheus's");
        Map<String, Object> job =
                map(list(promConfig.get("scrape_configs"), "scrape_configs").get(0), "scrape");
        assertEquals("gateway", job.get("job_name"), "the job label the rules and dashboard select");
        assertEquals("https", job.get("scheme"));
        assertEquals(node.security().tlsCertFile().toString(), at(job, "tls_config", "ca_file"));
        assertEquals(
                "tls", promMounts.get(node.security().tlsCertFile().getParent().toString()));
        List<Object> targets = list(
                map(list(job.get("static_configs"), "static_configs").get(0), "static")
                        .get("targets"),
                "targets");
        assertEquals(
                nodes.stream().map(n -> n + ":" + node.server().httpPort()).toList(),
                targets,
                "Prometheus scrapes every node service on server.http-port");
    }

    @Test
    void kubernetesManifestsAgreeWithTheConfigMapTheNodeParses() {
        GatewayConfig node = configMapConfig();
        Map<String, Object> kustomization = OpsFiles.yaml("k8s/kustomization.yaml");
        for (Object r : list(kustomization.get("resources"), "resources")) {
            assertTrue(
                    Files.isRegularFile(OpsFiles.OPS.resolve("k8s").resolve(r.toString())), "kustomization names " + r);
        }
        String namespace = (String) kustomization.get("namespace");
        Map<String, Object> sts = OpsFiles.k8s("StatefulSet", "gateway");
        Map<String, Object> headless = OpsFiles.k8s("Service", "gateway-hz");
        assertEquals("None", at(headless, "spec", "clusterIP"), "gateway-hz is headless");
        assertEquals(true, at(headless, "spec", "publishNotReadyAddresses"), "members find pods before they are ready");
        assertEquals("gateway-hz", at(sts, "spec", "serviceName"));
        assertEquals("OrderedReady", at(sts, "spec", "podManagementPolicy"), "members start and leave one at a time");
        assertEquals(
                "gateway-hz." + namespace + ".svc.cluster.local",
                node.cluster().kubernetesServiceDns(),
                "cluster.kubernetes.service-dns names the headless service in the kustomization's namespace");

        Map<String, Object> pod = map(at(sts, "spec", "template", "spec"), "pod spec");
        Map<String, Object> container =
                map(list(pod.get("containers"), "containers").get(0), "container");
        assertEquals(List.of("serve", "--config", CONFIG_PATH), container.get("args"));
        Map<String, Integer> ports = namedPorts(list(container.get("ports"), "ports"));
        assertEquals(
                Map.of(
                        "http",
                        node.server().httpPort(),
                        "grpc",
                        node.server().grpcPort(),
                        "hazelcast",
                        node.cluster().port()),
                ports);
        assertEquals(
                node.cluster().port(),
                map(list(at(headless, "spec", "ports"), "ports").get(0), "port").get("port"));
        for (Object p : list(at(OpsFiles.k8s("Service", "gateway"), "spec", "ports"), "gateway ports")) {
            assertTrue(
                    ports.containsKey(map(p, "port").get("targetPort").toString()),
                    "service targets a named port: " + p);
        }

        assertProbe(container, "livenessProbe", "/health/live");
        assertProbe(container, "startupProbe", "/health/live");
        assertProbe(container, "readinessProbe", "/health/ready");
        assertTrue(at(container, "resources", "requests", "cpu") != null
                && at(container, "resources", "requests", "memory") != null);

        Map<String, Map<String, Object>> mounts = new java.util.HashMap<>();
        for (Object m : list(container.get("volumeMounts"), "volumeMounts")) {
            mounts.put((String) map(m, "mount").get("name"), map(m, "mount"));
        }
        Map<String, Map<String, Object>> volumes = new java.util.HashMap<>();
        for (Object v : list(pod.get("volumes"), "volumes")) {
            volumes.put((String) map(v, "volume").get("name"), map(v, "volume"));
        }
        assertEquals(CONFIG_PATH, mounts.get("config").get("mountPath"));
        assertEquals("gateway.yaml", mounts.get("config").get("subPath"), "the ConfigMap key the node reads");
        assertEquals("gateway-config", at(volumes.get("config"), "configMap", "name"));

        Path tlsDir = node.security().tlsCertFile().getParent();
        assertEquals(tlsDir.toString(), mounts.get("tls").get("mountPath"));
        assertEquals(tlsDir, node.security().tlsKeyFile().getParent());
        assertEquals(
                List.of("tls.crt", "tls.key"),
                List.of(
                        node.security().tlsCertFile().getFileName().toString(),
                        node.security().tlsKeyFile().getFileName().toString()),
                "the file names a kubernetes.io/tls Secret mounts");

        assertEquals(node.store().dir().toString(), mounts.get("store").get("mountPath"));
        String claim = (String) at(volumes.get("store"), "persistentVolumeClaim", "claimName");
        Map<String, Object> pvc = OpsFiles.k8s("PersistentVolumeClaim", claim);
        assertEquals(
                List.of("ReadWriteMany"), at(pvc, "spec", "accessModes"), "the shared store is mounted by every pod");

        assertEquals(node.store().nodeDir().toString(), mounts.get("node").get("mountPath"));
        Map<String, Object> template =
                map(list(at(sts, "spec", "volumeClaimTemplates"), "templates").get(0), "template");
        assertEquals("node", at(template, "metadata", "name"), "each pod's own claim backs store.node-dir");
    }

    @Test
    void workersJoinWithTheNodesConfigurationMountTheSharedStoreAndAreScraped() {
        GatewayConfig node = configMapConfig();
        Map<String, Object> deployment = OpsFiles.k8s("Deployment", "gateway-worker");
        assertTrue(
                list(OpsFiles.yaml("k8s/kustomization.yaml").get("resources"), "resources")
                        .contains("worker-deployment.yaml"),
                "kustomization applies the workers");
        Map<String, Object> pod = map(at(deployment, "spec", "template", "spec"), "worker pod spec");
        Map<String, Object> container =
                map(list(pod.get("containers"), "containers").get(0), "worker container");
        List<Object> args = list(container.get("args"), "worker args");
        assertEquals(List.of("worker", "--config", CONFIG_PATH, "--metrics-port"), args.subList(0, 4));
        int metricsPort = Integer.parseInt(args.get(4).toString());
        assertEquals(
                Map.of("metrics", metricsPort, "hazelcast", node.cluster().port()),
                namedPorts(list(container.get("ports"), "worker ports")));
        for (String probe : List.of("startupProbe", "livenessProbe")) {
            assertEquals("/metrics", at(container, probe, "httpGet", "path"), probe);
            assertEquals("metrics", at(container, probe, "httpGet", "port"), probe);
        }
        assertEquals(
                Integer.toString(metricsPort),
                at(deployment, "spec", "template", "metadata", "annotations", "prometheus.io/port"));
        assertTrue(at(container, "resources", "requests", "cpu") != null
                && at(container, "resources", "requests", "memory") != null);
        // Not behind the client Service: its selector must not pick worker pods.
        Map<String, Object> selector = map(at(OpsFiles.k8s("Service", "gateway"), "spec", "selector"), "selector");
        Map<String, Object> labels = map(at(deployment, "spec", "template", "metadata", "labels"), "labels");
        assertFalse(labels.entrySet().containsAll(selector.entrySet()), "the gateway Service selects no worker");

        Map<String, Map<String, Object>> mounts = new java.util.HashMap<>();
        for (Object m : list(container.get("volumeMounts"), "volumeMounts")) {
            mounts.put((String) map(m, "mount").get("name"), map(m, "mount"));
        }
        Map<String, Map<String, Object>> volumes = new java.util.HashMap<>();
        for (Object v : list(pod.get("volumes"), "volumes")) {
            volumes.put((String) map(v, "volume").get("name"), map(v, "volume"));
        }
        assertEquals(CONFIG_PATH, mounts.get("config").get("mountPath"));
        assertEquals("gateway.yaml", mounts.get("config").get("subPath"));
        assertEquals("gateway-config", at(volumes.get("config"), "configMap", "name"), "the nodes' ConfigMap");
        assertEquals(node.store().dir().toString(), mounts.get("store").get("mountPath"), "store.dir, as the nodes");
        Map<String, Object> sts = OpsFiles.k8s("StatefulSet", "gateway");
        Object nodesClaim = list(at(sts, "spec", "template", "spec", "volumes"), "volumes").stream()
                .map(v -> map(v, "volume"))
                .filter(v -> "store".equals(v.get("name")))
                .map(v -> at(v, "persistentVolumeClaim", "claimName"))
                .findFirst()
                .orElseThrow();
        assertEquals(nodesClaim, at(volumes.get("store"), "persistentVolumeClaim", "claimName"), "the nodes' store");

        GatewayConfig composeNode = config("compose/gateway.yaml");
        Map<String, Object> services = map(OpsFiles.yaml("compose/compose.yaml").get("services"), "services");
        Map<String, Object> worker = map(services.get("worker"), "compose worker");
        assertEquals(
                List.of("worker", "--config", CONFIG_PATH, "--metrics-port", Integer.toString(metricsPort)),
                worker.get("command"));
        Map<String, String> composeMounts = mounts(list(worker.get("volumes"), "worker.volumes"));
        assertEquals("./gateway.yaml", composeMounts.get(CONFIG_PATH));
        assertEquals("store", composeMounts.get(composeNode.store().dir().toString()));
        Map<String, Object> scrape =
                list(OpsFiles.yaml("compose/prometheus.yml").get("scrape_configs"), "scrape").stream()
                        .map(j -> map(j, "scrape"))
                        .filter(j -> "gateway-worker".equals(j.get("job_name")))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("no gateway-worker scrape job"));
        assertEquals(
                List.of("worker:" + metricsPort),
                list(
                        map(list(scrape.get("static_configs"), "static").get(0), "static")
                                .get("targets"),
                        "targets"));
    }

    @Test
    void systemdUnitsRunTheLauncherWithTheSameConfigurationAndStore() {
        GatewayConfig node = config("systemd/gateway.yaml");
        Map<String, String> serve = OpsFiles.systemdUnit("systemd/gateway.service");
        Map<String, String> worker = OpsFiles.systemdUnit("systemd/gateway-worker.service");
        assertEquals("/opt/gateway/gateway serve --config " + CONFIG_PATH, serve.get("Service.ExecStart"));
        assertEquals("/opt/gateway/gateway worker --config " + CONFIG_PATH, worker.get("Service.ExecStart"));
        for (Map<String, String> unit : List.of(serve, worker)) {
            assertEquals(
                    node.store().dir().toString(), unit.get("Unit.RequiresMountsFor"), "the unit waits for store.dir");
            assertEquals("gateway", unit.get("Service.User"));
            assertEquals("SIGTERM", unit.get("Service.KillSignal"));
        }
    }

    private static Set<Integer> ports(GatewayConfig c) {
        return new TreeSet<>(List.of(
                c.server().httpPort(), c.server().grpcPort(), c.cluster().port()));
    }

    /** Compose short-syntax volumes: target path → source. */
    private static Map<String, String> mounts(List<Object> volumes) {
        Map<String, String> out = new java.util.HashMap<>();
        for (Object v : volumes) {
            String[] parts = v.toString().split(":");
            out.put(parts[1], parts[0]);
        }
        return out;
    }

    private static Map<String, Integer> namedPorts(List<Object> ports) {
        Map<String, Integer> out = new java.util.HashMap<>();
        for (Object p : ports) {
            Map<String, Object> m = map(p, "port");
            out.put((String) m.get("name"), (Integer) m.get("containerPort"));
        }
        return out;
    }

    private static void assertProbe(Map<String, Object> container, String probe, String path) {
        assertEquals(path, at(container, probe, "httpGet", "path"), probe);
        assertEquals("http", at(container, probe, "httpGet", "port"), probe + " asks the HTTP port");
        assertEquals("HTTPS", at(container, probe, "httpGet", "scheme"), probe + " over TLS");
    }

    /** Every health path a deployment file probes, for the test that asks a real node (MetricsExportIT). */
    static Set<String> probedPaths() {
        Set<String> out = new TreeSet<>();
        Map<String, Object> sts = OpsFiles.k8s("StatefulSet", "gateway");
        Map<String, Object> container = map(
                list(at(sts, "spec", "template", "spec", "containers"), "containers")
                        .get(0),
                "container");
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            out.add((String) at(container, probe, "httpGet", "path"));
        }
        List<String> urls = new ArrayList<>();
        urls.add(String.join(" ", OpsFiles.dockerArgs("docker/Dockerfile", "HEALTHCHECK")));
        Map<String, Object> services = map(OpsFiles.yaml("compose/compose.yaml").get("services"), "services");
        services.forEach((name, s) -> {
            Object check = map(s, name).get("healthcheck");
            if (check != null) {
                urls.add(list(map(check, name).get("test"), name).toString());
            }
        });
        for (String u : urls) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("https://[^/ ]+(/[A-Za-z/]+)")
                    .matcher(u);
            while (m.find()) {
                out.add(m.group(1));
            }
        }
        return out;
    }
}
