package dev.tokenry.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * Pairs each figure with its baseline from the same run and renders the ratios as a Markdown table.
 * A row whose benchmarks were not run (filtered out on the command line) is left out.
 */
final class Report {

  private final Collection<RunResult> results;
  private final List<String> rows = new ArrayList<>();

  private Report(Collection<RunResult> results) {
    this.results = results;
  }

  static String render(Collection<RunResult> results) {
    Report report = new Report(results);
    report.build();
    StringBuilder out = new StringBuilder();
    out.append(
        "Wall scores: best iteration (mean ± 99.9% error); wall ratio: of best iterations."
            + " CPU: CPU time per operation (benchmark thread, or whole process for HTTP).\n\n");
    out.append(
        "| figure | wall | baseline | wall | wall ratio | CPU/op | baseline CPU/op"
            + " | CPU ratio | target | result |\n");
    out.append("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |\n");
    report.rows.forEach(row -> out.append(row).append('\n'));
    return out.toString();
  }

  /** The record cache on PostgreSQL against the memory store and the JWT peers (issue 15). */
  private void cacheRows() {
    timeRatio(
        "verify, PostgreSQL with the record cache (warm)",
        "CacheBenchmark.verifyPostgresCached",
        "",
        "memory-store verify",
        "CacheBenchmark.verifyMemory",
        "",
        1.5);
    timeRatio(
        "verify, PostgreSQL with the record cache (warm)",
        "CacheBenchmark.verifyPostgresCached",
        "",
        "jjwt 0.12 HS256 verify",
        "CacheBenchmark.jjwtHs256",
        "",
        0.1);
    pair(
        "verify, PostgreSQL without the cache",
        find("CacheBenchmark.verifyPostgresUncached", ""),
        "PostgreSQL with the record cache",
        find("CacheBenchmark.verifyPostgresCached", ""),
        Double.NaN,
        false,
        "(no target: what the cache saves)");
    for (String[] peer :
        new String[][] {
          {"jjwt 0.12 RS256 verify", "CacheBenchmark.jjwtRs256"},
          {"Nimbus 10 HS256 verify", "CacheBenchmark.nimbusHs256"},
          {"jjwt 0.12 HS256 verify", "CacheBenchmark.jjwtHs256"}
        }) {
      pair(
          peer[0],
          find(peer[1], ""),
          "PostgreSQL with the record cache",
          find("CacheBenchmark.verifyPostgresCached", ""),
          Double.NaN,
          false,
          "(no target: a peer)");
    }
  }

  private void build() {
    for (String hasher : List.of("sha256", "hmac-sha256")) {
      String p = "hasher=" + hasher;
      timeRatio(
          "verify " + hasher + ", 1 thread",
          "VerifyBenchmark.verify",
          p,
          "floor",
          "VerifyBenchmark.floor",
          p,
          1.5);
      timeRatio(
          "verify " + hasher + ", 2 threads",
          "VerifyBenchmark.verifyThreads2",
          p,
          "floor, 2 threads",
          "VerifyBenchmark.floorThreads2",
          p,
          1.5);
      groupRatio(
          "verify " + hasher + " and floor side by side",
          "VerifyBenchmark.sideBySide",
          p,
          "verifying",
          "flooring",
          1.5,
          false);
      timeRatio(
          "reject bad checksum (" + hasher + " config)",
          "VerifyBenchmark.rejectBadChecksum",
          p,
          "floor",
          "VerifyBenchmark.floor",
          p,
          0.5);
    }
    timeRatio(
        "argon2id warm (cache hit)",
        "Argon2Benchmark.verifyWarm",
        "",
        "sha256 verify",
        "Argon2Benchmark.verifySha256",
        "",
        2.0);
    timeRatio(
        "argon2id cold (cache miss)",
        "Argon2Benchmark.verifyCold",
        "",
        "raw argon2-jvm verify",
        "Argon2Benchmark.rawArgon2Verify",
        "",
        1.1);
    jdbcRows();
    cacheRows();
    lastUsedRow();
    throughputRatio(
        "filter + endpoint, Jetty, 1 client",
        "HttpFilterBenchmark.withFilter",
        "endpoint alone",
        "HttpFilterBenchmark.withoutFilter",
        0.9);
    throughputRatio(
        "filter + endpoint, Jetty, 2 clients",
        "HttpFilterBenchmark.withFilterThreads2",
        "endpoint alone",
        "HttpFilterBenchmark.withoutFilterThreads2",
        0.9);
    groupRatio(
        "filter + endpoint and endpoint alone side by side",
        "HttpFilterBenchmark.sideBySide",
        "",
        "filtered",
        "unfiltered",
        0.9,
        true);
    timeRatio(
        "issue (sha256, memory store)",
        "IssueBenchmark.issue",
        "",
        "SecureRandom 48 B + SHA-256",
        "IssueBenchmark.secureRandomAndSha256",
        "",
        3.0);
    pair(
        "issue with a store that keeps nothing",
        find("IssueBenchmark.issueWithoutStoreWrite", ""),
        "SecureRandom 48 B + SHA-256",
        find("IssueBenchmark.secureRandomAndSha256", ""),
        Double.NaN,
        false,
        "(no target: shows the store's share)");
    for (String method : List.of("verify", "verifyThreads2")) {
      String threads = method.equals("verify") ? "1 thread" : "2 threads";
      for (String size : List.of("100000", "1000000")) {
        timeRatio(
            "verify, " + size + " stored, " + threads,
            "ScalingBenchmark." + method,
            "storedTokens=" + size,
            "1000 stored",
            "ScalingBenchmark." + method,
            "storedTokens=1000",
            Double.NaN);
      }
    }
    memoryRows();
  }

