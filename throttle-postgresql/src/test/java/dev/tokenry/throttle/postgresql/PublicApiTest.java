package dev.tokenry.throttle.postgresql;

import dev.tokenry.testsupport.PublicApi;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The public API of this module equals the committed {@code api/tokenry-throttle-postgresql.api};
 * after an intended change, rerun with {@code -Dtokenry.api.update=true} and commit the file.
 */
class PublicApiTest {

  @Test
  void publicApiWhenCompiledThenMatchesCommittedApiFile() {
    PublicApi.check(
        PublicApi.classesOf(PostgresAttemptThrottle.class),
        Path.of("api", "tokenry-throttle-postgresql.api"));
  }
}
