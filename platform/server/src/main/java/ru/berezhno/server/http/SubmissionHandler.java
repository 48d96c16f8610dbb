package ru.berezhno.server.http;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Locale;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MimeTypes;
import org.eclipse.jetty.http.QuotedQualityCSV;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

import com.fasterxml.jackson.databind.ObjectMapper;

import ru.berezhno.core.actions.ActionService;
import ru.berezhno.core.definitions.DefinitionCatalog;
import ru.berezhno.core.errors.ApiException;
import ru.berezhno.core.errors.ErrorCode;
import ru.berezhno.core.errors.Messages;
import ru.berezhno.core.responses.Audiences;
import ru.berezhno.core.responses.ResponseService;
import ru.berezhno.server.api.SubmissionViews;
import ru.berezhno.server.pages.SecurityHeadersFilter;
import ru.berezhno.spi.SurveyDefinition;

/**
 * Takes in anonymous responses in Jetty itself, ahead of Jersey: {@code POST
 * /api/v1/surveys/{id}/responses} to a survey that needs no token (citizens', and staff surveys
 * answered with an invitation code). This is the one request that comes in volume, and Jersey's
 * routing, injection, filters and entity writing cost about half of its CPU (measured:
 * docs/performance.md).
 *
 * <p>It answers as Jersey's {@code SurveysResource} would: the same service call, the same body
 * ({@link SubmissionViews}), the same problems in the same language ({@link Problems}), the same
 * headers. Only plain requests are taken: anything else — a token, another media type, an
 * {@code Accept} without JSON, a body without a length or over the limit, another method or path,
 * an unknown survey or one answered under a name — goes on to Jersey as it came, so that its
 * checks and errors stay in one place.
 */
public final class SubmissionHandler extends Handler.Wrapper {
    private static final String PREFIX = "/api/v1/surveys/";
    private static final String SUFFIX = "/responses";
    private static final String JSON = "application/json";

    private final DefinitionCatalog definitions;
    private final ResponseService responses;
    private final ActionService actions;
    private final ObjectMapper mapper;
    private final ClientKeys clients;

    public SubmissionHandler(DefinitionCatalog definitions, ResponseService responses, ActionService actions, ObjectMapper mapper, ClientKeys clients,
            Handler next) {
        super(requireNonNull(next, "next is null"));
        this.clients = requireNonNull(clients, "clients is null");
        this.definitions = requireNonNull(definitions, "definitions is null");
        this.responses = requireNonNull(responses, "responses is null");
        this.actions = requireNonNull(actions, "actions is null");
        this.mapper = requireNonNull(mapper, "mapper is null");
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        SurveyDefinition definition = plainAnonymousSubmission(request);
        if (definition == null) {
            return super.handle(request, response, callback);
        }
        byte[] body;
        try {
            body = BufferUtil.toArray(Content.Source.asByteBuffer(request));
        }
        catch (IOException e) {
            // The client went away while sending.
            callback.failed(e);
            return true;
        }
        try {
            ResponseService.Accepted accepted = responses.submit(definition.id(), RequestBodies.json(body), null,
                    clients.key(request));
            write(response, 201, JSON, null, mapper.writeValueAsBytes(SubmissionViews.accepted(accepted, actions.today())), callback);
        }
        catch (ApiException e) {
            Messages messages = Problems.messagesFor(request.getHeaders().get(HttpHeader.ACCEPT_LANGUAGE));
            write(response, e.code().status(), Problems.PROBLEM_JSON.toString(), messages.language(),
                    mapper.writeValueAsBytes(Problems.problem(e, messages)), callback);
        }
        catch (RuntimeException e) {
            String correlationId = ThrowableMapper.logged(e);
            Messages messages = Problems.messagesFor(request.getHeaders().get(HttpHeader.ACCEPT_LANGUAGE));
            response.getHeaders().put("X-Correlation-Id", correlationId);
            write(response, 500, Problems.PROBLEM_JSON.toString(), null, mapper.writeValueAsBytes(Problems.internal(correlationId, messages)), callback);
        }
        return true;
    }

    /** The survey of a submission this handler takes, or null for one to leave to Jersey. */
    private SurveyDefinition plainAnonymousSubmission(Request request) {
        if (!"POST".equals(request.getMethod())) {
            return null;
        }
        String path = Request.getPathInContext(request);
        if (!path.startsWith(PREFIX) || !path.endsWith(SUFFIX) || path.length() <= PREFIX.length() + SUFFIX.length()) {
            return null;
        }
        String surveyId = path.substring(PREFIX.length(), path.length() - SUFFIX.length());
        if (surveyId.indexOf('/') >= 0) {
            return null;
        }
        HttpFields headers = request.getHeaders();
        long length = request.getLength();
        if (headers.contains(HttpHeader.AUTHORIZATION) || length < 0 || length > RequestBodies.MAX_JSON_BYTES
                || !isJson(headers.get(HttpHeader.CONTENT_TYPE)) || !acceptsJson(headers)) {
            return null;
        }
        SurveyDefinition definition = definitions.latest(surveyId).orElse(null);
        return definition == null || Audiences.attributed(definition) ? null : definition;
    }

    /** {@code application/json}, with no parameter but a UTF-8 charset. */
    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String charset = MimeTypes.getCharsetFromContentType(contentType);
        String withoutCharset = MimeTypes.getContentTypeWithoutCharset(contentType).strip().toLowerCase(Locale.ROOT);
        return withoutCharset.equals(JSON) && (charset == null || charset.equalsIgnoreCase("utf-8"));
    }

    /** No {@code Accept}, or one whose acceptable types (quality above 0) include JSON. */
    private static boolean acceptsJson(HttpFields headers) {
        if (!headers.contains(HttpHeader.ACCEPT)) {
            return true;
        }
        QuotedQualityCSV accepted = new QuotedQualityCSV();
        for (HttpField field : headers.getFields(HttpHeader.ACCEPT)) {
            accepted.addValue(field.getValue());
        }
        return accepted.getValues().stream().map(value -> MimeTypes.getContentTypeWithoutCharset(value.split(";", 2)[0]).strip())
                .anyMatch(type -> type.equals("*/*") || type.equalsIgnoreCase("application/*") || type.equalsIgnoreCase(JSON));
    }

    private static void write(Response response, int status, String contentType, String language, byte[] body, Callback callback) {
        response.setStatus(status);
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(HttpHeader.CONTENT_TYPE, contentType);
        if (language != null) {
            headers.put(HttpHeader.CONTENT_LANGUAGE, language);
        }
        if (status == ErrorCode.UNAUTHORIZED.status()) {
            headers.put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
        }
        SecurityHeadersFilter.EVERY_RESPONSE.forEach(headers::put);
        headers.put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
