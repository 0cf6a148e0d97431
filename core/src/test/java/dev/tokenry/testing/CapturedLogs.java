package dev.tokenry.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Captures every log event of every logger at TRACE level, with messages, arguments and throwables
 * rendered as text, so tests can search all log output for secrets.
 *
 * <p>Each event is rendered when it is logged, on the logging thread: a container's objects in the
 * arguments (a request, a connection) may be recycled by the time a test reads the lines, and the
 * container's threads keep logging while it does.
 */
public final class CapturedLogs implements AutoCloseable {

  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final Level previousLevel = root.getLevel();
  private final List<String> captured = new ArrayList<>();
  private final AppenderBase<ILoggingEvent> appender =
      new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
          String line = render(event);
          synchronized (captured) {
            captured.add(line);
          }
        }
      };

  /** Starts capturing. */
  public CapturedLogs() {
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
    synchronized (captured) {
      return new ArrayList<>(captured);
    }
  }

  private static String render(ILoggingEvent event) {
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
    return line.toString();
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    appender.stop();
    root.setLevel(previousLevel);
  }
}
