package dev.tokenry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenry.spi.TokenEventListener;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.Test;

/**
 * Every event of {@link TokenEventListener} is guarded and broadcast: a default method left out of
 * {@link SafeEventListener} or its broadcast would silently reach no listener the host added.
 */
class SafeEventListenerCoverageTest {

  @Test
  void theGuardAndTheBroadcastOverrideEveryEvent() throws Exception {
    Class<?> broadcast = Class.forName("dev.tokenry.SafeEventListener$Broadcast");
    for (Method event : TokenEventListener.class.getMethods()) {
      if (Modifier.isStatic(event.getModifiers())) {
        continue;
      }
      assertThat(
              SafeEventListener.class.getDeclaredMethod(event.getName(), event.getParameterTypes()))
          .as("SafeEventListener." + event.getName())
          .isNotNull();
      assertThat(broadcast.getDeclaredMethod(event.getName(), event.getParameterTypes()))
          .as("Broadcast." + event.getName())
          .isNotNull();
    }
  }
}
