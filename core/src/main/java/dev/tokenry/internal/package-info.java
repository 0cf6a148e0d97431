/**
 * Tokenry's internals. Not a supported API: anything here may change in any release without notice
 * and is excluded from compatibility checks. Use {@code dev.tokenry} and {@code dev.tokenry.spi}.
 */
package dev.tokenry.internal;
