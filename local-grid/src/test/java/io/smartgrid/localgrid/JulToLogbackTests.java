package io.smartgrid.localgrid;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

import static org.assertj.core.api.Assertions.assertThat;

/** OkHttp logs through java.util.logging: in the one-JVM grid that must end in Logback, in Logback's format. */
class JulToLogbackTests {

    @Test
    void javaUtilLoggingEndsInLogbackAndNowhereElse() {
        JulToLogback.install();
        JulToLogback.install();

        Handler[] handlers = LogManager.getLogManager().getLogger("").getHandlers();
        assertThat(handlers).hasSize(1).allSatisfy(handler -> assertThat(handler).isInstanceOf(SLF4JBridgeHandler.class));

        Logger okHttp = (Logger) LoggerFactory.getLogger("okhttp3.OkHttpClient");
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        okHttp.addAppender(appender);
        try {
            java.util.logging.Logger.getLogger("okhttp3.OkHttpClient")
                    .log(Level.WARNING, "A connection to http://127.0.0.1:8081/ was leaked");
        }
        finally {
            okHttp.detachAppender(appender);
        }
        assertThat(appender.list).singleElement().satisfies(event -> {
            assertThat(event.getFormattedMessage()).isEqualTo("A connection to http://127.0.0.1:8081/ was leaked");
            assertThat(event.getLevel()).isEqualTo(ch.qos.logback.classic.Level.WARN);
        });
    }
}