  private void jdbcRows() {
    for (RunResult figure : all("JdbcBenchmark.verify", "")) {
      String jdbc = figure.getParams().getParam("jdbc");
      String[] parts = jdbc.split("-", 2);
      boolean inProcess = parts[0].equals("h2");
      // H2 runs in the benchmark thread, so its CPU time is the whole cost; PostgreSQL works in
      // another process, so only the wall ratio compares like with like.
      pair(
          "verify, JdbcTokenStore on "
              + parts[0]
              + ", "
              + fmt(Double.parseDouble(parts[1]))
              + " rows",
          figure,
          "prepared SELECT by id",
          find("JdbcBenchmark.selectById", "jdbc=" + jdbc),
          1.2,
          false,
          "",
          !inProcess);
      pair(
          "prepared SELECT by id with a 5 s query timeout, "
              + parts[0]
              + ", "
              + fmt(Double.parseDouble(parts[1]))
              + " rows",
          find("JdbcBenchmark.selectByIdWithTimeout", "jdbc=" + jdbc),
          "prepared SELECT by id",
          find("JdbcBenchmark.selectById", "jdbc=" + jdbc),
          Double.NaN,
          false,
          "(no target: the timeout's share)",
          !inProcess);
    }
  }

  private void lastUsedRow() {
    RunResult figure = find("LastUsedBenchmark.writeBehind", "");
    RunResult base = find("LastUsedBenchmark.writePerVerification", "");
    if (figure == null || base == null) {
      return;
    }
    double rows = aux(figure, "lastUsedRows");
    double batches = aux(figure, "lastUsedBatches");
    double baseRows = aux(base, "lastUsedRows");
    String verifications = figure.getParams().getParam("verifications");
    String tokens = figure.getParams().getParam("distinctTokens");
    add(
        "last-used writes, " + verifications + " verifications over " + tokens + " tokens",
        fmt(rows) + " rows in " + fmt(batches) + " batch(es)",
        "one write per verification",
        fmt(baseRows) + " rows",
        fmt(rows / baseRows),
        "≤ " + tokens + " rows",
        rows <= Double.parseDouble(tokens) ? "pass" : "MISS");
  }

  private void memoryRows() {
    RunResult footprint = find("MemoryBenchmark.bytesPerStoredToken", "");
    if (footprint != null) {
      add(
          "heap retained per stored token (memory store, "
              + footprint.getParams().getParam("storedTokens")
              + " tokens)",
          fmt(aux(footprint, "bytesPerToken")) + " B",
          "",
          "",
          "",
          "(measured)",
          "");
    }
    RunResult flood = find("MemoryBenchmark.argon2BadSecretFlood", "");
    if (flood != null) {
      double peak = aux(flood, "peakConcurrentArgon2");
      double bound = aux(flood, "maxConcurrentArgon2");
      add(
          "argon2 bad-secret flood: peak concurrent Argon2",
          fmt(peak),
          "maxConcurrent",
          fmt(bound),
          fmt(peak / bound),
          "≤ 1",
          peak <= bound ? "pass" : "MISS");
      double entries = aux(flood, "cacheEntries");
      double cacheBound = aux(flood, "cacheBound");
      add(
          "argon2 bad-secret flood: verification cache entries",
          fmt(entries),
          "cacheSize",
          fmt(cacheBound),
          fmt(entries / cacheBound),
          "≤ 1",
          entries <= cacheBound ? "pass" : "MISS");
      add(
          "argon2 bad-secret flood: heap retained after",
          fmt(aux(flood, "retainedHeapGrowthKiB")) + " KiB",
          "",
          "",
          "",
          "≈ 0 (bad secrets are never cached)",
          "");
      double rss = aux(flood, "peakRssGrowthKiB");
      double nativeBound = aux(flood, "nativeBoundKiB");
      add(
          "argon2 bad-secret flood: peak resident growth",
          fmt(rss) + " KiB",
          "maxConcurrent × m",
          fmt(nativeBound) + " KiB",
          fmt(rss / nativeBound),
          "≈ ≤ 1 (heap garbage adds noise)",
          "");
      add(
          "argon2 bad-secret flood: bad secrets accepted",
          fmt(aux(flood, "accepted")),
          "",
          "",
          "",
          "0",
          aux(flood, "accepted") == 0 ? "pass" : "MISS");
    }
  }

