package ru.berezhno.server.http;

import java.util.Arrays;
import java.util.List;

import jakarta.annotation.Priority;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;

import ru.berezhno.core.access.Principal;
import ru.berezhno.core.access.Role;
import ru.berezhno.core.errors.ApiException;
import ru.berezhno.core.errors.ErrorCode;

/**
 * Enforces {@link RolesAllowed} on resource methods: 401 without a token, 403 with a token of
 * another role. (Jersey's own filter answers 403 in both cases.)
 */
public final class RolesAllowedFeature implements DynamicFeature {
    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        RolesAllowed allowed = resource.getResourceMethod().getAnnotation(RolesAllowed.class);
        if (allowed == null) {
            allowed = resource.getResourceClass().getAnnotation(RolesAllowed.class);
        }
        if (allowed != null) {
            List<Role> roles = Arrays.stream(allowed.value()).map(id -> Role.fromId(id)
                    .orElseThrow(() -> new IllegalStateException("unknown role '" + id + "' on " + resource.getResourceMethod()))).toList();
            context.register(new RoleFilter(roles));
        }
    }

    @Priority(Priorities.AUTHORIZATION)
    private static final class RoleFilter implements ContainerRequestFilter {
        private final List<Role> roles;

        RoleFilter(List<Role> roles) {
            this.roles = roles;
        }

        @Override
        public void filter(ContainerRequestContext request) {
            Principal principal = AuthenticationFilter.principal(request);
            if (principal == null) {
                throw new ApiException(ErrorCode.UNAUTHORIZED, "detail.tokenRequired");
            }
            if (!roles.contains(principal.role())) {
                throw new ApiException(ErrorCode.FORBIDDEN, "detail.rolesRequired", String.join(", ", roles.stream().map(Role::id).toList()));
            }
        }
    }
}
