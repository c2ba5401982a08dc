package fr.barometre.survey.client;

/**
 * What a neighbour answered for a page: the value, "not computed yet" (its 404), or nothing
 * because it could not be reached in time or refused (the page then says the results are
 * momentarily unavailable, and still renders).
 */
public record Fetched<T>(State state, T value) {

    public enum State {
        /** The neighbour answered with the value. */
        FOUND,
        /** The neighbour has none yet (404): being computed. */
        COMPUTING,
        /** Down, slow, or refusing: momentarily unavailable. */
        UNAVAILABLE
    }

    public static <T> Fetched<T> found(T value) {
        return new Fetched<>(State.FOUND, value);
    }

    public static <T> Fetched<T> computing() {
        return new Fetched<>(State.COMPUTING, null);
    }

    public static <T> Fetched<T> unavailable() {
        return new Fetched<>(State.UNAVAILABLE, null);
    }

    public boolean isFound() {
        return state == State.FOUND;
    }

    public boolean isComputing() {
        return state == State.COMPUTING;
    }

    public boolean isUnavailable() {
        return state == State.UNAVAILABLE;
    }
}
