package ru.berezhno.server.pages;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MimeTypes;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

import ru.berezhno.core.definitions.DefinitionCatalog;
import ru.berezhno.core.errors.ApiException;
import ru.berezhno.core.errors.ErrorCode;
import ru.berezhno.core.organizations.OrganizationDirectory;
import ru.berezhno.core.responses.Audiences;
import ru.berezhno.core.responses.ResponseService;
import ru.berezhno.server.http.ClientKeys;
import ru.berezhno.server.http.ThrowableMapper;
import ru.berezhno.spi.SurveyDefinition;

/**
 * Takes in the respondents' form posts in Jetty itself, ahead of Jersey, when they succeed: {@code
 * POST /s/{survey}} of an anonymous survey, from someone not signed in, with the form token right.
 * It builds the same submission as {@link PagesResource} ({@link FormSubmission}), makes the same
 * service call and answers with the same 303 to the thank-you page. Anything else goes on to
 * Jersey, as it came: another path or type, a session cookie, a wrong token — and a submission the
 * service refuses (nothing was stored), which Jersey then refuses again and renders with its errors,
 * so that every error page is made in one place. The form is 64 KiB at most, as there.
 */
public final class FormSubmissionHandler extends Handler.Wrapper {
    private static final String PREFIX = "/s/";
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final int MAX_FORM_BYTES = 64 * 1024;

    private final DefinitionCatalog definitions;
    private final OrganizationDirectory organizations;
    private final ResponseService responses;
    private final ClientKeys clients;
    private final PageFailures failures;
    private final String csrfCookieName;

    public FormSubmissionHandler(DefinitionCatalog definitions, OrganizationDirectory organizations, ResponseService responses, ClientKeys clients,
            PageFailures failures, SiteAddress site, Handler next) {
        super(requireNonNull(next, "next is null"));
        this.csrfCookieName = Pages.csrfCookieName(requireNonNull(site, "site is null"));
        this.failures = requireNonNull(failures, "failures is null");
        this.definitions = requireNonNull(definitions, "definitions is null");
        this.organizations = requireNonNull(organizations, "organizations is null");
        this.responses = requireNonNull(responses, "responses is null");
        this.clients = requireNonNull(clients, "clients is null");
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        SurveyDefinition definition = plainAnonymousForm(request);
        if (definition == null) {
            return super.handle(request, response, callback);
        }
        byte[] body = BufferUtil.toArray(Content.Source.asByteBuffer(request));
        Map<String, List<String>> form = PagesResource.parseForm(body);
        String csrfCookie = cookie(request, csrfCookieName);
        if (!PagesResource.csrfMatches(csrfCookie, PagesResource.first(form, "csrf"))) {
            return super.handle(replay(request, body), response, callback);
        }
        String lang = PagesResource.language(PagesResource.first(form, "lang"), cookie(request, PagesResource.LANGUAGE_COOKIE));
        try {
            responses.submit(definition.id(), FormSubmission.of(definition, form, null, organizations).submission(), null,
                    clients.key(request));
        }
        catch (ApiException e) {
            if (e.code() == ErrorCode.UNAVAILABLE) {
                // Not durable in time: it may still be written, so it must not be sent again by a replay.
                fail(response, callback, lang, 503, "error.notSavedInTime", ThrowableMapper.logged(e));
                return true;
            }
            // Refused before anything was stored: Jersey refuses it again and shows the form with its errors.
            return super.handle(replay(request, body), response, callback);
        }
        catch (RuntimeException e) {
            fail(response, callback, lang, 500, "error.internalNotSaved", ThrowableMapper.logged(e));
            return true;
        }
        response.setStatus(303);
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(HttpHeader.LOCATION, PagesResource.thanksLocation(definition, lang, null));
        SecurityHeadersFilter.EVERY_RESPONSE.forEach(headers::put);
        headers.put(HttpHeader.CONTENT_LENGTH, 0);
        response.write(true, BufferUtil.EMPTY_BUFFER, callback);
        return true;
    }

    /** The error page, as the pages answer an unexpected failure of a post. */
    private void fail(Response response, Callback callback, String lang, int status, String textKey, String correlationId) {
        byte[] page = failures.html(lang, textKey, correlationId).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        response.setStatus(status);
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(HttpHeader.CONTENT_TYPE, "text/html;charset=UTF-8");
        headers.put("X-Correlation-Id", correlationId);
        headers.put("Content-Security-Policy", SecurityHeadersFilter.PAGE_POLICY);
        headers.put("X-Frame-Options", "DENY");
        headers.put(HttpHeader.CACHE_CONTROL, "no-store");
        SecurityHeadersFilter.EVERY_RESPONSE.forEach(headers::put);
        headers.put(HttpHeader.CONTENT_LENGTH, page.length);
        response.write(true, ByteBuffer.wrap(page), callback);
    }

    /** The survey of a form post this handler takes, or null for one to leave to Jersey. */
    private SurveyDefinition plainAnonymousForm(Request request) {
        if (!"POST".equals(request.getMethod())) {
            return null;
        }
        String path = Request.getPathInContext(request);
        if (!path.startsWith(PREFIX) || path.length() <= PREFIX.length() || path.indexOf('/', PREFIX.length()) >= 0) {
            return null;
        }
        HttpFields headers = request.getHeaders();
        String type = headers.get(HttpHeader.CONTENT_TYPE);
        long length = request.getLength();
        if (type == null || length < 0 || length > MAX_FORM_BYTES || cookie(request, Sessions.COOKIE) != null
                || !MimeTypes.getContentTypeWithoutCharset(type).strip().toLowerCase(Locale.ROOT).equals(FORM)) {
            return null;
        }
        String charset = MimeTypes.getCharsetFromContentType(type);
        if (charset != null && !charset.equalsIgnoreCase("utf-8")) {
            return null;
        }
        SurveyDefinition definition = definitions.latest(path.substring(PREFIX.length())).orElse(null);
        return definition == null || Audiences.attributed(definition) ? null : definition;
    }

    private static String cookie(Request request, String name) {
        for (HttpCookie cookie : Request.getCookies(request)) {
            if (cookie.getName().equals(name)) {
                return cookie.getValue();
            }
        }
        return null;
    }

    /** The request again, its body read anew from what was read. */
    private static Request replay(Request request, byte[] body) {
        return new Request.Wrapper(request) {
            private boolean read;

            @Override
            public Content.Chunk read() {
                if (read) {
                    return Content.Chunk.EOF;
                }
                read = true;
                return Content.Chunk.from(ByteBuffer.wrap(body), true);
            }

            @Override
            public void demand(Runnable demandCallback) {
                demandCallback.run();
            }
        };
    }
}
