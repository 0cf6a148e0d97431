package dev.tokenry.store.jdbc;

import dev.tokenry.spi.AuditLog;
import dev.tokenry.spi.AuditLogContract;

/** The audit log contract on H2, the table created from the shipped V3 file. */
class H2JdbcAuditLogContractTest extends AuditLogContract {

  @Override
  protected AuditLog createLog() {
    return JdbcAuditLog.builder()
        .dataSource(H2Databases.newDatabase())
        .createTableIfMissing(true)
        .build();
  }
}
