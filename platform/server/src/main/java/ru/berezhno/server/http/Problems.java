package ru.berezhno.server.http;

import java.util.List;
import java.util.Locale;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

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
        if (headers != null) {
            List<Locale> languages = headers.getAcceptableLanguages();
            if (!languages.isEmpty() && "en".equals(languages.get(0).getLanguage())) {
                return Messages.forLanguage("en");
            }
        }
        return Messages.forLanguage("ru");
    }

    public static Response response(ApiException exception, HttpHeaders headers) {
        Messages messages = messagesFor(headers);
        List<Problem.FieldProblem> errors = exception.errors().isEmpty() ? null
                : exception.errors().stream()
                        .map(error -> new Problem.FieldProblem(error.field(), messages.format(error.messageKey(), error.arguments()), error.line()))
                        .toList();
        Problem problem = new Problem(type(exception.code()), messages.format("title." + exception.code().key()), exception.code().status(),
                messages.format(exception.detailKey(), exception.detailArguments()), errors, null);
        Response.ResponseBuilder builder = Response.status(exception.code().status()).type(PROBLEM_JSON).entity(problem)
                .header(HttpHeaders.CONTENT_LANGUAGE, messages.language());
        if (exception.code() == ErrorCode.UNAUTHORIZED) {
            builder.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return builder.build();
    }

    public static Response internal(String correlationId, HttpHeaders headers) {
        Messages messages = messagesFor(headers);
        Problem problem = new Problem(type(ErrorCode.INTERNAL), messages.format("title.internal"), 500,
                messages.format("detail.internal", correlationId), null, correlationId);
        return Response.status(500).type(PROBLEM_JSON).entity(problem).header("X-Correlation-Id", correlationId).build();
    }

    static String type(ErrorCode code) {
        return "/problems/" + code.key();
    }
}
