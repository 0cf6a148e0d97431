package dev.tokenry.testing;

import dev.tokenry.spi.AuditLog;
import dev.tokenry.spi.AuditLogContract;

/** Core's test audit log keeps the whole contract. */
class SimpleAuditLogContractTest extends AuditLogContract {

  @Override
  protected AuditLog createLog() {
    return new SimpleAuditLog();
  }
}
