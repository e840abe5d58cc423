package dev.streamvcr.peer;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One nginx-rtmp shared by the tests of a class, for tests that publish to it and record or play from it:
 * {@link PeerTools#ensureInstalled()} and {@link NginxRtmpServer#start()} before the class's {@code @BeforeAll}
 * methods, {@link NginxRtmpServer#close()} after its {@code @AfterAll} methods, also when set-up or a test failed.
 * Use: {@code @RegisterExtension static final NginxPeer NGINX = new NginxPeer();}, then
 * {@code NGINX.get().rtmpUrl("cam")}.
 *
 * <p>With a {@link NginxRtmpConfig}, e.g. an application whose {@code on_play} asks a fixture site:
 * <pre>{@code
 * @RegisterExtension @Order(1)
 * static final FixtureSites SITES = new FixtureSites();
 * @RegisterExtension @Order(2)
 * static final NginxPeer NGINX = new NginxPeer(NginxRtmpConfig.defaults().withRtmpApplications(prefix ->
 *         "application cams { live on; on_play " + SITES.url("/rtmp/on_play") + "; }"));
 * }</pre>
 * The config's blocks are rendered when nginx starts, so they may read extensions registered before this one.
 */
public final class NginxPeer implements BeforeAllCallback, AfterAllCallback {

    private final NginxRtmpConfig config;
    private NginxRtmpServer nginx;

    /** nginx with {@link NginxRtmpConfig#defaults()}. */
    public NginxPeer() {
        this(NginxRtmpConfig.defaults());
    }

    public NginxPeer(NginxRtmpConfig config) {
        this.config = config;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        PeerTools.ensureInstalled();
        nginx = new NginxRtmpServer(config).start();
    }

    /** The class's running nginx, from its {@code @BeforeAll} methods to its {@code @AfterAll} methods. */
    public NginxRtmpServer get() {
        if (nginx == null) {
            throw new IllegalStateException("no nginx: NginxPeer must be a static @RegisterExtension field, "
                    + "and its nginx runs only while the class's tests run");
        }
        return nginx;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        NginxRtmpServer running = nginx;
        nginx = null;
        if (running != null) {
            running.close();
        }
    }
}
