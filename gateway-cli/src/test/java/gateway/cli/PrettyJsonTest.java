package gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** {@link PrettyJson} prints exactly what Jackson's {@code toPrettyString()} printed before it. */
class PrettyJsonTest {
    @Test
    void everyJsonTypePrintsAsToPrettyStringDid() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("text", "A001C003 \"quoted\" \\ é\n")
                .put("int", 250)
                .put("long", 12_345_678_901L)
                .put("float", 3.8609474f)
                .put("double", 0.1 + 0.2)
                .put("big_integer", new BigInteger("123456789012345678901234567890"))
                .put("big_decimal", new BigDecimal("1.50"))
                .put("yes", true)
                .putNull("nothing");
        root.putArray("empty_array");
        root.putObject("empty_object");
        root.putArray("hits")
                .addObject()
                .put("name", "clip")
                .putArray("used_in")
                .add("edit-1")
                .add("edit-2");
        root.putObject("facets").putObject("camera").put("ALEXA", 3).put("VENICE", 1);
        assertEquals(root.toPrettyString(), PrettyJson.of(root));
        assertEquals(
                JsonNodeFactory.instance.arrayNode().toPrettyString(),
                PrettyJson.of(JsonNodeFactory.instance.arrayNode()));
    }

    @Test
    void aNodeThatIsNotJsonTextIsRefused() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.putPOJO("object", new Object());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PrettyJson.of(root));
        assertEquals("cannot print a POJO node as JSON text (only JSON's own types)", e.getMessage());
    }
}
