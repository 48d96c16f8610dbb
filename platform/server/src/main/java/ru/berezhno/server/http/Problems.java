package ru.berezhno.server.http;

import java.util.List;
import java.util.Locale;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.jetty.http.QuotedQualityCSV;

import ru.berezhno.core.errors.ApiException;
import ru.berezhno.core.errors.ErrorCode;
import ru.berezhno.core.errors.Messages;

/** Builds problem responses in the caller's language. */
public final class Problems {
    public static final MediaType PROBLEM_JSON = new MediaType("application", "problem+json");

    private Problems() {
    }

    /** English when the caller's first acceptable language is English, otherwise Russian. */
    public static Messages messagesFor(HttpHeaders headers) {
        return messagesFor(headers == null ? null : headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE));
    }

    /** As {@link #messagesFor(HttpHeaders)}, from the {@code Accept-Language} header's value (or null). */
    public static Messages messagesFor(String acceptLanguage) {
        if (acceptLanguage != null) {
            // Ordered by quality, those of quality 0 left out.
            QuotedQualityCSV languages = new QuotedQualityCSV();
            languages.addValue(acceptLanguage);
            List<String> values = languages.getValues();
            if (!values.isEmpty() && "en".equals(Locale.forLanguageTag(values.get(0)).getLanguage())) {
                return Messages.forLanguage("en");
            }
        }
        return Messages.forLanguage("ru");
    }

    /** The problem body of one of our errors. */
    public static Problem problem(ApiException exception, Messages messages) {
        List<Problem.FieldProblem> errors = exception.errors().isEmpty() ? null
                : exception.errors().stream()
                        .map(error -> new Problem.FieldProblem(error.field(), messages.format(error.messageKey(), error.arguments()), error.line()))
                        .toList();
        return new Problem(type(exception.code()), messages.format("title." + exception.code().key()), exception.code().status(),
                messages.format(exception.detailKey(), exception.detailArguments()), errors, null);
    }

    /** The problem body of anything unexpected: only the correlation id that is in the log. */
    public static Problem internal(String correlationId, Messages messages) {
        return new Problem(type(ErrorCode.INTERNAL), messages.format("title.internal"), 500, messages.format("detail.internal", correlationId), null,
                correlationId);
    }

    public static Response response(ApiException exception, HttpHeaders headers) {
        Messages messages = messagesFor(headers);
        Response.ResponseBuilder builder = Response.status(exception.code().status()).type(PROBLEM_JSON).entity(problem(exception, messages))
                .header(HttpHeaders.CONTENT_LANGUAGE, messages.language());
        if (exception.code() == ErrorCode.UNAUTHORIZED) {
            builder.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return builder.build();
    }

    public static Response internal(String correlationId, HttpHeaders headers) {
        return Response.status(500).type(PROBLEM_JSON).entity(internal(correlationId, messagesFor(headers))).header("X-Correlation-Id", correlationId)
                .build();
    }

    static String type(ErrorCode code) {
        return "/problems/" + code.key();
    }
}
