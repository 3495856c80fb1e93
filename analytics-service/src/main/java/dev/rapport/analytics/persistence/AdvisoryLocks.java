package dev.rapport.analytics.persistence;

/**
 * Every PostgreSQL advisory lock analytics-service takes, in one place: a lock is a class (the
 * first int) and a key (a fixed number, or {@code hashtext} of an id). platform-support's outbox
 * relay uses class {@value #OUTBOX_RELAY} on the same database.
 *
 * <p><b>Ordering rule</b>, which keeps any two transactions from waiting for each other in a
 * cycle: a transaction takes locks in the order of this enum and never one that comes before a
 * lock it holds; the locks of one class it takes all at once, in one statement, in key order.
 * <ol>
 * <li>{@link #REBUILD_RUN}: session-scoped, on the rebuild's own connection; tried, never waited for.
 * <li>{@link #REBUILD_GATE}: every live consumer transaction passes it first (shared); an erasure
 *     shuts it for its transaction and the rebuild's switch-over closes it (exclusive).
 * <li>{@link #SESSION} and {@link #COUNSELLOR}: a session-events or feedback-events batch's
 *     sessions and counsellors, taken together in one statement (class, then key).
 * <li>{@link #SAFETY_ALERT}: a batch of safety alert changes, the alerts' ids.
 * <li>{@link #COUNSELLOR_VIEW}: the view publisher's, alone in its transaction: the counsellors of
 *     a flush, in one statement.
 * </ol>
 * A consumer transaction touches counsellor_view rows only after its locks: row locks come last.
 */
public enum AdvisoryLocks {

    REBUILD_RUN(0x0ab1, 2),
    REBUILD_GATE(0x0ab1, 1),
    SESSION(0x0a5e),
    COUNSELLOR(0x0a5f),
    SAFETY_ALERT(0x0a5a),
    COUNSELLOR_VIEW(0x0a11);

    /** platform-support's OutboxRelay: one claim per record key at a time. */
    public static final int OUTBOX_RELAY = 0x0b0c;

    private final int lockClass;
    private final Integer key;

    AdvisoryLocks(int lockClass, int key) {
        this.lockClass = lockClass;
        this.key = key;
    }

    AdvisoryLocks(int lockClass) {
        this.lockClass = lockClass;
        this.key = null;
    }

    public int lockClass() {
        return lockClass;
    }

    /** The fixed key, or null when the key is the hash of an id. */
    public Integer key() {
        return key;
    }

    /** The lock's arguments of {@code pg_advisory_*}: "class, key", with SQL {@code keySql} where the key is an id's. */
    public String arguments(String keySql) {
        return lockClass + ", " + (key == null ? keySql : key);
    }

    /**
     * A statement that takes this lock for each id of the text parameter {@code :parameter}
     * ({@code RecordSet.ids}), all in one statement and in key order, for the rest of the transaction.
     */
    public String eachOf(String parameter) {
        return "SELECT count(*) FROM (SELECT pg_advisory_xact_lock(" + arguments("keys.key") + ") FROM ("
                + "SELECT DISTINCT hashtext(id) AS key FROM unnest(string_to_array(:" + parameter + ", ',')) AS id"
                + " ORDER BY key) keys) locked";
    }

    /** The arguments of a lock with a fixed key. */
    public String arguments() {
        if (key == null) {
            throw new IllegalStateException(name() + " is per id: give its key");
        }
        return arguments(null);
    }
}
