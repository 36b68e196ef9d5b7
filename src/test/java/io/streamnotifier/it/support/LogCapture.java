package io.streamnotifier.it.support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/**
 * The in-process service's log events from {@link #start} to {@link #close}, each as one line: level, logger,
 * formatted message and, when there is one, {@code thrown} and the exception.
 */
public final class LogCapture implements AutoCloseable {

    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private final AbstractAppender appender;

    private LogCapture(Level level) {
        appender = new AbstractAppender("it-capture-" + UUID.randomUUID(), null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                lines.add(event.getLevel() + " " + event.getLoggerName() + " "
                        + event.getMessage().getFormattedMessage()
                        + (event.getThrown() == null ? "" : " thrown " + event.getThrown()));
            }
        };
        appender.start();
        LoggerContext logs = (LoggerContext) LogManager.getContext(false);
        logs.getConfiguration().getRootLogger().addAppender(appender, level, null);
        logs.updateLoggers();
    }

    /** Captures the events at {@code level} and above. */
    public static LogCapture start(Level level) {
        return new LogCapture(level);
    }

    /** The lines captured so far. */
    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    @Override
    public void close() {
        LoggerContext logs = (LoggerContext) LogManager.getContext(false);
        logs.getConfiguration().getRootLogger().removeAppender(appender.getName());
        logs.updateLoggers();
        appender.stop();
    }
}
