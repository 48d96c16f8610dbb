package ru.berezhno.server;

import java.net.URL;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import org.slf4j.LoggerFactory;

/**
 * Switches the log to one JSON object a line ({@code logback-json.xml}, Logback's own JSON
 * encoder) for a log collector. Either way the log holds no IP address, no token and no answer:
 * nothing logs a request line, and errors carry a correlation id instead of the request.
 */
final class Logging {
    private Logging() {
    }

    static void use(ServerSettings.LogFormat format) {
        if (format != ServerSettings.LogFormat.JSON) {
            return;
        }
        URL configuration = Logging.class.getResource("/logback-json.xml");
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(configuration);
        }
        catch (JoranException e) {
            throw new IllegalStateException("the JSON log configuration cannot be read", e);
        }
    }
}
