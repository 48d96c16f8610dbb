package ru.berezhno.server.resources;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import ru.berezhno.core.audit.AuditLog;
import ru.berezhno.core.errors.ApiException;
import ru.berezhno.core.errors.ErrorCode;
import ru.berezhno.core.errors.FieldError;
import ru.berezhno.core.responses.Batch;
import ru.berezhno.core.responses.Batches;
import ru.berezhno.server.http.AuthenticationFilter;

/**
 * Batches of anonymous responses for administrators: quarantine (submissions held beyond the
 * limits, to accept or discard as a batch) and imports, either of which, once accepted, may be
 * voided; and the audit log of those decisions.
 */
@Singleton
@Path("/api/v1/admin")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
public final class BatchesResource {
    private static final int MAX_AUDIT_ENTRIES = 1_000;

    private final Batches batches;
    private final AuditLog audit;

    /** A batch as the API shows it. */
    public record BatchView(String id, String survey, String kind, String organization, String period, String reason, String status,
            long responses, long notKept, String firstDay, String decidedBy, String decidedAt) {
        static BatchView of(Batches.Summary summary) {
            Batch batch = summary.batch();
            return new BatchView(batch.id(), batch.survey(), lower(batch.kind()), batch.organization(), batch.period(),
                    batch.reason() == null ? null : batch.reason() == Batch.Reason.CLIENT_LIMIT ? "client-limit" : "flood", lower(batch.status()),
                    summary.responses(), summary.notKept(), batch.firstDay(), batch.decidedBy(), batch.decidedAt());
        }

        private static String lower(Enum<?> value) {
            return value.name().toLowerCase(Locale.ROOT);
        }
    }

    @Inject
    public BatchesResource(Batches batches, AuditLog audit) {
        this.batches = requireNonNull(batches, "batches is null");
        this.audit = requireNonNull(audit, "audit is null");
    }

    /** Every batch, newest first; {@code status=held} for what awaits a decision. */
    @GET
    @Path("batches")
    public List<BatchView> list(@QueryParam("status") String status) {
        if (status != null && !List.of("held", "accepted", "discarded", "voided").contains(status)) {
            throw ApiException.invalid(List.of(FieldError.of("status", "error.unknownOption", status)));
        }
        return batches.list().stream().map(BatchView::of).filter(view -> status == null || view.status().equals(status)).toList();
    }

    /** Accepts a held batch: its submissions count from now on. */
    @POST
    @Path("batches/{id}/accept")
    public BatchView accept(@PathParam("id") String id, @Context ContainerRequestContext request) {
        return decide(id, Batches.Decision.ACCEPT, request);
    }

    /** Discards a held batch: its submissions never count. */
    @POST
    @Path("batches/{id}/discard")
    public BatchView discard(@PathParam("id") String id, @Context ContainerRequestContext request) {
        return decide(id, Batches.Decision.DISCARD, request);
    }

    /** Voids an accepted batch (an import, or accepted quarantine): it is taken out of every count and export. */
    @POST
    @Path("batches/{id}/void")
    public BatchView voidBatch(@PathParam("id") String id, @Context ContainerRequestContext request) {
        return decide(id, Batches.Decision.VOID, request);
    }

    /** The latest decisions on batches, newest first. */
    @GET
    @Path("audit")
    public List<AuditLog.Entry> audit() {
        return audit.latest(MAX_AUDIT_ENTRIES);
    }

    private BatchView decide(String id, Batches.Decision decision, ContainerRequestContext request) {
        if (!id.matches("[a-z]-[0-9a-f]{24}")) {
            throw new ApiException(ErrorCode.NOT_FOUND, "detail.unknownBatch", id);
        }
        return BatchView.of(batches.decide(id, decision, AuthenticationFilter.principal(request)));
    }
}
