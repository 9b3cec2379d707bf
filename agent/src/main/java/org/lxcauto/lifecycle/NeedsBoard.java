package org.lxcauto.lifecycle;

import java.util.List;
import org.lxcauto.need.Need;

/**
 * Where a boot posts which needs each container is still waiting for, so that {@code status} can
 * say so while the wait lasts ("waiting for mount:/srv/data").
 */
public interface NeedsBoard {

    /** {@code container} now waits for {@code needs}; an empty list ends its wait. */
    void waiting(String container, List<Need> needs);

    /** For runs nobody watches. */
    NeedsBoard NONE = (container, needs) -> { };
}
