package dev.streamvcr.flv;

import java.nio.file.Path;

/** Recovers the file named by the first argument and prints the result; run in a JVM with a small heap. */
public final class RecoverInSmallHeap {

    private RecoverInSmallHeap() {
    }

    public static void main(String[] args) throws Exception {
        FlvRecovery.Result result = FlvRecovery.recover(Path.of(args[0]));
        System.out.println("maxHeap=" + Runtime.getRuntime().maxMemory());
        System.out.println("bytes=" + result.bytes());
        System.out.println("rewritten=" + result.metadataRewritten());
    }
}
