package dev.tokenry.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every benchmark once, briefly and in this JVM, with small parameters, so that none of them
 * can rot unnoticed. It checks that each ran and that the report pairs them; it never looks at a
 * timing.
 */
class BenchmarksSmokeTest {

  @Test
  void everyBenchmarkRunsOnceAndTheReportPairsThem() throws Exception {
    Options options =
        new OptionsBuilder()
            .include("dev\\.tokenry\\.benchmarks\\..*")
            .forks(0)
            .warmupIterations(0)
            .measurementIterations(1)
            .measurementTime(TimeValue.milliseconds(50))
            .param("storedTokens", "1000")
            .param("argon2MemoryKiB", "256")
            .param("verifications", "2000")
            .param("distinctTokens", "100")
            .param("floodThreads", "4")
            .param("floodRequestsPerThread", "3")
            .param("jdbc", "h2-2000", "postgresql-2000")
            .shouldFailOnError(true)
            .build();

    Collection<RunResult> results = new Runner(options).run();

    Set<String> ran = new TreeSet<>();
    results.forEach(
        r -> ran.add(r.getParams().getBenchmark().substring("dev.tokenry.benchmarks.".length())));
    assertThat(ran)
        .contains(
            "VerifyBenchmark.verify",
            "VerifyBenchmark.floor",
            "VerifyBenchmark.verifyThreads2",
            "VerifyBenchmark.floorThreads2",
            "VerifyBenchmark.rejectBadChecksum",
            "Argon2Benchmark.verifyWarm",
            "Argon2Benchmark.verifySha256",
            "Argon2Benchmark.verifyCold",
            "Argon2Benchmark.rawArgon2Verify",
            "LastUsedBenchmark.writeBehind",
            "LastUsedBenchmark.writePerVerification",
            "HttpFilterBenchmark.withFilter",
            "HttpFilterBenchmark.withoutFilter",
            "HttpFilterBenchmark.withFilterThreads2",
            "HttpFilterBenchmark.withoutFilterThreads2",
            "HttpFilterBenchmark.sideBySide",
            "VerifyBenchmark.sideBySide",
            "IssueBenchmark.issue",
            "IssueBenchmark.secureRandomAndSha256",
            "IssueBenchmark.issueWithoutStoreWrite",
            "ScalingBenchmark.verify",
            "ScalingBenchmark.verifyThreads2",
            "MemoryBenchmark.bytesPerStoredToken",
            "MemoryBenchmark.argon2BadSecretFlood",
            "JdbcBenchmark.verify",
            "JdbcBenchmark.selectById",
            "JdbcBenchmark.selectByIdWithTimeout",
            "CacheBenchmark.verifyPostgresCached",
            "CacheBenchmark.verifyPostgresUncached",
            "CacheBenchmark.verifyMemory",
            "CacheBenchmark.jjwtHs256",
            "CacheBenchmark.jjwtRs256",
            "CacheBenchmark.nimbusHs256");

    String table = Report.render(results);
    assertThat(table)
        .contains(
            "| verify sha256, 1 thread |",
            "| verify hmac-sha256, 2 threads |",
            "| reject bad checksum (sha256 config) |",
            "| argon2id warm (cache hit) |",
            "| argon2id cold (cache miss) |",
            "| issue (sha256, memory store) |",
            "| filter + endpoint, Jetty, 1 client |",
            "| verify, PostgreSQL with the record cache (warm) |",
            "| jjwt 0.12 RS256 verify |")
        .contains(
            "| last-used writes, 2000 verifications over 100 tokens | 100 rows in 1 batch(es)"
                + " | one write per verification | 2,000 rows |")
        .contains("| argon2 bad-secret flood: bad secrets accepted | 0 |");
  }
}
