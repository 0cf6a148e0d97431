package dev.tokenry.store.jdbc;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/**
 * Reads the listening connection's socket itself, once pgjdbc has connected, authenticated (and set
 * up TLS) and run {@code LISTEN}: each notification is handed on the moment its bytes arrive, where
 * pgjdbc's {@code getNotifications} waits a millisecond after every message for another.
 *
 * <p>Only the PostgreSQL frontend/backend protocol messages an idle listening session receives are
 * read: NotificationResponse ({@code A}), CommandComplete ({@code C}) and ErrorResponse ({@code E})
 * are acted on, everything else (ReadyForQuery, ParameterStatus, notices, the rows of the
 * listener's own commands) is skipped by its length. Commands go out as simple Query messages. The
 * driver never reads this connection again: {@link #close} ends it.
 */
final class SocketNotifications implements NotificationSource {

  /** Far above the largest notification (8,000-byte payload) or error an idle session is sent. */
  private static final int MAX_MESSAGE_BYTES = 1 << 20;

  private static final java.util.regex.Pattern SQLSTATE =
      java.util.regex.Pattern.compile("[0-9A-Z]{5}");

  private final Connection connection;
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private byte[] buffer = new byte[16 * 1024];
  private int start;
  private int end;

  SocketNotifications(Connection connection, Socket socket) throws SQLException {
    this.connection = connection;
    this.socket = socket;
    try {
      this.in = socket.getInputStream();
      this.out = socket.getOutputStream();
    } catch (IOException e) {
      throw lost(e);
    }
  }

  @Override
  public void send(String sql, Handler handler) throws SQLException {
    byte[] text = sql.getBytes(UTF_8);
    byte[] message = new byte[1 + 4 + text.length + 1];
    message[0] = 'Q';
    putInt(message, 1, 4 + text.length + 1);
    System.arraycopy(text, 0, message, 5, text.length);
    try {
      out.write(message);
      out.flush();
    } catch (IOException e) {
      throw lost(e);
    }
  }

  @Override
  public void poll(long timeoutNanos, Handler handler) throws SQLException {
    if (dispatch(handler)) {
      return;
    }
    try {
      socket.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeoutNanos)));
      int read = in.read(buffer, end, buffer.length - end);
      if (read < 0) {
        throw new SQLException("the server closed the listening connection", "08006");
      }
      end += read;
    } catch (SocketTimeoutException e) {
      return;
    } catch (IOException e) {
      throw lost(e);
    }
    dispatch(handler);
  }

  /**
   * Hands on every whole message in the buffer and makes room for the rest.
   *
   * @return whether any message was handed on
   */
  private boolean dispatch(Handler handler) throws SQLException {
    boolean any = false;
    while (end - start >= 5) {
      byte type = buffer[start];
      int length = getInt(buffer, start + 1);
      if (length < 4 || length > MAX_MESSAGE_BYTES) {
        throw new SQLException("the listening connection sent a malformed message", "08P01");
      }
      int whole = 1 + length;
      if (end - start < whole) {
        break;
      }
      int body = start + 5;
      int bodyEnd = start + whole;
      start = bodyEnd;
      any = true;
      switch (type) {
        case 'A' -> {
          int channelEnd = terminator(body + 4, bodyEnd);
          int payloadEnd = terminator(channelEnd + 1, bodyEnd);
          handler.notification(
              getInt(buffer, body), text(body + 4, channelEnd), text(channelEnd + 1, payloadEnd));
        }
        case 'C' -> handler.answered(rows(text(body, terminator(body, bodyEnd))));
        case 'E' ->
            throw new SQLException(
                "the server ended or refused the listening session", errorState(body, bodyEnd));
        default -> {
          // ReadyForQuery, ParameterStatus, NoticeResponse, RowDescription, DataRow: nothing to do.
        }
      }
    }
    makeRoom();
    return any;
  }

  /** Moves a partial message to the front, and grows the buffer when it cannot hold it whole. */
  private void makeRoom() {
    if (start == end) {
      start = 0;
      end = 0;
      return;
    }
    int needed = end - start >= 5 ? 1 + getInt(buffer, start + 1) : 5;
    if (start > 0) {
      System.arraycopy(buffer, start, buffer, 0, end - start);
      end -= start;
      start = 0;
    }
    if (needed > buffer.length) {
      buffer = java.util.Arrays.copyOf(buffer, needed);
    }
  }

  private int terminator(int from, int limit) throws SQLException {
    for (int i = from; i < limit; i++) {
      if (buffer[i] == 0) {
        return i;
      }
    }
    throw new SQLException("the listening connection sent a malformed message", "08P01");
  }

  private String text(int from, int to) {
    return new String(buffer, from, to - from, UTF_8);
  }

  /** The rows a CommandComplete tag reports ({@code SELECT 1}), 0 for tags without a count. */
  private static long rows(String tag) {
    int space = tag.lastIndexOf(' ');
    try {
      return space < 0 ? 0 : Long.parseLong(tag.substring(space + 1));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** The SQLSTATE field of an ErrorResponse, or the generic connection failure. */
  private String errorState(int from, int to) {
    int i = from;
    while (i < to && buffer[i] != 0) {
      byte field = buffer[i];
      int valueEnd = i + 1;
      while (valueEnd < to && buffer[valueEnd] != 0) {
        valueEnd++;
      }
      if (field == 'C') {
        // The server's text goes into a log line: only a well-formed SQLSTATE is passed on.
        String state = text(i + 1, valueEnd);
        return SQLSTATE.matcher(state).matches() ? state : "08P01";
      }
      i = valueEnd + 1;
    }
    return "08006";
  }

  private static int getInt(byte[] bytes, int at) {
    return (bytes[at] & 0xff) << 24
        | (bytes[at + 1] & 0xff) << 16
        | (bytes[at + 2] & 0xff) << 8
        | (bytes[at + 3] & 0xff);
  }

  private static void putInt(byte[] bytes, int at, int value) {
    bytes[at] = (byte) (value >>> 24);
    bytes[at + 1] = (byte) (value >>> 16);
    bytes[at + 2] = (byte) (value >>> 8);
    bytes[at + 3] = (byte) value;
  }

  private static SQLException lost(IOException e) {
    return new SQLException("the listening connection failed", "08006", e);
  }

  @Override
  public boolean readsSocket() {
    return true;
  }

  /**
   * Ends the physical connection: the driver no longer knows where its protocol stands. A pool's
   * proxy sees the closed connection fail a statement (SQL state 08003) and drops it instead of
   * lending it out again.
   */
  @Override
  public void close() {
    try {
      connection.abort(Runnable::run);
    } catch (SQLException | RuntimeException e) {
      // Closing the socket below ends it all the same.
    }
    try {
      socket.close();
    } catch (IOException e) {
      // Already closed.
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute("SELECT 1");
    } catch (SQLException | RuntimeException expected) {
      // The failure is the point: it tells a pool the connection is gone.
    }
    try {
      connection.close();
    } catch (SQLException | RuntimeException e) {
      // Nothing left to release.
    }
  }
}
