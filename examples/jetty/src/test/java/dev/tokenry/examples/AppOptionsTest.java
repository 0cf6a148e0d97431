package dev.tokenry.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AppOptionsTest {

  @Test
  void parseWhenNoArgumentsThenDefaults() {
    AppOptions options = AppOptions.parse(List.of());
    assertThat(options.port()).isEqualTo(8080);
    assertThat(options.host()).isEqualTo("127.0.0.1");
    assertThat(options.jdbcUrl()).isEqualTo("jdbc:h2:./data/tokenry-demo");
    assertThat(options.jdbcUser()).isEqualTo("sa");
    assertThat(options.prefix()).isEqualTo("tkr");
    assertThat(options.lastUsedFlush()).isEqualTo(Duration.ofSeconds(2));
    assertThat(options.help()).isFalse();
  }

  @Test
  void parseWhenCacheMaxStalenessOnPostgresThenRead() {
    AppOptions options =
        AppOptions.parse(
            List.of("--jdbc-url", "jdbc:postgresql://db:5432/demo", "--cache-max-staleness", "1s"));

    assertThat(options.cacheMaxStaleness()).isEqualTo(Duration.ofSeconds(1));
    assertThat(AppOptions.parse(List.of()).cacheMaxStaleness()).isZero();
    assertThat(AppOptions.USAGE).contains("--cache-max-staleness D");
  }

  @Test
  void parseWhenCacheMaxStalenessOnH2ThenRefusedWithReason() {
    assertThatThrownBy(() -> AppOptions.parse(List.of("--cache-max-staleness", "1s")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--cache-max-staleness needs a jdbc:postgresql: database");
  }

  @Test
  void parseWhenCacheMaxStalenessOutOfRangeThenRefused() {
    assertThatThrownBy(
            () ->
                AppOptions.parse(
                    List.of(
                        "--jdbc-url", "jdbc:postgresql://db/demo", "--cache-max-staleness", "1h")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("between 10ms and 10m");
    assertThatThrownBy(
            () ->
                AppOptions.parse(
                    List.of(
                        "--jdbc-url",
                        "jdbc:postgresql://db/demo",
                        "--cache-max-staleness",
                        "soon")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--cache-max-staleness must look like");
  }

  @Test
  void parseWhenEveryOptionGivenThenEachRead() {
    AppOptions options =
        AppOptions.parse(
            List.of(
                "--port",
                "0",
                "--host",
                "0.0.0.0",
                "--jdbc-url",
                "jdbc:postgresql://db:5432/demo",
                "--jdbc-user",
                "demo",
                "--jdbc-password=s3cret",
                "--prefix",
                "acme_live",
                "--last-used-flush",
                "500ms"));
    assertThat(options.port()).isZero();
    assertThat(options.host()).isEqualTo("0.0.0.0");
    assertThat(options.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/demo");
    assertThat(options.jdbcUser()).isEqualTo("demo");
    assertThat(options.jdbcPassword()).isEqualTo("s3cret");
    assertThat(options.prefix()).isEqualTo("acme_live");
    assertThat(options.lastUsedFlush()).isEqualTo(Duration.ofMillis(500));
    assertThat(options.toString()).doesNotContain("s3cret");
  }

  @Test
  void parseWhenIncidentOptionsGivenThenRead() {
    AppOptions defaults = AppOptions.parse(List.of());
    assertThat(defaults.secretScanningKeys()).isEmpty();
    assertThat(defaults.maxFailuresPerMinute()).isEqualTo(100);

    AppOptions options =
        AppOptions.parse(
            List.of("--secret-scanning-keys", "keys.json", "--max-failures-per-minute=0"));
    assertThat(options.secretScanningKeys()).contains(java.nio.file.Path.of("keys.json"));
    assertThat(options.maxFailuresPerMinute()).isZero();
    assertThat(AppOptions.USAGE)
        .contains("--secret-scanning-keys FILE")
        .contains("--max-failures-per-minute N");
    assertThatThrownBy(() -> AppOptions.parse(List.of("--max-failures-per-minute", "many")))
        .hasMessageContaining("--max-failures-per-minute")
        .hasMessageContaining("many");
    assertThatThrownBy(() -> AppOptions.parse(List.of("--secret-scanning-keys")))
        .hasMessage("--secret-scanning-keys needs a value");
  }

  @Test
  void parseWhenHelpThenHelp() {
    assertThat(AppOptions.parse(List.of("--help")).help()).isTrue();
  }

  @Test
  void parseWhenOptionWrongThenMessageSaysWhich() {
    assertThatThrownBy(() -> AppOptions.parse(List.of("--port", "http")))
        .hasMessageContaining("--port")
        .hasMessageContaining("http");
    assertThatThrownBy(() -> AppOptions.parse(List.of("--port", "70000")))
        .hasMessageContaining("--port");
    assertThatThrownBy(() -> AppOptions.parse(List.of("--port")))
        .hasMessage("--port needs a value");
    assertThatThrownBy(() -> AppOptions.parse(List.of("--colour", "red")))
        .hasMessage("unknown option '--colour'");
    assertThatThrownBy(() -> AppOptions.parse(List.of("--jdbc-url", "jdbc:mysql://x/y")))
        .hasMessageContaining("jdbc:h2: or jdbc:postgresql:");
    assertThatThrownBy(() -> AppOptions.parse(List.of("--last-used-flush", "soon")))
        .hasMessageContaining("2s, 500ms");
  }
}