  private void timeRatio(
      String label,
      String method,
      String params,
      String baseLabel,
      String baseMethod,
      String baseParams,
      double target) {
    pair(
        label,
        find(method, params),
        baseLabel,
        find(baseMethod, baseParams),
        target,
        false,
        "flat");
  }

  private void throughputRatio(
      String label, String method, String baseLabel, String baseMethod, double target) {
    pair(label, find(method, ""), baseLabel, find(baseMethod, ""), target, true, "");
  }

  /**
   * One row: wall-time scores and their ratio, CPU time per operation and its ratio, and the
   * verdict, judged on the CPU ratio where the benchmark counts CPU time, else on the wall ratio.
   * For a throughput target the CPU ratio is inverted into operations per CPU-second.
   */
  private void pair(
      String label,
      RunResult figure,
      String baseLabel,
      RunResult base,
      double target,
      boolean throughput,
      String noTargetText) {
    pair(label, figure, baseLabel, base, target, throughput, noTargetText, false);
  }

  private void pair(
      String label,
      RunResult figure,
      String baseLabel,
      RunResult base,
      double target,
      boolean throughput,
      String noTargetText,
      boolean judgeOnWall) {
    if (figure == null || base == null) {
      return;
    }
    double wallRatio = best(figure, null) / best(base, null);
    double cpu = cpuPerOp(figure);
    double baseCpu = cpuPerOp(base);
    double cpuRatio = throughput ? baseCpu / cpu : cpu / baseCpu;
    String verdict = "";
    if (!Double.isNaN(target)) {
      boolean onWall = judgeOnWall || Double.isNaN(cpuRatio);
      double judged = onWall ? wallRatio : cpuRatio;
      verdict = (throughput ? judged >= target : judged <= target) ? "pass" : "MISS";
      verdict += onWall ? " (wall)" : " (cpu)";
    }
    String targetText =
        Double.isNaN(target)
            ? noTargetText
            : (throughput ? "≥ " : "≤ ") + target + "×" + (throughput ? " throughput" : "");
    add(
        label,
        score(figure, null),
        baseLabel,
        score(base, null),
        fmt(wallRatio),
        nanos(cpu),
        nanos(baseCpu),
        fmt(cpuRatio),
        targetText,
        verdict);
  }

  /** CPU nanoseconds per operation over all measured iterations, or NaN if not counted. */
  private static double cpuPerOp(RunResult result) {
    double cpu = 0;
    double ops = 0;
    boolean process = false;
    for (BenchmarkResult fork : result.getBenchmarkResults()) {
      for (IterationResult iteration : fork.getIterationResults()) {
        Result<?> c = iteration.getSecondaryResults().get("cpuNanos");
        if (c == null) {
          c = iteration.getSecondaryResults().get("processCpuNanos");
          process = c != null;
        }
        Result<?> o = iteration.getSecondaryResults().get("ops");
        if (c == null || o == null) {
          return Double.NaN;
        }
        cpu += c.getScore();
        ops += o.getScore();
      }
    }
    if (process) {
      // Every benchmark thread reported the whole process's time over the same span.
      cpu /= result.getParams().getThreads();
    }
    return ops == 0 ? Double.NaN : cpu / ops;
  }

  private static String nanos(double value) {
    if (Double.isNaN(value)) {
      return "";
    }
    return value >= 10_000 ? fmt(value / 1000) + " µs" : fmt(value) + " ns";
  }

