package dev.tokenry.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.tokenry.spi.AuditLog;
import dev.tokenry.spi.AuditLogContract;
import dev.tokenry.testsupport.PostgresServer;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The audit log contract on a real PostgreSQL server through a HikariCP pool; each test gets its
 * own table (a fresh prefix) created from the shipped V3 file, the dialect detected.
 */
class PostgresJdbcAuditLogContractTest extends AuditLogContract {

  private static final AtomicInteger TABLES = new AtomicInteger();
  private static HikariDataSource pool;

  @BeforeAll
  static void createDatabase() {
    pool = Pools.pooled(PostgresServer.shared().newDatabase());
  }

  @AfterAll
  static void closePool() {
    pool.close();
  }

  @Override
  protected AuditLog createLog() {
    return JdbcAuditLog.builder()
        .dataSource(pool)
        .tablePrefix("t" + TABLES.incrementAndGet() + "_")
        .createTableIfMissing(true)
        .build();
  }
}
