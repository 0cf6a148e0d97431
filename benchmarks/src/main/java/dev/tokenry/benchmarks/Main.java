package dev.tokenry.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the benchmarks with JMH's usual command line, writes JMH's JSON (by default to {@code
 * tokenry-benchmarks.json}), then prints each figure next to its baseline, with the ratio, the
 * target and pass/miss, and writes that table as Markdown next to the JSON.
 *
 * <pre>
 * java -jar benchmarks/target/tokenry-benchmarks.jar -f 1 -wi 2 -i 3 -w 2s -r 2s \
 *     -rf json -rff benchmarks/target/jmh-results.json
 * </pre>
 */
public final class Main {

  private Main() {}

  public static void main(String[] args) throws RunnerException, IOException {
    CommandLineOptions cli;
    try {
      cli = new CommandLineOptions(args);
    } catch (CommandLineOptionException e) {
      System.err.println("Error parsing command line: " + e.getMessage());
      System.exit(1);
      return;
    }
    if (cli.shouldHelp()
        || cli.shouldList()
        || cli.shouldListWithParams()
        || cli.shouldListProfilers()
        || cli.shouldListResultFormats()) {
      org.openjdk.jmh.Main.main(args);
      return;
    }
    String resultFile = cli.getResult().orElse("tokenry-benchmarks.json");
    Options options =
        new OptionsBuilder()
            .parent(cli)
            .resultFormat(cli.getResultFormat().orElse(ResultFormatType.JSON))
            .result(resultFile)
            .build();
    Collection<RunResult> results = new Runner(options).run();
    String table = Report.render(results);
    System.out.println();
    System.out.println(table);
    Path markdown = Path.of(resultFile.replaceFirst("\\.json$", "") + ".md");
    Files.writeString(markdown, table, StandardCharsets.UTF_8);
    System.out.println("Ratios written to " + markdown.toAbsolutePath());
  }
}
