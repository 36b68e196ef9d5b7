package io.streamnotifier.deadletter;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;

import org.apache.camel.impl.DefaultCamelContext;

/**
 * Runs {@link Replay#run()} on a file with a Camel context that has none of its routes, so every dead letter is
 * kept: started by {@link ReplayMemoryTest} in a JVM of its own with a small heap. Prints how many failed.
 */
public final class ReplayInSmallHeap {

    private ReplayInSmallHeap() {
    }

    public static void main(String[] args) throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            int failed = new Replay(context, Path.of(args[0]), new PrintStream(OutputStream.nullOutputStream())).run();
            System.out.println("failed again: " + failed);
        }
    }
}
