/**
 * Spring Boot 4 auto-configuration for Tokenry: the store and {@link dev.tokenry.Tokenry} beans,
 * {@code tokenry.*} properties ({@link dev.tokenry.spring.boot.TokenryProperties}), the default
 * security chains, {@link dev.tokenry.spring.boot.TokenryConfigurer} for a host's own chain, and
 * {@link dev.tokenry.spring.boot.TokenAuthentication}. Everything else here is package-private.
 */
package dev.tokenry.spring.boot;
