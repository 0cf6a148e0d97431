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
}
