package fr.barometre.survey.feed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.RawValue;
import fr.barometre.survey.problem.FieldError;
import fr.barometre.survey.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The catch-up feed of submissions, a page from a cursor: the rows in the order of
 * {@link SubmissionRepository#after}, which never skips a row that commits late. Each item is the
 * stored message with its row's trace context, as PostgreSQL writes it out: not parsed nor written again.
 */
@ApplicationScoped
public class SubmissionFeed {

    public static final int MAX_LIMIT = 1000;
    private static final Pattern CURSOR = Pattern.compile("(\\d{1,20}):(\\d{1,19})");
    private static final BigInteger MAX_TXID = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);   // xid8
    private static final BigInteger MAX_ID = BigInteger.valueOf(Long.MAX_VALUE);                       // bigserial

    @Inject
    SubmissionRepository submissions;

    @Inject
    ObjectMapper json;

    /** A page as served: each item the stored message, with its trace context, as PostgreSQL writes it out. */
    public StoredFeedPage stored(String since, int limit) {
        String txid = "0";
        long id = 0;
        if (since != null && !since.isBlank()) {
            Matcher m = CURSOR.matcher(since);
            // Digits alone are not enough: a value beyond xid8 or bigint would fail in the query.
            if (!m.matches() || new BigInteger(m.group(1)).compareTo(MAX_TXID) > 0
                    || new BigInteger(m.group(2)).compareTo(MAX_ID) > 0) {
                throw ProblemException.badRequest("since must be a nextCursor of this feed",
                        List.of(FieldError.ofField("since", "not a cursor of this feed")));
            }
            txid = m.group(1);
            id = Long.parseLong(m.group(2));
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ProblemException.badRequest("limit must be between 1 and " + MAX_LIMIT,
                    List.of(FieldError.ofField("limit", "must be between 1 and " + MAX_LIMIT)));
        }
        List<RawValue> items = new ArrayList<>();
        String next = since == null || since.isBlank() ? "0:0" : since;
        for (SubmissionRepository.FeedRow row : submissions.after(txid, id, limit)) {
            items.add(new RawValue(row.message()));   // as PostgreSQL wrote it: one whole JSON value, served as it is
            next = row.txid() + ":" + row.id();
        }
        return new StoredFeedPage(items, next);
    }

    /** The same page read as messages (a reader inside this service). */
    public FeedPage page(String since, int limit) {
        StoredFeedPage stored = stored(since, limit);
        List<SubmissionMessage> items = new ArrayList<>(stored.items().size());
        for (RawValue item : stored.items()) {
            try {
                items.add(json.readValue(item.rawValue().toString(), SubmissionMessage.class));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("Cannot read the submission feed", e);
            }
        }
        return new FeedPage(items, stored.nextCursor());
    }
}
