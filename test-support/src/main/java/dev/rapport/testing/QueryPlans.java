package dev.rapport.testing;

import org.hibernate.query.sqm.internal.SqmCriteriaNodeBuilder;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Hibernate's query plan cache, for tests asserting that repeated statements store no new plan:
 * Hibernate Reactive 3.2 never finds a native select's plan there (its result-set mappings have no
 * equals), so each execution stores one more under the same hash and each lookup walks them all.
 */
public final class QueryPlans {

    private QueryPlans() {}

    /** How many plans the cache holds now. */
    public static int cached(Mutiny.SessionFactory sessions) {
        return ((SqmCriteriaNodeBuilder) sessions.getCriteriaBuilder()).getQueryEngine().getInterpretationCache().getNumberOfCachedQueryPlans();
    }
}
