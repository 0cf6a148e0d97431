package dev.tokenry.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class JdbcTokenStoreBuilderTest {

  @Test
  void buildWhenNoDataSourceThenThrowsNamingIt() {
    assertThatThrownBy(() -> JdbcTokenStore.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("dataSource is required: call dataSource(...) before build()");
  }

  @Test
  void cacheRecordsWhenOutOfRangeThenThrowsShowingIt() {
    for (Duration bad : new Duration[] {Duration.ofMillis(9), Duration.ofMinutes(11)}) {
      assertThatThrownBy(() -> JdbcTokenStore.builder().cacheRecords(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("maxStaleness must be between 10 milliseconds and 10 minutes, was " + bad);
    }
  }

  @Test
  void cacheLimitsWhenTooSmallThenThrowsShowingIt() {
    assertThatThrownBy(() -> JdbcTokenStore.builder().cacheLimits(0, 64L << 20))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maximumEntries must be at least 1, was 0");
    assertThatThrownBy(() -> JdbcTokenStore.builder().cacheLimits(10, 1_000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maximumBytes must be at least 1 MiB (1048576), was 1000");
  }

  @Test
  void buildWhenListenerDataSourceWithoutCacheThenThrows() {
    assertThatThrownBy(
            () ->
                JdbcTokenStore.builder()
                    .dataSource(H2Databases.newDatabase())
                    .listenerDataSource(H2Databases.newDatabase())
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("listenerDataSource is for the record cache");
  }

  @Test
  void dataSourceWhenNullThenThrows() {
    assertThatThrownBy(() -> JdbcTokenStore.builder().dataSource(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("dataSource must not be null");
  }

  @Test
  void dialectWhenNullThenThrows() {
    assertThatThrownBy(() -> JdbcTokenStore.builder().dialect(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("dialect must not be null");
  }

  @Test
  void tablePrefixWhenNotLowerCaseIdentifierThenThrowsShowingIt() {
    for (String bad :
        new String[] {
          "Tokenry_", "1tokenry_", "tok-enry", "t; DROP TABLE x", "_x", "a".repeat(31)
        }) {
      assertThatThrownBy(() -> JdbcTokenStore.builder().tablePrefix(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("tablePrefix must be lower-case letters, digits and '_'")
          .hasMessageContaining("was '");
    }
  }

  @Test
  void tablePrefixWhenNullThenThrows() {
    assertThatThrownBy(() -> JdbcTokenStore.builder().tablePrefix(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("tablePrefix must not be null");
  }

  @Test
  void tablePrefixWhenValidThenNamesTheTable() {
    assertThat(store("acme_").tableName()).isEqualTo("acme_tokens");
    assertThat(store("").tableName()).isEqualTo("tokens");
    assertThat(store("a".repeat(30)).tableName()).isEqualTo("a".repeat(30) + "tokens");
    assertThat(JdbcTokenStore.builder().dataSource(H2Databases.newDatabase()).build().tableName())
        .isEqualTo("tokenry_tokens");
  }

  @Test
  void queryTimeoutWhenOutOfRangeThenThrowsShowingIt() {
    assertThatThrownBy(() -> JdbcTokenStore.builder().queryTimeout(Duration.ofMillis(999)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("queryTimeout must be between 1 second and 1 hour, was PT0.999S");
    assertThatThrownBy(() -> JdbcTokenStore.builder().queryTimeout(Duration.ofMinutes(61)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("queryTimeout must be between 1 second and 1 hour, was PT1H1M");
    assertThatThrownBy(() -> JdbcTokenStore.builder().queryTimeout(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("queryTimeout must not be null");
  }

  @Test
  void buildWithoutTableCreationThenDoesNotConnect() {
    CountingDataSource counting = new CountingDataSource(H2Databases.newDatabase());

    JdbcTokenStore store = JdbcTokenStore.builder().dataSource(counting).build();

    assertThat(counting.connectionsOpened()).isZero();
    assertThat(store.toString())
        .isEqualTo("JdbcTokenStore[table=tokenry_tokens, dialect=(not yet detected)]");
  }

  @Test
  void dialectWhenExplicitThenNotDetected() {
    CountingDataSource counting = new CountingDataSource(H2Databases.newDatabase());

    JdbcTokenStore store =
        JdbcTokenStore.builder().dataSource(counting).dialect(JdbcDialect.POSTGRESQL).build();

    assertThat(store.dialect()).isEqualTo(JdbcDialect.POSTGRESQL);
    assertThat(counting.connectionsOpened()).isZero();
  }

  @Test
  void dialectWhenNotSetThenDetectedOnceFromMetadata() {
    CountingDataSource counting = new CountingDataSource(H2Databases.newDatabase());
    JdbcTokenStore store = JdbcTokenStore.builder().dataSource(counting).build();

    assertThat(store.dialect()).isEqualTo(JdbcDialect.H2);
    assertThat(store.dialect()).isEqualTo(JdbcDialect.H2);

    assertThat(counting.connectionsOpened()).isEqualTo(1);
    assertThat(counting.connectionsOpen()).isZero();
    assertThat(store.toString()).isEqualTo("JdbcTokenStore[table=tokenry_tokens, dialect=H2]");
  }

  private static JdbcTokenStore store(String prefix) {
    return JdbcTokenStore.builder()
        .dataSource(H2Databases.newDatabase())
        .tablePrefix(prefix)
        .build();
  }
}
