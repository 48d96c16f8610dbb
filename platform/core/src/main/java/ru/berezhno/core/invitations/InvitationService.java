package ru.berezhno.core.invitations;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.ObjectMapper;

import ru.berezhno.core.access.Sha256;
import ru.berezhno.core.definitions.DefinitionCatalog;
import ru.berezhno.core.errors.ApiException;
import ru.berezhno.core.errors.ErrorCode;
import ru.berezhno.core.rounds.RoundService;
import ru.berezhno.core.store.Store;
import ru.berezhno.core.store.StoreException;
import ru.berezhno.core.store.Write;
import ru.berezhno.spi.SurveyDefinition;

/**
 * Single-use invitation codes for staff surveys. Only hashes are stored: issued codes in
 * {@code invitations} (SHA-256 → survey and organisation), used ones in {@code used-invitations}
 * (SHA-256 alone). The mark of use is written with the response in one atomic batch, so two
 * submissions with one code store exactly one; but it is never journaled ({@link Write#asKeptApart}),
 * so the journal — the one ordered record on disk — holds the response without the code that came
 * with it. The used-code set is a B-tree keyed by hash, and the store keeps a copy of it in a file
 * of its own, in hash order, for a rebuild from the journal: no id, order or time lines a mark up
 * with an answer. The price: a mark becomes durable with MapDB's next commit (about a second
 * later), so a crash in that second would let that code be used once more.
 */
public final class InvitationService {
    public static final String ISSUED = "invitations";
    public static final String USED = "used-invitations";
    public static final int MAXIMUM_COUNT = 1000;
    /** Letters and digits that cannot be mistaken for one another when typed from paper. */
    private static final char[] ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ".toCharArray();
    private static final int CODE_LENGTH = 10;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper CODEC = new ObjectMapper();
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);
    private static final byte[] USED_MARK = {1};

    /**
     * What an issued code is for: a survey, an organisation, and for a survey run in rounds the
     * round it was issued in (null for codes issued before codes had rounds), in which alone it answers.
     */
    public record Invitation(String survey, String organization, String round) {
    }

    private final Store store;
    private final RoundService rounds;
    private final DefinitionCatalog definitions;

    public InvitationService(Store store, RoundService rounds, DefinitionCatalog definitions) {
        this.store = requireNonNull(store, "store is null");
        this.rounds = requireNonNull(rounds, "rounds is null");
        this.definitions = requireNonNull(definitions, "definitions is null");
    }

    /**
     * Issues {@code count} new codes, written as {@code XXXXX-XXXXX}; for a survey run in rounds,
     * codes of the round open now (409 when none is), which do not answer in the next.
     */
    public List<String> issue(String survey, String organization, int count) {
        SurveyDefinition definition = definitions.latest(survey).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "detail.unknownSurvey", survey));
        String round = null;
        if (definition.periods() == SurveyDefinition.Periods.ROUNDS) {
            round = rounds.openRound(survey).map(RoundService.Round::id)
                    .orElseThrow(() -> new ApiException(ErrorCode.CONFLICT, "detail.noOpenRound"));
        }
        List<String> codes = new ArrayList<>(count);
        List<Write> writes = new ArrayList<>(count);
        byte[] value = encode(new Invitation(survey, organization, round));
        for (int i = 0; i < count; i++) {
            StringBuilder code = new StringBuilder(CODE_LENGTH + 1);
            for (int c = 0; c < CODE_LENGTH; c++) {
                if (c == CODE_LENGTH / 2) {
                    code.append('-');
                }
                code.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
            }
            codes.add(code.toString());
            writes.add(Write.insert(ISSUED, hash(code.toString()), value));
        }
        try {
            store.writeAndWait(writes, WRITE_TIMEOUT);
        }
        catch (TimeoutException e) {
            throw new StoreException("invitations were not stored within " + WRITE_TIMEOUT, e);
        }
        return codes;
    }

    /** What a code was issued for, if it was. */
    public Optional<Invitation> find(String code) {
        return store.get(ISSUED, hash(code)).map(InvitationService::decode);
    }

    /** The write that marks a code used; it fails the whole batch if the code was used before. */
    public static Write markUsed(String code) {
        return Write.insert(USED, hash(code), USED_MARK).asKeptApart();
    }

    /** The hash of a code as typed: case, spaces and dashes do not matter. */
    static String hash(String code) {
        return Sha256.hex(code.toUpperCase(Locale.ROOT).replaceAll("[\\s-]", ""));
    }

    private static byte[] encode(Invitation invitation) {
        try {
            Map<String, String> record = new java.util.LinkedHashMap<>();
            record.put("survey", invitation.survey());
            record.put("organization", invitation.organization());
            if (invitation.round() != null) {
                record.put("round", invitation.round());
            }
            return CODEC.writeValueAsBytes(record);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Invitation decode(byte[] value) {
        try {
            Map<?, ?> map = CODEC.readValue(value, Map.class);
            return new Invitation((String) map.get("survey"), (String) map.get("organization"), (String) map.get("round"));
        }
        catch (IOException e) {
            throw new UncheckedIOException("a stored invitation cannot be read", e);
        }
    }
}
