package dev.streamvcr.schedule;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.streamvcr.config.StreamVcrConfig;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

/** A node capacity below 1 stops the start with a message naming the setting. */
class NodeCapacitySettingTest {

    @Test
    void aCapacityBelowOneIsRefusedByName() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> dispatcherWithCapacity(0).checkCapacity(null));
        assertEquals("STREAMVCR_NODE_CAPACITY must be at least 1, not 0", refused.getMessage());
        assertThrows(IllegalStateException.class, () -> dispatcherWithCapacity(-5).checkCapacity(null));
        assertDoesNotThrow(() -> dispatcherWithCapacity(1).checkCapacity(null));
    }

    private static Dispatcher dispatcherWithCapacity(int capacity) {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.config = (StreamVcrConfig) Proxy.newProxyInstance(StreamVcrConfig.class.getClassLoader(),
                new Class<?>[] {StreamVcrConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("nodeCapacity")) {
                        return capacity;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return dispatcher;
    }
}
