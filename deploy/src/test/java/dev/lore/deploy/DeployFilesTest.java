package dev.lore.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml and k8s/ cannot be run here (no Docker engine, no cluster), so this holds them
 * to what can be checked: the manifests are valid Kubernetes objects (read strictly into the
 * Kubernetes model: an unknown or misspelt field fails), both run every service of
 * {@link ServiceRegistry} with exactly the variables the launcher sets (less the local-only ones,
 * plus the production ones below), and their wiring holds together.
 */
class DeployFilesTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    /** Variables that only make sense for processes sharing one machine. */
    private static final Set<String> LOCAL_ONLY = Set.of(
            "QUARKUS_HTTP_HOST", // a container listens on every interface
            "QUARKUS_HTTP_PORT", // each service's own default port, which the launcher's offsets reproduce
            "LORE_GATEWAY_BOOTSTRAP_ADMIN_KEY_FILE"); // production: the key itself, from a secret

    /** Variables a deployment sets beyond the launcher's: the admin key, Keycloak, partitions, Qdrant. */
    private static final Map<String, Set<String>> PRODUCTION_ONLY = Map.of(
            "api-gateway", Set.of("LORE_GATEWAY_BOOTSTRAP_ADMIN_KEY", "LORE_GATEWAY_OIDC_ENABLED",
                    "QUARKUS_OIDC_AUTH_SERVER_URL"),
            "ingestion-service", Set.of("LORE_INGESTION_OUTBOX_PARTITIONS"),
            "retrieval-service", Set.of("LORE_INDEX_KIND", "LORE_INDEX_QDRANT_HOST", "LORE_INDEX_QDRANT_PORT"));

    private static final int PUBLIC_PORT = 8080;
    private static final Pattern URL = Pattern.compile("^(?:http://|jdbc:postgresql://)?([a-z][a-z0-9-]*):(\\d+)");
    private static final Pattern CREATE_DATABASE = Pattern.compile("CREATE DATABASE (\\w+);");

    private static Map<String, Object> compose;
    private static List<HasMetadata> k8s;
    private static Map<String, String> k8sConfig;

    @BeforeAll
    static void load() throws IOException {
        compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
        k8s = new ArrayList<>();
        Map<String, Object> kustomization = new Yaml().load(Files.readString(ROOT.resolve("k8s/kustomization.yaml")));
        List<String> resources = strings(kustomization.get("resources"));
        try (Stream<Path> files = Files.list(ROOT.resolve("k8s"))) {
            assertEquals(new TreeSet<>(resources), files.map(p -> p.getFileName().toString())
                            .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml"))
                            .collect(Collectors.toCollection(TreeSet::new)),
                    "kustomization.yaml lists every manifest in k8s/");
        }
        for (String resource : resources) {
            k8s.addAll(strictlyRead(ROOT.resolve("k8s").resolve(resource)));
        }
        k8sConfig = new HashMap<>();
        for (Map<String, Object> generator : maps(kustomization.get("configMapGenerator"))) {
            if ("lore-config".equals(generator.get("name"))) {
                for (String literal : strings(generator.get("literals"))) {
                    String[] kv = literal.split("=", 2);
                    k8sConfig.put(kv[0], kv[1]);
                }
            }
        }
        assertFalse(k8sConfig.isEmpty(), "kustomization.yaml generates lore-config");
    }

    @Test
    void composeRunsEveryServiceWithTheLaunchersVariables() {
        Map<String, Map<String, Object>> services = composeServices();
        for (dev.lore.deploy.Service service : ServiceRegistry.SERVICES) {
            Map<String, Object> s = services.get(service.module());
            assertNotNull(s, "docker-compose.yml runs " + service.module());
            Map<String, Object> build = map(s.get("build"));
            assertEquals(service.module(), map(build.get("args")).get("MODULE"), service.module() + " image");
            assertTrue(Files.isRegularFile(ROOT.resolve((String) build.get("dockerfile"))));
            Map<String, String> env = stringValues(map(s.get("environment")));
            assertEquals(expectedVariables(service), env.keySet(), service.module() + " environment");
            checkWiring(service, env, services.keySet());
        }
    }

    @Test
    void kubernetesRunsEveryServiceWithTheLaunchersVariablesAndProbes() {
        Set<String> serviceNames = names(Service.class);
        for (dev.lore.deploy.Service service : ServiceRegistry.SERVICES) {
            PodTemplateSpec pod = podTemplate(service.module());
            Container c = pod.getSpec().getContainers().get(0);
            assertEquals("lore/" + service.module(), c.getImage());
            Map<String, String> env = new HashMap<>(k8sConfig);
            for (EnvVar v : c.getEnv()) {
                env.put(v.getName(), v.getValue() != null ? v.getValue() : "<from " + v.getValueFrom() + ">");
            }
            assertEquals(List.of("lore-config"), c.getEnvFrom().stream().map(e -> e.getConfigMapRef().getName()).toList());
            assertEquals(expectedVariables(service), env.keySet(), service.module() + " environment");
            checkWiring(service, env, serviceNames);

            assertEquals(service.port(PUBLIC_PORT), c.getPorts().get(0).getContainerPort(), service.module() + " port");
            assertEquals("http", c.getPorts().get(0).getName());
            checkProbe(c.getStartupProbe(), "/q/health/started", service);
            checkProbe(c.getLivenessProbe(), "/q/health/live", service);
            checkProbe(c.getReadinessProbe(), "/q/health/ready", service);
            assertNotNull(c.getResources().getRequests().get("cpu"), service.module() + " requests CPU");
            assertNotNull(c.getResources().getRequests().get("memory"), service.module() + " requests memory");
            assertNotNull(c.getResources().getLimits().get("memory"), service.module() + " limits memory");
            Set<String> volumes = pod.getSpec().getVolumes().stream().map(v -> v.getName()).collect(Collectors.toSet());
            if (workload(service.module()) instanceof StatefulSet sts) {
                sts.getSpec().getVolumeClaimTemplates().forEach(t -> volumes.add(t.getMetadata().getName()));
            }
            c.getVolumeMounts().forEach(m -> assertTrue(volumes.contains(m.getName()), "volume " + m.getName()));
        }
    }

    @Test
    void kubernetesServicesSelectTheirPodsAndAutoscalersTheirWorkloads() {
        for (Service svc : objects(Service.class)) {
            List<PodTemplateSpec> selected = allPodTemplates().stream()
                    .filter(p -> p.getMetadata().getLabels().entrySet().containsAll(svc.getSpec().getSelector().entrySet()))
                    .toList();
            assertEquals(1, selected.size(), "Service " + svc.getMetadata().getName() + " selects one workload");
            Set<String> ports = selected.get(0).getSpec().getContainers().stream()
                    .flatMap(c -> c.getPorts().stream()).map(p -> p.getName()).collect(Collectors.toSet());
            svc.getSpec().getPorts().forEach(p -> assertTrue(ports.contains(p.getTargetPort().getStrVal()),
                    svc.getMetadata().getName() + " targets a named container port"));
        }
        // lore.documents.v1 is created by ingestion (or, if a consumer asks first, by the broker).
        int partitions = Integer.parseInt(env(podTemplate("ingestion-service").getSpec().getContainers().get(0),
                "LORE_INGESTION_OUTBOX_PARTITIONS"));
        assertEquals(String.valueOf(partitions), env(podTemplate("kafka").getSpec().getContainers().get(0),
                "KAFKA_NUM_PARTITIONS"));
        Map<String, Map<String, Object>> compose = composeServices();
        assertEquals(String.valueOf(partitions), map(compose.get("kafka").get("environment"))
                .get("KAFKA_NUM_PARTITIONS").toString(), "compose and k8s give the topics as many partitions");
        assertEquals(String.valueOf(partitions), map(compose.get("ingestion-service").get("environment"))
                .get("LORE_INGESTION_OUTBOX_PARTITIONS").toString());
        for (HorizontalPodAutoscaler hpa : objects(HorizontalPodAutoscaler.class)) {
            String target = hpa.getSpec().getScaleTargetRef().getName();
            assertTrue(workload(target) instanceof Deployment, "HPA " + target + " scales a Deployment");
            if (target.equals("retrieval-service")) {
                assertTrue(hpa.getSpec().getMaxReplicas() <= partitions,
                        "a retrieval replica beyond the topic's partitions would embed nothing");
                // The embedded index is one instance's: replicas sharing the topic would each hold a part.
                assertEquals("qdrant", env(podTemplate(target).getSpec().getContainers().get(0), "LORE_INDEX_KIND"),
                        "retrieval replicas share one index");
            }
        }
        assertEquals(Set.of("api-gateway", "retrieval-service"), objects(HorizontalPodAutoscaler.class).stream()
                .map(h -> h.getSpec().getScaleTargetRef().getName()).collect(Collectors.toSet()));
    }

    @Test
    void onlyTheGatewayIsReachableFromOutsideAndServicesOnlyFromLore() {
        List<NetworkPolicy> policies = objects(NetworkPolicy.class);
        assertTrue(policies.stream().anyMatch(p -> isEmpty(p.getSpec().getPodSelector().getMatchLabels())
                        && isEmpty(p.getSpec().getPodSelector().getMatchExpressions())
                        && isEmpty(p.getSpec().getIngress()) && p.getSpec().getPolicyTypes().contains("Ingress")),
                "a default deny of all ingress");
        Map<String, String> gateway = podTemplate(ServiceRegistry.GATEWAY).getMetadata().getLabels();
        assertTrue(rulesFor(policies, gateway).stream().anyMatch(r -> isEmpty(r.getFrom())),
                "the gateway accepts traffic from anywhere");
        List<Map<String, String>> lorePods = ServiceRegistry.SERVICES.stream()
                .map(s -> podTemplate(s.module()).getMetadata().getLabels()).toList();
        List<String> guarded = Stream.concat(ServiceRegistry.SERVICES.stream().map(dev.lore.deploy.Service::module)
                .filter(m -> !m.equals(ServiceRegistry.GATEWAY)), Stream.of("postgres", "kafka", "qdrant")).toList();
        for (String name : guarded) {
            List<NetworkPolicyIngressRule> rules = rulesFor(policies, podTemplate(name).getMetadata().getLabels());
            assertFalse(rules.isEmpty(), name + " accepts Lore's own traffic");
            for (NetworkPolicyIngressRule rule : rules) {
                assertFalse(isEmpty(rule.getFrom()), name + " must not accept traffic from anywhere");
                for (NetworkPolicyPeer peer : rule.getFrom()) {
                    assertTrue(peer.getIpBlock() == null && peer.getNamespaceSelector() == null, name + ": pods only");
                    assertTrue(lorePods.stream().anyMatch(labels -> selects(peer.getPodSelector(), labels)),
                            name + " admits only Lore's services");
                    assertTrue(Stream.of("postgres", "kafka", "qdrant", "keycloak").noneMatch(
                            infra -> selects(peer.getPodSelector(), podTemplate(infra).getMetadata().getLabels())),
                            name + " admits no infrastructure pod");
                }
            }
        }
    }

    @Test
    void bothCreateEveryServicesDatabaseAndRunTheVersionsTheTestsUse() throws IOException {
        Set<String> databases = ServiceRegistry.SERVICES.stream().map(dev.lore.deploy.Service::database)
                .collect(Collectors.toSet());
        assertEquals(databases, createdDatabases(Files.readString(ROOT.resolve("deploy/postgres/init-databases.sql"))));
        ConfigMap init = objects(ConfigMap.class).stream().filter(m -> m.getMetadata().getName().equals("postgres-init"))
                .findFirst().orElseThrow();
        assertEquals(databases, createdDatabases(String.join("\n", init.getData().values())));

        String pom = Files.readString(ROOT.resolve("pom.xml"));
        Map<String, String> expected = Map.of(
                "kafka", "apache/kafka:" + tag(pom, "kafka.version"),
                "postgres", "postgres:" + tag(pom, "postgres-binaries.version").split("\\.")[0],
                "keycloak", "quay.io/keycloak/keycloak:"
                        + tag(Files.readString(ROOT.resolve("api-gateway/pom.xml")), "keycloak.version"),
                "qdrant", qdrantImageOfTheTests());
        Map<String, Map<String, Object>> services = composeServices();
        expected.forEach((name, image) -> {
            assertEquals(image, services.get(name).get("image"), "compose " + name);
            assertEquals(image, podTemplate(name).getSpec().getContainers().get(0).getImage(), "k8s " + name);
        });
    }

    // --- wiring --------------------------------------------------------------------------------

    private static Set<String> expectedVariables(dev.lore.deploy.Service service) {
        Map<String, String> launcher = ServiceProcess.environment(service, PUBLIC_PORT, Path.of("/lore"),
                Path.of("/lore", service.name()), "secret", db -> "jdbc:postgresql://127.0.0.1:5432/" + db,
                "127.0.0.1:9092");
        Set<String> expected = new TreeSet<>(launcher.keySet());
        expected.removeAll(LOCAL_ONLY);
        expected.addAll(PRODUCTION_ONLY.getOrDefault(service.module(), Set.of()));
        return expected;
    }

    /** Every host:port a service is given names a service of the same deployment, at that service's port. */
    private static void checkWiring(dev.lore.deploy.Service service, Map<String, String> env, Set<String> hosts) {
        assertTrue(env.get("QUARKUS_DATASOURCE_JDBC_URL").endsWith("/" + service.database()),
                service.module() + " uses its own database");
        for (Map.Entry<String, String> e : env.entrySet()) {
            Matcher m = URL.matcher(e.getValue());
            if (!m.find()) {
                continue;
            }
            String host = m.group(1);
            assertTrue(hosts.contains(host), service.module() + " " + e.getKey() + ": no service named " + host);
            ServiceRegistry.SERVICES.stream().filter(s -> s.module().equals(host)).findFirst().ifPresent(target ->
                    assertEquals(String.valueOf(target.port(PUBLIC_PORT)), m.group(2), e.getKey() + " port"));
        }
        String gatewayUrl = "LORE_GATEWAY_SERVICES_%s_URL";
        if (service.module().equals(ServiceRegistry.GATEWAY)) {
            for (String upstream : List.of("INGESTION", "RETRIEVAL", "AUDIT")) {
                assertTrue(env.get(gatewayUrl.formatted(upstream)).contains(upstream.toLowerCase() + "-service:"));
            }
        }
    }

    private static void checkProbe(Probe probe, String path, dev.lore.deploy.Service service) {
        assertNotNull(probe, service.module() + " probe " + path);
        assertEquals(path, probe.getHttpGet().getPath(), service.module());
        assertEquals("http", probe.getHttpGet().getPort().getStrVal(), service.module());
    }

    private static List<NetworkPolicyIngressRule> rulesFor(List<NetworkPolicy> policies, Map<String, String> pod) {
        return policies.stream().filter(p -> selects(p.getSpec().getPodSelector(), pod))
                .flatMap(p -> isEmpty(p.getSpec().getIngress()) ? Stream.empty() : p.getSpec().getIngress().stream())
                .toList();
    }

    private static boolean isEmpty(Object listOrMap) {
        return listOrMap == null || (listOrMap instanceof java.util.Collection<?> c && c.isEmpty())
                || (listOrMap instanceof Map<?, ?> m && m.isEmpty());
    }

    /** Label selector semantics for matchLabels and the In operator (the ones k8s/ uses). */
    private static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        if (selector.getMatchLabels() != null && !labels.entrySet().containsAll(selector.getMatchLabels().entrySet())) {
            return false;
        }
        if (selector.getMatchExpressions() != null) {
            for (var e : selector.getMatchExpressions()) {
                assertEquals("In", e.getOperator(), "only In is understood here");
                if (!e.getValues().contains(labels.get(e.getKey()))) {
                    return false;
                }
            }
        }
        return true;
    }

    // --- reading -------------------------------------------------------------------------------

    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "Namespace", Namespace.class, "ConfigMap", ConfigMap.class, "Service", Service.class,
            "Deployment", Deployment.class, "StatefulSet", StatefulSet.class,
            "HorizontalPodAutoscaler", HorizontalPodAutoscaler.class, "NetworkPolicy", NetworkPolicy.class);

    /** Kubernetes' model, minus its catch-all for unknown fields: a misspelt field is an error. */
    private static final ObjectMapper STRICT = new ObjectMapper(new YAMLFactory())
            .setAnnotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(Annotated a) {
                    return Boolean.FALSE;
                }

                @Override
                public JsonIgnoreProperties.Value findPropertyIgnoralByName(MapperConfig<?> config, Annotated a) {
                    return JsonIgnoreProperties.Value.empty();
                }
            });

    private static List<HasMetadata> strictlyRead(Path file) throws IOException {
        List<HasMetadata> out = new ArrayList<>();
        try (var docs = STRICT.readerFor(JsonNode.class).<JsonNode>readValues(Files.readString(file))) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                Class<? extends HasMetadata> type = KINDS.get(doc.path("kind").asText());
                if (type == null) {
                    fail(file + ": unexpected kind " + doc.path("kind"));
                }
                try {
                    out.add(STRICT.treeToValue(doc, type));
                } catch (IOException e) {
                    fail(file.getFileName() + ": " + e.getMessage().lines().findFirst().orElse(""), e);
                }
            }
        }
        return out;
    }

    private static <T extends HasMetadata> List<T> objects(Class<T> type) {
        return k8s.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static Set<String> names(Class<? extends HasMetadata> type) {
        return objects(type).stream().map(o -> o.getMetadata().getName()).collect(Collectors.toSet());
    }

    private static HasMetadata workload(String name) {
        return k8s.stream().filter(o -> (o instanceof Deployment || o instanceof StatefulSet)
                && o.getMetadata().getName().equals(name)).findFirst().orElseThrow(() -> new AssertionError(
                "k8s/ runs no workload " + name));
    }

    private static PodTemplateSpec podTemplate(String name) {
        return workload(name) instanceof Deployment d ? d.getSpec().getTemplate()
                : ((StatefulSet) workload(name)).getSpec().getTemplate();
    }

    private static List<PodTemplateSpec> allPodTemplates() {
        return Stream.concat(objects(Deployment.class).stream().map(d -> d.getSpec().getTemplate()),
                objects(StatefulSet.class).stream().map(s -> s.getSpec().getTemplate())).toList();
    }

    private static String env(Container c, String name) {
        return c.getEnv().stream().filter(v -> v.getName().equals(name)).findFirst().orElseThrow().getValue();
    }

    private static Map<String, Map<String, Object>> composeServices() {
        Map<String, Map<String, Object>> out = new HashMap<>();
        map(compose.get("services")).forEach((k, v) -> out.put(k, map(v)));
        return out;
    }

    private static Set<String> createdDatabases(String sql) {
        Set<String> out = new TreeSet<>();
        CREATE_DATABASE.matcher(sql).results().forEach(r -> out.add(r.group(1)));
        return out;
    }

    private static String tag(String pom, String property) {
        Matcher m = Pattern.compile("<" + Pattern.quote(property) + ">([^<]+)<").matcher(pom);
        assertTrue(m.find(), property);
        return m.group(1);
    }

    private static String qdrantImageOfTheTests() throws IOException {
        String test = Files.readString(ROOT.resolve(
                "vector-index/src/test/java/dev/lore/index/qdrant/QdrantVectorIndexTest.java"));
        Matcher m = Pattern.compile("\"(qdrant/qdrant:[^\"]+)\"").matcher(test);
        assertTrue(m.find());
        return m.group(1);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Object o) {
        return (List<Map<String, Object>>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object o) {
        return (List<String>) o;
    }

    private static Map<String, String> stringValues(Map<String, Object> m) {
        Map<String, String> out = new HashMap<>();
        m.forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }
}
