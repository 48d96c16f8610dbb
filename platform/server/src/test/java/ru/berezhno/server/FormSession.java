package ru.berezhno.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser without a browser: pages fetched and forms posted over HTTP with the cookies the
 * server sets kept between requests (Secure ones too: the test stands in for HTTPS).
 */
final class FormSession {
    private final ServerClient server;
    private final Map<String, String> cookies = new HashMap<>();

    FormSession(ServerClient server) {
        this.server = server;
    }

    HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(server.uri(path)));
    }

    /** Posts a form, URL-encoded, in the order given. */
    HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
        StringBuilder body = new StringBuilder();
        form.forEach((name, value) -> body.append(body.length() == 0 ? "" : "&").append(name).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return send(HttpRequest.newBuilder(server.uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    /** Sends a request as a browser does (taking HTML), with the cookies kept so far, and keeps those the server sets. */
    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        request.setHeader("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        if (!cookies.isEmpty()) {
            request.header("Cookie", String.join("; ", cookies.entrySet().stream().map(entry -> entry.getKey() + "=" + entry.getValue()).toList()));
        }
        HttpResponse<String> reply = server.client().send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        for (String header : reply.headers().allValues("Set-Cookie")) {
            String pair = header.split(";", 2)[0];
            String name = pair.substring(0, pair.indexOf('='));
            String value = pair.substring(pair.indexOf('=') + 1);
            if (value.isEmpty() || header.contains("Max-Age=0")) {
                cookies.remove(name);
            }
            else {
                cookies.put(name, value);
            }
        }
        return reply;
    }

    Map<String, String> cookies() {
        return cookies;
    }

    /**
     * Opens the citizen form of an organisation and fills it in as a citizen does: the housing
     * service, every criterion and the overall rating at {@code rating}; the form token from the page.
     */
    Map<String, String> citizenForm(String organization, int rating) throws Exception {
        String page = get("/s/citizen-satisfaction?org=" + organization).body();
        Map<String, String> form = new java.util.LinkedHashMap<>();
        form.put("csrf", hidden(page, "csrf"));
        form.put("organization", organization);
        form.put("fixed", "1");
        form.put("a.service", "housing");
        for (String criterion : java.util.List.of("service_time", "queue_time", "staff_courtesy", "premises_comfort", "information_access", "overall")) {
            form.put("a." + criterion, String.valueOf(rating));
        }
        return form;
    }

    /** The value of a hidden field of a page. */
    static String hidden(String page, String name) {
        Matcher matcher = Pattern.compile("name=\"" + Pattern.quote(name) + "\" value=\"([^\"]+)\"").matcher(page);
        assertThat(matcher.find()).as("hidden field " + name).isTrue();
        return matcher.group(1);
    }
}
