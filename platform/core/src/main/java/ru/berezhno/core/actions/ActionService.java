package ru.berezhno.core.actions;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;


import ru.berezhno.core.access.Principal;
import ru.berezhno.core.access.Role;
import ru.berezhno.core.errors.ApiException;
import ru.berezhno.core.errors.ErrorCode;
import ru.berezhno.core.errors.FieldError;
import ru.berezhno.core.responses.ResponseService;
import ru.berezhno.core.responses.StoredResponse;
import ru.berezhno.core.store.Store;
import ru.berezhno.core.store.StoredJson;
import ru.berezhno.core.store.Write;
import ru.berezhno.spi.CorrectiveAction;
import ru.berezhno.spi.SurveyDefinition;

/**
 * Corrective actions, in the {@code actions} collection keyed by id. They are created in the same
 * atomic write as the audit that found them, and change through {@link #update}: their owner
 * and due date, and their status from open to done (by the organisation's coordinator) to verified
 * (by an auditor, usually at the next audit). Updates are serialised, so no change is lost.
 */
public final class ActionService {
    public static final String COLLECTION = "actions";
    /** Days until an action is due when the definition does not say ({@code options.actionDueDays}). */
    public static final int DEFAULT_DUE_DAYS = 30;
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);
    private static final Map<Action.Status, List<Action.Status>> TRANSITIONS = Map.of(
            Action.Status.OPEN, List.of(Action.Status.DONE, Action.Status.VERIFIED),
            Action.Status.DONE, List.of(Action.Status.OPEN, Action.Status.VERIFIED),
            Action.Status.VERIFIED, List.of(Action.Status.OPEN));

    private final Store store;
    private final Clock clock;
    private final ZoneId zone;

    public ActionService(Store store, Clock clock, ZoneId zone) {
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.zone = requireNonNull(zone, "zone is null");
    }

    /** A change asked for: each field null when it is to stay as it is. */
    public record Patch(Action.Status status, String owner, String due) {
    }

    /** The actions the findings of a new attributed response raise, open and without an owner. */
    public List<Action> raise(SurveyDefinition definition, StoredResponse response, List<CorrectiveAction> findings) {
        Object days = definition.options().get("actionDueDays");
        LocalDate due = today().plusDays(days instanceof Number number ? number.longValue() : DEFAULT_DUE_DAYS);
        List<Action> actions = new ArrayList<>();
        for (CorrectiveAction finding : findings) {
            actions.add(new Action(ResponseService.newId(), response.survey(), response.id(), actions.size(), response.organization(), response.subject(),
                    finding.source(), finding.text(), null, due.toString(), Action.Status.OPEN, response.submittedAt(),
                    List.of(new Action.Change(response.submittedAt(), response.author(), Action.Status.OPEN, null, due.toString()))));
        }
        return actions;
    }

    /** The write that stores a new action. */
    public static Write insert(Action action) {
        return Write.insert(COLLECTION, action.id(), encode(action));
    }

    public Optional<Action> find(String id) {
        return store.get(COLLECTION, id).map(ActionService::decode);
    }

    /** The actions that pass the filter, by due date. */
    public List<Action> list(Predicate<Action> filter) {
        List<Action> actions = new ArrayList<>();
        store.scan(COLLECTION, "", (key, value) -> {
            Action action = decode(value);
            if (filter.test(action)) {
                actions.add(action);
            }
        });
        actions.sort(Comparator.comparing(Action::due).thenComparing(Action::createdAt, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(Action::response).thenComparingInt(Action::position));
        return actions;
    }

    /**
     * Changes an action, once it is on disk. An auditor or an admin may change anything; a
     * coordinator only the actions of their own organisation, and may not verify them.
     */
    public synchronized Action update(String id, Patch patch, Principal principal) {
        Action action = find(id).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "detail.unknownAction", id));
        if (principal.role() == Role.COORDINATOR) {
            if (!action.organization().equals(principal.organization())) {
                throw new ApiException(ErrorCode.FORBIDDEN, "detail.otherOrganization");
            }
            if (patch.status() == Action.Status.VERIFIED || (action.status() == Action.Status.VERIFIED && patch.status() != null
                    && patch.status() != Action.Status.VERIFIED)) {
                throw new ApiException(ErrorCode.FORBIDDEN, "detail.coordinatorVerifies");
            }
        }
        else if (principal.role() != Role.AUDITOR && principal.role() != Role.ADMIN) {
            throw new ApiException(ErrorCode.FORBIDDEN, "detail.rolesRequired", "auditor, coordinator, admin");
        }
        Action.Status status = patch.status() == null ? action.status() : patch.status();
        if (status != action.status() && !TRANSITIONS.get(action.status()).contains(status)) {
            throw ApiException.invalid(List.of(FieldError.of("status", "error.statusChange", action.status().id(), status.id())));
        }
        String owner = patch.owner() == null ? action.owner() : patch.owner().strip();
        String due = patch.due() == null ? action.due() : patch.due();
        List<Action.Change> history = new ArrayList<>(action.history());
        history.add(new Action.Change(clock.instant().toString(), principal.name(), status, owner, due));
        Action updated = new Action(action.id(), action.survey(), action.response(), action.position(), action.organization(), action.subject(), action.source(),
                action.text(), owner, due, status, action.createdAt(), history);
        try {
            store.writeAndWait(List.of(Write.put(COLLECTION, id, encode(updated))), WRITE_TIMEOUT);
        }
        catch (TimeoutException e) {
            throw new ApiException(ErrorCode.UNAVAILABLE, "detail.unavailable");
        }
        return updated;
    }

    /** Today in the platform's time zone, which decides what is overdue. */
    public LocalDate today() {
        return LocalDate.now(clock.withZone(zone));
    }

    private static byte[] encode(Action value) {
        return StoredJson.encode(value);
    }

    private static Action decode(byte[] value) {
        return StoredJson.decode(value, Action.class, "action");
    }
}
