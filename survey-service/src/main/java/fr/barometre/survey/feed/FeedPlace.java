package fr.barometre.survey.feed;

import fr.barometre.survey.problem.FieldError;
import fr.barometre.survey.problem.ProblemException;

import java.math.BigInteger;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a feed page starts: the place (transaction id, id) a cursor names, the beginning when there is none,
 * and the cursor a page with no item gives (the one asked for). A cursor is {@code <txid>:<id>}, the last item's
 * place, as a page's {@code nextCursor} gives it.
 */
record FeedPlace(String txid, long id, String cursor) {

    static final int MAX_LIMIT = 1000;
    private static final Pattern CURSOR = Pattern.compile("(\\d{1,20}):(\\d{1,19})");
    private static final BigInteger MAX_TXID = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);   // xid8
    private static final BigInteger MAX_ID = BigInteger.valueOf(Long.MAX_VALUE);                       // bigserial

    /** The place {@code since} names, for a page of {@code limit} items; a 400 naming the parameter refused. */
    static FeedPlace of(String since, int limit) {
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
        return new FeedPlace(txid, id, since == null || since.isBlank() ? "0:0" : since);
    }
}
