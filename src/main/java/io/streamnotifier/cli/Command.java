package io.streamnotifier.cli;

import java.util.List;

/** A command of the jar: {@code java -jar stream-notifier.jar NAME ARGS}. */
@FunctionalInterface
public interface Command {

    /** Runs the command with the arguments after its name; returns the process's exit status. */
    int run(List<String> args) throws Exception;
}