  /** Two methods of one {@code @Group}, measured at the same time. */
  private void groupRatio(
      String label,
      String group,
      String params,
      String method,
      String baseMethod,
      double target,
      boolean throughput) {
    RunResult result = find(group, params);
    if (result == null) {
      return;
    }
    if (!result.getSecondaryResults().containsKey(method)
        || !result.getSecondaryResults().containsKey(baseMethod)) {
      return;
    }
    double ratio = best(result, method) / best(result, baseMethod);
    boolean pass = throughput ? ratio >= target : ratio <= target;
    add(
        label,
        score(result, method),
        baseMethod,
        score(result, baseMethod),
        fmt(ratio),
        "",
        "",
        "",
        (throughput ? "≥ " : "≤ ") + target + (throughput ? "× throughput" : "×"),
        (pass ? "pass" : "MISS") + " (wall)");
  }

  /** Adds a row: all ten cells, or seven without the three CPU cells. */
  private void add(String... cells) {
    String[] row = cells;
    if (cells.length == 7) {
      row =
          new String[] {
            cells[0], cells[1], cells[2], cells[3], cells[4], "", "", "", cells[5], cells[6]
          };
    }
    rows.add("| " + String.join(" | ", row) + " |");
  }

  /** The result of {@code Class.method} whose parameters include every {@code k=v} given. */
  private RunResult find(String method, String params) {
    List<RunResult> matches = all(method, params);
    return matches.isEmpty() ? null : matches.get(0);
  }

  private List<RunResult> all(String method, String params) {
    List<RunResult> matches = new ArrayList<>();
    for (RunResult result : results) {
      if (!result.getParams().getBenchmark().endsWith("." + method)) {
        continue;
      }
      boolean ok = true;
      for (String pair : params.isEmpty() ? new String[0] : params.split(",")) {
        String[] kv = pair.split("=", 2);
        ok &= kv[1].equals(result.getParams().getParam(kv[0]));
      }
      if (ok) {
        matches.add(result);
      }
    }
    return matches;
  }

  /**
   * A counter's value per iteration, averaged over the measured iterations (JMH's own aggregate
   * sums the iterations).
   */
  private static double aux(RunResult result, String counter) {
    double sum = 0;
    int iterations = 0;
    for (BenchmarkResult fork : result.getBenchmarkResults()) {
      for (IterationResult iteration : fork.getIterationResults()) {
        Result<?> r = iteration.getSecondaryResults().get(counter);
        if (r == null) {
          return Double.NaN;
        }
        sum += r.getScore();
        iterations++;
      }
    }
    return iterations == 0 ? Double.NaN : sum / iterations;
  }

  /**
   * The best iteration: the least time per operation, or the most operations per time. On a shared
   * machine other processes only ever add time, so the best iteration is the one they disturbed
   * least, and ratios of best iterations hold better from run to run than ratios of means.
   *
   * @param secondary the name of a {@code @Group} member, or null for the primary result
   */
  private static double best(RunResult result, String secondary) {
    boolean throughput = primary(result, secondary).getScoreUnit().contains("/s");
    double best = Double.NaN;
    for (BenchmarkResult fork : result.getBenchmarkResults()) {
      for (IterationResult iteration : fork.getIterationResults()) {
        Result<?> r =
            secondary == null
                ? iteration.getPrimaryResult()
                : iteration.getSecondaryResults().get(secondary);
        double score = r.getScore();
        if (Double.isNaN(best) || (throughput ? score > best : score < best)) {
          best = score;
        }
      }
    }
    return best;
  }

  private static Result<?> primary(RunResult result, String secondary) {
    return secondary == null
        ? result.getPrimaryResult()
        : result.getSecondaryResults().get(secondary);
  }

  /** "best (mean ± error) unit". */
  private static String score(RunResult result, String secondary) {
    Result<?> r = primary(result, secondary);
    return fmt(best(result, secondary))
        + " (mean "
        + fmt(r.getScore())
        + " ± "
        + fmt(r.getScoreError())
        + ") "
        + r.getScoreUnit();
  }

  static String fmt(double value) {
    if (Double.isNaN(value)) {
      return "n/a";
    }
    double abs = Math.abs(value);
    if (abs >= 1000 || value == Math.rint(value)) {
      return String.format(Locale.ROOT, "%,.0f", value);
    }
    if (abs >= 10) {
      return String.format(Locale.ROOT, "%.1f", value);
    }
    return String.format(Locale.ROOT, "%.2f", value);
  }
}
