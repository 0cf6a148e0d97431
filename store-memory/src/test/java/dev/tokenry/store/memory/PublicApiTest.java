package dev.tokenry.store.memory;

import dev.tokenry.testsupport.PublicApi;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The public API of this module equals the committed {@code api/tokenry-store-memory.api}, so that
 * every API change is a visible diff in review. After an intended change, rerun with {@code
 * -Dtokenry.api.update=true} and commit the rewritten file (docs/test-support.md).
 */
class PublicApiTest {

  @Test
  void publicApiWhenCompiledThenMatchesCommittedApiFile() {
    PublicApi.check(
        PublicApi.classesOf(InMemoryTokenStore.class), Path.of("api", "tokenry-store-memory.api"));
  }
}
