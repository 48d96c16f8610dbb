package ru.berezhno.server.http;

import ru.berezhno.core.access.Principal;
import ru.berezhno.core.access.Role;
import ru.berezhno.core.errors.ApiException;
import ru.berezhno.core.errors.ErrorCode;

/** Which organisation's records a caller may list: a coordinator only their own, everyone else any. */
public final class OrganizationScope {
    private OrganizationScope() {
    }

    /**
     * The organisation to filter by: for a coordinator their own (a request for another one is
     * refused with 403; a coordinator without an organisation sees nothing), otherwise the one
     * requested, or null for all.
     */
    public static String visible(Principal principal, String requested) {
        if (principal.role() != Role.COORDINATOR) {
            return requested;
        }
        if (requested != null && !requested.equals(principal.organization())) {
            throw new ApiException(ErrorCode.FORBIDDEN, "detail.otherOrganization");
        }
        return principal.organization() == null ? "" : principal.organization();
    }
}
