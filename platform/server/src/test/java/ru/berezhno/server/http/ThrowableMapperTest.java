package ru.berezhno.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import jakarta.ws.rs.core.Response;

class ThrowableMapperTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger(ThrowableMapper.class);
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeEach
    void capture() {
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void release() {
        logger.detachAppender(log);
    }

    @Test
    void aFiveHundredCarriesOnlyACorrelationIdThatIsAlsoInTheLog() {
        Response response = new ThrowableMapper().toResponse(new IllegalStateException("secret internal detail"), null);
        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(response.getMediaType().toString()).isEqualTo("application/problem+json");
        Problem problem = (Problem) response.getEntity();
        assertThat(problem.correlationId()).matches("[0-9a-f]{12}");
        assertThat(problem.detail()).contains(problem.correlationId()).doesNotContain("secret").doesNotContain("IllegalState");
        assertThat(response.getHeaderString("X-Correlation-Id")).isEqualTo(problem.correlationId());
        assertThat(log.list).singleElement().satisfies(event -> {
            assertThat(event.getFormattedMessage()).contains(problem.correlationId());
            assertThat(event.getThrowableProxy().getMessage()).isEqualTo("secret internal detail");
        });
    }
}
