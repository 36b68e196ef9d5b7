package io.streamnotifier.cli;

import java.util.List;

import io.streamnotifier.StreamNotifier;

/** {@code run} (the default): the service. Other arguments are Camel Main's own options. */
public final class RunCommand {

    private RunCommand() {
    }

    public static int run(List<String> args) throws Exception {
        return StreamNotifier.camelMain().run(args.toArray(String[]::new));
    }
}
