package ru.berezhno.server.http;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * The page a person sees when a page request fails unexpectedly, in place of the API's problem
 * body: implemented by the pages, so that this package does not depend on them.
 */
@FunctionalInterface
public interface FailurePage {
    /**
     * @param headers the failed request's headers (its language cookie)
     * @param submission whether the request sent something to be saved (a form post): the page then says it was not saved
     * @param correlationId the id that is also in the log beside the failure
     */
    Response render(HttpHeaders headers, boolean submission, String correlationId);
}
