package studio.loc.hypernet.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class EngineThreadsTest {

    @Test
    void oneThreadUnlessTheUserChose() {
        Properties untouched = new Properties();
        EngineThreads.chooseDefault(null, untouched);
        assertEquals("1", untouched.getProperty(EngineThreads.PROPERTY));

        Properties blankVariable = new Properties();
        EngineThreads.chooseDefault(" ", blankVariable);
        assertEquals("1", blankVariable.getProperty(EngineThreads.PROPERTY));

        Properties byVariable = new Properties();
        EngineThreads.chooseDefault("4", byVariable);
        assertNull(byVariable.getProperty(EngineThreads.PROPERTY), "OMP_NUM_THREADS is DJL's to read");

        Properties byProperty = new Properties();
        byProperty.setProperty(EngineThreads.PROPERTY, "3");
        EngineThreads.chooseDefault(null, byProperty);
        assertEquals("3", byProperty.getProperty(EngineThreads.PROPERTY));
    }
}
