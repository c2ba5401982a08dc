package fr.barometre.scoring.outbox;

/** What became of one delivery attempt. */
enum DeliveryOutcome {
    /** The receiver took it (2xx). */
    DELIVERED,
    /** Try again later: the receiver is down, overloaded, or asked for a retry (5xx, 401, 408, 429, network). */
    RETRY,
    /** The receiver refused it for good (another 4xx): parked as dead, never retried by itself. */
    REFUSED;

    static DeliveryOutcome ofStatus(int status) {
        if (status >= 200 && status < 300) {
            return DELIVERED;
        }
        if (status >= 400 && status < 500 && status != 401 && status != 408 && status != 429) {
            return REFUSED;
        }
        return RETRY;
    }
}
