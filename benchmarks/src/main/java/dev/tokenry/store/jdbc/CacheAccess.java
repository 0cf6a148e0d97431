package dev.tokenry.store.jdbc;

/**
 * What the benchmarks read of a {@link JdbcTokenStore}'s record cache that is not public: whether
 * it serves now, and how many records it holds. In the benchmarks module only (the package is split
 * on purpose, as {@code dev.tokenry.BenchmarkAccess} is); not part of any deployed artifact.
 */
public final class CacheAccess {

  private CacheAccess() {}

  /**
   * Whether the store's record cache serves now.
   *
   * @param store a store built with the cache
   * @return true while its listener is known to hear every change
   */
  public static boolean serving(JdbcTokenStore store) {
    return store.cache().serving();
  }

  /**
   * How many records the store's cache holds.
   *
   * @param store a store built with the cache
   * @return the count
   */
  public static long size(JdbcTokenStore store) {
    return store.cache().size();
  }

  /**
   * Whether the store's listener reads its connection's socket itself (rather than through pgjdbc's
   * {@code getNotifications}).
   *
   * @param store a store built with the cache
   * @return true when it reads the socket
   */
  public static boolean readsSocket(JdbcTokenStore store) {
    return store.listener().readsSocket();
  }

  /**
   * Reads notifications from a connection that has run {@code LISTEN}, the way the record cache's
   * listener does, on the caller's thread.
   *
   * @param connection a pgjdbc connection that listens
   * @param onNotification called with the payload of each notification
   * @return a loop to run on a thread of its own until the connection is closed
   * @throws java.sql.SQLException when the connection cannot be read
   */
  public static Runnable socketListener(
      java.sql.Connection connection, java.util.function.Consumer<String> onNotification)
      throws java.sql.SQLException {
    NotificationSource source = NotificationSource.open(connection);
    NotificationSource.Handler handler =
        new NotificationSource.Handler() {
          @Override
          public void notification(int pid, String channel, String payload) {
            onNotification.accept(payload);
          }

          @Override
          public void answered(long rows) {}
        };
    return () -> {
      try {
        while (true) {
          source.poll(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(100), handler);
        }
      } catch (java.sql.SQLException e) {
        source.close();
      }
    };
  }
}
