/**
 * Micrometer meters for Tokenry: {@link dev.tokenry.micrometer.TokenryMetrics} counts and times
 * verifications and gauges the last-used backlog, in any host.
 */
package dev.tokenry.micrometer;
