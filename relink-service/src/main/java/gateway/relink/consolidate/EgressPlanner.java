package gateway.relink.consolidate;

import gateway.model.storage.EgressPlan;

/**
 * Works out the {@link EgressPlan} of a consolidation before anything is restored: for each trim,
 * the tier that holds its original and the bytes a range-exact and a whole-file restore would move
 * (read from the container's header and index, not its samples).
 */
@FunctionalInterface
public interface EgressPlanner {
    EgressPlan plan(ConsolidationPlan consolidation);
}
