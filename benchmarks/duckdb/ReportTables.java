import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The report's tables in DuckDB inside a JVM (its JDBC driver, org.duckdb:duckdb_jdbc 2.0.0.1):
 * what the offline report would cost with DuckDB as its engine. The same SQL as report_tables.py
 * (report_tables.sql). One run per process, as a user runs the report; prints the time from the
 * JVM's start and from the connection's.
 *
 * <pre>
 * javac -d /tmp/duckdb-java benchmarks/duckdb/ReportTables.java
 * java -Xmx256m -cp /tmp/duckdb-java:$HOME/.m2/repository/org/duckdb/duckdb_jdbc/2.0.0.1/duckdb_jdbc-2.0.0.1.jar \
 *     ReportTables benchmarks/duckdb/report_tables.sql /tmp/scale/calls-1000000.log
 * </pre>
 */
public final class ReportTables {
  public static void main(String[] args) throws Exception {
    long connecting = System.nanoTime();
    List<String> statements = new ArrayList<>();
    for (String statement : Files.readString(Path.of(args[0])).split(";\n")) {
      StringBuilder sql = new StringBuilder();
      for (String line : statement.split("\n", -1)) {
        if (!line.strip().startsWith("--")) {
          sql.append(line).append('\n');
        }
      }
      if (!sql.toString().isBlank()) {
        statements.add(sql.toString());
      }
    }
    long rows = 0;
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:")) {
      try (PreparedStatement read = db.prepareStatement(statements.get(0))) {
        read.setString(1, args[1]);
        read.execute();
      }
      for (String query : statements.subList(1, statements.size())) {
        try (Statement s = db.createStatement();
            ResultSet r = s.executeQuery(query)) {
          int columns = r.getMetaData().getColumnCount();
          while (r.next()) {
            for (int c = 1; c <= columns; c++) {
              r.getObject(c);
            }
            rows++;
          }
        }
      }
    }
    long now = System.nanoTime();
    double sinceStart =
        (System.currentTimeMillis()
                - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime())
            / 1000.0;
    System.out.printf(
        "%d rows fetched; %.2f s from the connection, %.2f s from the JVM's start%n",
        rows, (now - connecting) / 1e9, sinceStart);
  }
}
