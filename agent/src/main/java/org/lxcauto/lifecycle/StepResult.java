package org.lxcauto.lifecycle;

import java.time.Duration;

/**
 * What one phase of a step achieved.
 *
 * @param ok whether it succeeded; a failed {@code requires} dependency means dependents are skipped
 * @param error why it failed, for the report; null when ok
 * @param hold how long after this phase the step still counts as unfinished for those that wait
 *     for it ({@code start-delay}); it does not hold a parallelism slot
 */
public record StepResult(boolean ok, String error, Duration hold) {

    public static StepResult success() {
        return new StepResult(true, null, Duration.ZERO);
    }

    public static StepResult success(Duration hold) {
        return new StepResult(true, null, hold);
    }

    public static StepResult failure(String error) {
        return new StepResult(false, error, Duration.ZERO);
    }
}
