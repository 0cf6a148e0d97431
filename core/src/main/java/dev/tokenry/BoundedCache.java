package dev.tokenry;

import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A concurrent map that never holds more than a fixed number of entries: when full, putting a new
 * entry first removes some other entry. Lock-free reads; what is evicted is arbitrary, which is
 * enough for a cache whose misses are only slower, never wrong.
 *
 * @param <K> key type
 * @param <V> value type
 */
final class BoundedCache<K, V> {

  private final ConcurrentHashMap<K, V> map;
  private final int maximumSize;

  /**
   * Creates the cache.
   *
   * @param maximumSize the most entries it holds, at least 1
   */
  BoundedCache(int maximumSize) {
    if (maximumSize < 1) {
      throw new IllegalArgumentException("maximumSize must be at least 1, was " + maximumSize);
    }
    this.maximumSize = maximumSize;
    this.map = new ConcurrentHashMap<>(Math.min(maximumSize, 1024));
  }

  /**
   * Returns the value for a key.
   *
   * @param key the key
   * @return the value, or null
   */
  public V get(K key) {
    return map.get(key);
  }

  /**
   * Stores a value, evicting other entries while the cache is full.
   *
   * @param key the key
   * @param value the value
   */
  public void put(K key, V value) {
    if (!map.containsKey(key)) {
      Iterator<K> keys = map.keySet().iterator();
      while (map.size() >= maximumSize && keys.hasNext()) {
        keys.next();
        keys.remove();
      }
    }
    map.put(key, value);
  }

  /**
   * Returns how many entries the cache holds.
   *
   * @return the size
   */
  public int size() {
    return map.size();
  }
}
