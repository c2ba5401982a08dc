package fr.barometre.survey.feed;

import fr.barometre.survey.api.QueryEnums;

/** What a feed page gives of its items: the items themselves, or their keys only. */
enum FeedView {
    FULL, KEYS;

    /** Absent or blank: {@code FULL}; otherwise parsed as every enumerated query parameter is (a 400 naming it). */
    static FeedView of(String view) {
        FeedView parsed = QueryEnums.parse(FeedView.class, view, "view");
        return parsed == null ? FULL : parsed;
    }
}
