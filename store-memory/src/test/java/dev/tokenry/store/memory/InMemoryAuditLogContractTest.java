package dev.tokenry.store.memory;

import dev.tokenry.spi.AuditLog;
import dev.tokenry.spi.AuditLogContract;

/** The in-memory audit log keeps the whole audit log contract. */
class InMemoryAuditLogContractTest extends AuditLogContract {

  @Override
  protected AuditLog createLog() {
    return new InMemoryAuditLog();
  }
}
