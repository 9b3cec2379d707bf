package org.lxcauto.systemtest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Base of the system tests that want a fresh {@link Lab} per test, removed afterwards whatever happens. */
abstract class LabTest {

    protected Lab lab;

    @BeforeEach
    void createLab() throws Exception {
        lab = Lab.create();
    }

    @AfterEach
    void removeLab() {
        if (lab != null) {
            lab.close();
        }
    }
}
