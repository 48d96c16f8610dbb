package ru.berezhno.server.api;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

import ru.berezhno.core.history.SubjectHistory;
import ru.berezhno.core.responses.ResponseService;
import ru.berezhno.server.resources.ActionsResource;

/** The body of a {@code 201} for an accepted response, wherever it was taken in. */
public final class SubmissionViews {
    private SubmissionViews() {
    }

    /** Its id and scores; for an attributed one also the actions it raised and its change since the one before. */
    public static Map<String, Object> accepted(ResponseService.Accepted accepted, LocalDate today) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", accepted.id());
        view.put("scores", accepted.scores());
        if (!accepted.actions().isEmpty()) {
            view.put("actions", accepted.actions().stream().map(action -> ActionsResource.view(action, today)).toList());
        }
        if (accepted.sincePrevious() != null) {
            view.put("sincePrevious", comparison(accepted.sincePrevious(), today));
        }
        return view;
    }

    /** A response's change since the one before about the same subject, with the actions verified and outstanding. */
    public static Map<String, Object> comparison(SubjectHistory.Comparison comparison, LocalDate today) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("previous", comparison.previous());
        view.put("change", comparison.change());
        view.put("verifiedActions", comparison.verified().stream().map(action -> ActionsResource.view(action, today)).toList());
        view.put("outstandingActions", comparison.outstanding().stream().map(action -> ActionsResource.view(action, today)).toList());
        return view;
    }
}
