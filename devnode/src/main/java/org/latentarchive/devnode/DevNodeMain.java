package org.latentarchive.devnode;

import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.http.HttpServerTransport;
import org.elasticsearch.node.InternalSettingsPreparer;
import org.elasticsearch.node.Node;
import org.elasticsearch.plugins.PluginsLoader;
import org.elasticsearch.rest.RestController;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Runs one real Elasticsearch node from Maven Central's jars, in this JVM, with the Latent Archive plugin zip
 * unpacked into its plugins folder, so that what gets loaded is the same zip a production cluster installs.
 *
 * <p>Arguments: {@code --home DIR --data DIR --port N --plugin-zip ZIP --netty-dir DIR}, and for a member of a
 * cluster {@code --cluster-name --node-name --transport-port --seed-hosts H:P,... [--initial-master-nodes N,...]}
 * (see {@link NodeSettings}); without seed hosts the node is a single-node cluster. The home folder is
 * (re)laid out on every start; the data folder survives restarts. Prints {@code DEVNODE STARTED <port>} once the
 * node answers (port 0 picks a free port and prints it), and stops cleanly on SIGTERM.
 */
public final class DevNodeMain {

    static final String STARTED = "DEVNODE STARTED";

    private DevNodeMain() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = DevNodeOptions.parse(args);
        Path home = Path.of(options.get("home")).toAbsolutePath();
        Path data = Path.of(options.get("data")).toAbsolutePath();
        int port = Integer.parseInt(options.get("port"));
        layOutHome(home, Path.of(options.get("plugin-zip")), Path.of(options.get("netty-dir")));
        Files.createDirectories(data);

        String nodeName = options.getOrDefault("node-name", NodeSettings.SINGLE_NAME);
        Settings.Builder settings = Settings.builder()
            .put("path.home", home.toString())
            .put("path.data", data.toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("node.name", nodeName)
            .put("cluster.name", options.getOrDefault("cluster-name", NodeSettings.SINGLE_NAME))
            .put("network.host", "127.0.0.1")
            .put("http.port", port)
            .put("transport.port", options.getOrDefault("transport-port", "0"))
            .put("cluster.routing.allocation.disk.threshold_enabled", false);
        if (options.containsKey("seed-hosts")) {
            settings.putList("discovery.seed_hosts", List.of(options.get("seed-hosts").split(",")));
            if (options.containsKey("initial-master-nodes")) {
                settings.putList("cluster.initial_master_nodes", List.of(options.get("initial-master-nodes").split(",")));
            }
        } else {
            settings.put("discovery.type", "single-node");
        }
        Path configDir = home.resolve("config");
        Environment env = InternalSettingsPreparer.prepareEnvironment(settings.build(), Map.of(), configDir, () -> nodeName);
        LogConfigurator.configure(env, true);
        PluginsLoader loader = PluginsLoader.createPluginsLoader(
            PluginsLoader.loadModulesBundles(env.modulesDir(), false),
            PluginsLoader.loadPluginsBundles(env.pluginsDir(), false),
            Map.of(),
            false
        );
        Node node = new Node(env, loader);
        serveRoot(node);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.prepareForClose();
                node.close();
                node.awaitClose(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.err.println("devnode: error while stopping: " + e);
            } finally {
                stopped.countDown();
            }
        }, "devnode-shutdown"));
        node.start();
        int boundPort = node.injector().getInstance(HttpServerTransport.class).boundAddress().publishAddress().getPort();
        System.out.println(STARTED + " " + boundPort);
        System.out.flush();
        stopped.await();
    }

    /**
     * Registers {@code GET /} and {@code HEAD /} on the node's REST controller before it starts listening. The
     * distribution serves them from its rest-root module, which is not on Maven Central. This node builds its own
     * {@link Node}, so it registers the handler itself rather than as a module: a module's plugin class must come from
     * the module's own jar, kept off the node's classpath, which would make a jar of its own for one handler.
     */
    static void serveRoot(Node node) {
        node.injector().getInstance(RestController.class)
            .registerHandler(new RootEndpoint(node.injector().getInstance(ClusterService.class)));
    }

    /** Writes config/, modules/transport-netty4 and plugins/latent-archive afresh, so an upgraded zip is picked up. */
    static void layOutHome(Path home, Path pluginZip, Path nettyDir) throws IOException {
        Path config = home.resolve("config");
        Files.createDirectories(config);
        try (InputStream log4j = DevNodeMain.class.getResourceAsStream("/devnode/log4j2.properties")) {
            Files.copy(log4j, config.resolve("log4j2.properties"), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.writeString(config.resolve("elasticsearch.yml"), "# settings are given by DevNodeMain\n");

        Path netty = home.resolve("modules").resolve("transport-netty4");
        recreate(netty);
        try (var jars = Files.list(nettyDir)) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).toList()) {
                Files.copy(jar, netty.resolve(jar.getFileName()));
            }
        }
        // The server runs as an unnamed module on the classpath, so the module descriptor names no module.
        Files.writeString(netty.resolve("plugin-descriptor.properties"), String.join("\n",
            "name=transport-netty4",
            "description=Netty 4 based transport implementation",
            "version=" + org.elasticsearch.Build.current().version(),
            "classname=org.elasticsearch.transport.netty4.Netty4Plugin",
            "java.version=21",
            "elasticsearch.version=" + org.elasticsearch.Build.current().version(),
            ""));

        Path plugin = home.resolve("plugins").resolve("latent-archive");
        recreate(plugin);
        unzip(pluginZip, plugin);
        Files.createDirectories(home.resolve("logs"));
    }

    private static void recreate(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var walk = Files.walk(dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(dir);
    }

    private static void unzip(Path zip, Path into) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                Path target = into.resolve(e.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("zip entry escapes the plugin folder: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
