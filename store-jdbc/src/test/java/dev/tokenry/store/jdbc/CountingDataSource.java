package dev.tokenry.store.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A real data source with a counter in front: every connection, statement and result set it hands
 * out is the real one behind a proxy that counts what the store does with it. Nothing is faked;
 * calls go through unchanged.
 */
final class CountingDataSource implements DataSource {

  /** One statement the database was asked to run (a batch counts each of its rows). */
  record Execution(String sql, boolean batched) {}

  private final DataSource real;
  private final List<Execution> executions = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger batches = new AtomicInteger();
  private final AtomicInteger connectionsOpened = new AtomicInteger();
  private final AtomicInteger connectionsOpen = new AtomicInteger();
  private final AtomicInteger statementsOpen = new AtomicInteger();
  private final AtomicInteger resultSetsOpen = new AtomicInteger();

  CountingDataSource(DataSource real) {
    this.real = real;
  }

  /** Forgets what was counted so far (open resources stay counted). */
  void reset() {
    executions.clear();
    batches.set(0);
    connectionsOpened.set(0);
  }

  List<Execution> executions() {
    synchronized (executions) {
      return List.copyOf(executions);
    }
  }

  /** How many statements (or batch rows) started with the given SQL keyword and mention a text. */
  long count(String keyword, String mentioning) {
    return executions().stream()
        .filter(e -> e.sql().strip().toUpperCase(Locale.ROOT).startsWith(keyword))
        .filter(e -> e.sql().contains(mentioning))
        .count();
  }

  int batches() {
    return batches.get();
  }

  int connectionsOpened() {
    return connectionsOpened.get();
  }

  int connectionsOpen() {
    return connectionsOpen.get();
  }

  int statementsOpen() {
    return statementsOpen.get();
  }

  int resultSetsOpen() {
    return resultSetsOpen.get();
  }

  @Override
  public Connection getConnection() throws SQLException {
    return count(real.getConnection());
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return count(real.getConnection(username, password));
  }

  private Connection count(Connection connection) {
    connectionsOpened.incrementAndGet();
    connectionsOpen.incrementAndGet();
    return proxy(
        Connection.class,
        connection,
        new Tracker(connectionsOpen) {
          @Override
          Object after(Method method, Object[] args, Object result) {
            if (result instanceof PreparedStatement statement) {
              return statement(PreparedStatement.class, statement, (String) args[0]);
            }
            if (result instanceof Statement statement) {
              return statement(Statement.class, statement, null);
            }
            return result;
          }
        });
  }

  private <S extends Statement> S statement(Class<S> type, S statement, String preparedSql) {
    statementsOpen.incrementAndGet();
    return proxy(
        type,
        statement,
        new Tracker(statementsOpen) {
          @Override
          Object before(Method method, Object[] args) {
            String name = method.getName();
            if (name.equals("addBatch")) {
              executions.add(new Execution(args == null ? preparedSql : (String) args[0], true));
            } else if (name.equals("executeBatch") || name.equals("executeLargeBatch")) {
              batches.incrementAndGet();
            } else if (name.startsWith("execute")) {
              executions.add(
                  new Execution(
                      args == null || args.length == 0 ? preparedSql : (String) args[0], false));
            }
            return null;
          }

          @Override
          Object after(Method method, Object[] args, Object result) {
            if (result instanceof ResultSet rows) {
              resultSetsOpen.incrementAndGet();
              return proxy(ResultSet.class, rows, new Tracker(resultSetsOpen));
            }
            return result;
          }
        });
  }

  @SuppressWarnings("unchecked")
  private static <T> T proxy(Class<T> type, T target, Tracker tracker) {
    tracker.target = target;
    return (T)
        Proxy.newProxyInstance(
            CountingDataSource.class.getClassLoader(), new Class<?>[] {type}, tracker);
  }

  /** Forwards every call, decrements the open count once on close. */
  private static class Tracker implements InvocationHandler {
    private final AtomicInteger open;
    private boolean closed;
    Object target;

    Tracker(AtomicInteger open) {
      this.open = open;
    }

    Object before(Method method, Object[] args) {
      return null;
    }

    Object after(Method method, Object[] args, Object result) {
      return result;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      if (method.getName().equals("close") && method.getParameterCount() == 0) {
        synchronized (this) {
          if (!closed) {
            closed = true;
            open.decrementAndGet();
          }
        }
      }
      before(method, args);
      try {
        return after(method, args, method.invoke(target, args));
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return real.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    real.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    real.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return real.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return real.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return real.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return real.isWrapperFor(iface);
  }
}
