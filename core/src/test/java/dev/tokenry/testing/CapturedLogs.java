package dev.tokenry.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Captures every log event of every logger at TRACE level, with messages, arguments and throwables
 * rendered as text, so tests can search all log output for secrets.
 */
public final class CapturedLogs implements AutoCloseable {

  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final Level previousLevel = root.getLevel();
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  /** Starts capturing. */
  public CapturedLogs() {
    // The container's threads keep logging while a test reads the lines.
    appender.list = Collections.synchronizedList(new ArrayList<>());
    appender.start();
    root.addAppender(appender);
    root.setLevel(Level.TRACE);
  }

  /**
   * Returns every captured event as text: level, logger, formatted message, raw message, arguments
   * and the whole throwable chain with messages.
   *
   * @return one string per event
   */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    List<ILoggingEvent> events;
    synchronized (appender.list) {
      events = new ArrayList<>(appender.list);
    }
    for (ILoggingEvent event : events) {
      StringBuilder line =
          new StringBuilder()
              .append(event.getLevel())
              .append(' ')
              .append(event.getLoggerName())
              .append(' ')
              .append(event.getFormattedMessage())
              .append(" | ")
              .append(event.getMessage());
      if (event.getArgumentArray() != null) {
        for (Object argument : event.getArgumentArray()) {
          line.append(" | ").append(argument);
        }
      }
      for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
        line.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
        for (StackTraceElementProxy frame : t.getStackTraceElementProxyArray()) {
          line.append(' ').append(frame.getSTEAsString());
        }
      }
      lines.add(line.toString());
    }
    return lines;
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    root.setLevel(previousLevel);
  }
}
