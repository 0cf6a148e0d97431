package dev.tokenry.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Freezes a server process and everything it forked with SIGSTOP, as a hung host, a stalled VM or a
 * long GC pause would: its sockets stay open and the kernel still accepts connections on its port,
 * but nothing answers until {@link #thaw()}.
 */
public final class Freezer implements AutoCloseable {

  private final ProcessHandle root;
  private List<ProcessHandle> frozen = List.of();

  /**
   * Prepares to freeze a process and its descendants; nothing happens until {@link #freeze()}.
   *
   * @param root the server process, such as {@link PostgresServer#postmaster()} or a child JVM
   */
  public Freezer(ProcessHandle root) {
    this.root = root;
  }

  /** Sends SIGSTOP to the root first (so it forks no more), then to all its descendants. */
  public void freeze() {
    signal("-STOP", List.of(root));
    if (!isStopped(root)) {
      throw new IllegalStateException("process " + root.pid() + " did not stop");
    }
    // Stopped, the root forks no more: every child it has now (a PostgreSQL backend forked a
    // moment ago included) is in this listing.
    List<ProcessHandle> processes = new ArrayList<>();
    processes.add(root);
    try (Stream<ProcessHandle> descendants = root.descendants()) {
      descendants.forEach(processes::add);
    }
    frozen = List.copyOf(processes);
    signal("-STOP", frozen);
  }

  /** Sends SIGCONT to every process frozen; safe to call when nothing is frozen. */
  public void thaw() {
    if (!frozen.isEmpty()) {
      signal("-CONT", frozen);
      frozen = List.of();
    }
  }

  /** Thaws what is still frozen. */
  @Override
  public void close() {
    thaw();
  }

  /** Whether Linux reports the process stopped ("T" in /proc/PID/stat) within a second. */
  private static boolean isStopped(ProcessHandle process) {
    Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
    try {
      while (true) {
        String text = Files.readString(stat);
        if (text.substring(text.lastIndexOf(')') + 2).startsWith("T")) {
          return true;
        }
        if (System.nanoTime() > deadline) {
          return false;
        }
        Thread.sleep(10);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void signal(String signal, List<ProcessHandle> processes) {
    List<String> command = new ArrayList<>(List.of("kill", signal));
    processes.forEach(p -> command.add(Long.toString(p.pid())));
    try {
      Process kill =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      // A backend that ended between listing and signalling makes kill fail for its pid only.
      if (!kill.waitFor(10, TimeUnit.SECONDS)) {
        kill.destroyForcibly();
        throw new IllegalStateException("could not send " + signal + " to " + command);
      }
    } catch (IOException e) {
      throw new IllegalStateException("could not run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
