package dev.tokenry.examples.boot;

import dev.tokenry.spi.AuditLog;
import dev.tokenry.store.jdbc.JdbcAuditLog;
import javax.sql.DataSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;

/**
 * The demo on Spring Boot: the starter, H2 under {@code ./data} by default, the demo users signing
 * in to the admin API with Spring Security, the demo API behind tokens. Run it with {@code java
 * -jar examples/spring-boot/target/tokenry-examples-spring-boot.jar}; tests start it with {@link
 * #start(String...)}.
 */
@SpringBootApplication
@EnableMethodSecurity
public class ExampleApplication {

  /** Created by Spring. */
  public ExampleApplication() {}

  /**
   * The audit trail behind the token page's Activity view and {@code GET /admin/api/audit}, in the
   * application's database (the table comes with Tokenry's schema files; creating it here is
   * idempotent).
   *
   * @param dataSource the application's database
   * @return the audit log the starter hands to Tokenry
   */
  @Bean
  AuditLog auditLog(DataSource dataSource) {
    return JdbcAuditLog.builder().dataSource(dataSource).createTableIfMissing(true).build();
  }

  /**
   * Starts the demo.
   *
   * @param args Spring Boot arguments, such as {@code --server.port=8081} or {@code
   *     --spring.datasource.url=jdbc:postgresql://…}
   */
  public static void main(String[] args) {
    start(args);
  }

  /**
   * Starts the demo and returns its context, for tests ({@code --server.port=0} picks a free port,
   * {@code local.server.port} tells which).
   *
   * @param args Spring Boot arguments
   * @return the running application; close it to stop
   */
  public static ConfigurableApplicationContext start(String... args) {
    return SpringApplication.run(ExampleApplication.class, args);
  }
}
