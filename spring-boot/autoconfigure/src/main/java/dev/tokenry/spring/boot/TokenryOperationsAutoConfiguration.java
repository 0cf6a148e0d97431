package dev.tokenry.spring.boot;

import dev.tokenry.Tokenry;
import dev.tokenry.micrometer.TokenryMetrics;
import dev.tokenry.spi.TokenStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Health, meters and masking, each when its library is present: a {@code tokenry} health indicator;
 * {@link TokenryMetrics} on the application's {@code MeterRegistry}; and a sanitizing function that
 * masks {@code tokenry.hmac.keys[*].secret} in the {@code configprops} and {@code env} endpoints
 * even when they are set to show values.
 */
@AutoConfiguration(
    after = TokenryAutoConfiguration.class,
    afterName =
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
public class TokenryOperationsAutoConfiguration {

  /** Created by Spring. */
  public TokenryOperationsAutoConfiguration() {}

  /** The health indicator, with Spring Boot's health module. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(HealthIndicator.class)
  static class Health {

    @Bean
    @ConditionalOnMissingBean(name = "tokenryHealthIndicator")
    HealthIndicator tokenryHealthIndicator(TokenStore store) {
      return new TokenryHealthIndicator(store);
    }
  }

  /** The meters, with Micrometer and a registry. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({MeterRegistry.class, TokenryMetrics.class})
  static class Metrics {

    @Bean
    @ConditionalOnBean(MeterRegistry.class)
    @ConditionalOnMissingBean
    TokenryMetrics tokenryMetrics(MeterRegistry registry) {
      return new TokenryMetrics(registry);
    }

    @Bean
    @ConditionalOnBean(MeterRegistry.class)
    SmartInitializingSingleton tokenryBacklogGauge(
        ObjectProvider<TokenryMetrics> metrics, ObjectProvider<Tokenry> tokenry) {
      return () -> metrics.ifAvailable(m -> tokenry.ifAvailable(m::monitor));
    }
  }

  /** The masking of HMAC secrets, with the actuator. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(SanitizingFunction.class)
  static class Masking {

    @Bean
    SanitizingFunction tokenrySecretsSanitizer() {
      return TokenryOperationsAutoConfiguration::maskSecrets;
    }
  }

  /**
   * Masks {@code tokenry.hmac.keys[n].secret} whatever its spelling: the property, its environment
   * variable ({@code TOKENRY_HMAC_KEYS_0_SECRET}) or the bound field of {@code configprops}.
   */
  static SanitizableData maskSecrets(SanitizableData data) {
    String key = data.getKey();
    if (key == null) {
      return data;
    }
    String letters = key.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
    boolean secret =
        letters.endsWith("secret")
            && (letters.startsWith("tokenryhmac") || letters.equals("secret"));
    return secret ? data.withSanitizedValue() : data;
  }
}
