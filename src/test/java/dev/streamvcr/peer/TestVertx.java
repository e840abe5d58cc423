package dev.streamvcr.peer;

import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One Vert.x shared by the tests of a class, for tests that run RTMP clients, scripted servers or page fetchers on
 * it: created before the class's {@code @BeforeAll} methods (so they may use it) and closed, waiting up to 10 s,
 * after its {@code @AfterAll} methods, also when set-up or a test failed. Use:
 * {@code @RegisterExtension static final TestVertx VERTX = new TestVertx();}, then {@code VERTX.get()}.
 */
public final class TestVertx implements BeforeAllCallback, AfterAllCallback {

    private static final long CLOSE_TIMEOUT_SECONDS = 10;

    private Vertx vertx;

    @Override
    public void beforeAll(ExtensionContext context) {
        vertx = Vertx.vertx();
    }

    /** The class's Vert.x, from its {@code @BeforeAll} methods to its {@code @AfterAll} methods. */
    public Vertx get() {
        if (vertx == null) {
            throw new IllegalStateException("no Vert.x: TestVertx must be a static @RegisterExtension field, "
                    + "and its Vert.x exists only while the class's tests run");
        }
        return vertx;
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        Vertx running = vertx;
        vertx = null;
        if (running != null) {
            running.close().toCompletionStage().toCompletableFuture().get(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }
}
