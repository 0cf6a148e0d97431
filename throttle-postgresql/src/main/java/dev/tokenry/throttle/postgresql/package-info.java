/**
 * {@link dev.tokenry.throttle.postgresql.PostgresAttemptThrottle}: failed-attempt throttling for a
 * whole fleet of servers on the PostgreSQL they share, through Bucket4j's PostgreSQL backend.
 */
package dev.tokenry.throttle.postgresql;
