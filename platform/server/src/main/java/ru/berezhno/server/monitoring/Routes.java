package ru.berezhno.server.monitoring;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;

/**
 * Every route the Jersey application has, as method and path template, read from the resource
 * classes by Jersey's own model: what the request metrics tag a request with (a template, never
 * a raw path, which would make a series per id), and what the API description must match.
 */
public final class Routes {
    /** One route: an HTTP method and a path template such as {@code /api/v1/surveys/{id}/responses}. */
    public record Route(String method, String template) {
    }

    private record Matching(Route route, Pattern pattern, int literals) {
    }

    private static final Pattern PARAMETER = Pattern.compile("\\{([a-zA-Z][a-zA-Z0-9_]*)(\\s*:\\s*([^{}]+))?}");

    private final List<Route> routes;
    private final List<Matching> matching;

    private Routes(List<Route> routes) {
        this.routes = List.copyOf(routes);
        List<Matching> compiled = new ArrayList<>();
        for (Route route : routes) {
            compiled.add(new Matching(route, compile(route.template()), PARAMETER.matcher(route.template()).replaceAll("").length()));
        }
        // As Jersey prefers: the most literal characters first.
        compiled.sort(Comparator.comparingInt(Matching::literals).reversed());
        this.matching = List.copyOf(compiled);
    }

    /** The routes of the given resource classes. */
    public static Routes of(Iterable<Class<?>> resourceClasses) {
        Set<Route> routes = new LinkedHashSet<>();
        for (Class<?> type : resourceClasses) {
            Resource resource = Resource.from(type);
            if (resource != null) {
                collect(resource, "", routes);
            }
        }
        return new Routes(new ArrayList<>(routes));
    }

    private static void collect(Resource resource, String prefix, Set<Route> routes) {
        String path = join(prefix, resource.getPath());
        for (ResourceMethod method : resource.getResourceMethods()) {
            routes.add(new Route(method.getHttpMethod(), path));
        }
        for (Resource child : resource.getChildResources()) {
            collect(child, path, routes);
        }
    }

    private static String join(String prefix, String path) {
        String joined = (prefix + "/" + (path == null ? "" : path)).replaceAll("/+", "/");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }

    private static Pattern compile(String template) {
        StringBuilder regex = new StringBuilder();
        Matcher parameter = PARAMETER.matcher(template);
        int last = 0;
        while (parameter.find()) {
            regex.append(Pattern.quote(template.substring(last, parameter.start())));
            regex.append(parameter.group(3) == null ? "[^/]+" : "(?:" + parameter.group(3).strip() + ")");
            last = parameter.end();
        }
        regex.append(Pattern.quote(template.substring(last)));
        return Pattern.compile(regex + "/?");
    }

    public List<Route> all() {
        return routes;
    }

    /** The template of the route a request takes, or {@code unmatched}. */
    public String template(String method, String path) {
        for (Matching candidate : matching) {
            if (candidate.route().method().equals(method) && candidate.pattern().matcher(path).matches()) {
                return candidate.route().template();
            }
        }
        return "unmatched";
    }
}
