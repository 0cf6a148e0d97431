/**
 * A {@link dev.tokenry.spi.TokenStore} on any {@link javax.sql.DataSource}: {@link
 * dev.tokenry.store.jdbc.JdbcTokenStore}, with the dialects H2 2.x and PostgreSQL 14+ and their
 * schema files ({@code db/tokenry/<dialect>/V1__tokenry_tokens.sql}) in this jar.
 *
 * <pre>{@code
 * TokenStore store = JdbcTokenStore.builder()
 *     .dataSource(dataSource)
 *     .createTablesIfMissing(true)
 *     .build();
 * Tokenry tokenry = Tokenry.builder().store(store).build();
 * }</pre>
 */
package dev.tokenry.store.jdbc;
