package org.latentarchive.embed.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsModuleTextTest {

    @Test
    void minifiedLiteralBecomesEquivalentJson() throws Exception {
        String module = "!function(t){}(function(){return{1:[function(t,e,a){e.exports={format:\"graph-model\","
            + "q:{min:-6.255818,scale:.0434,neg:-.5,exp:1e-3,big:12.5},flags:[!0,!1],s:'it''s',list:[{name:\"a:b}\"}]}},{}]})";
        JsonNode json = new ObjectMapper().readTree(JsModuleText.exportedObjectAsJson(module.replace("'it''s'", "'its'")));
        assertEquals("graph-model", json.path("format").asText());
        assertEquals(-6.255818, json.path("q").path("min").asDouble(), 1e-12);
        assertEquals(0.0434, json.path("q").path("scale").asDouble(), 1e-12);
        assertEquals(-0.5, json.path("q").path("neg").asDouble(), 1e-12);
        assertEquals(0.001, json.path("q").path("exp").asDouble(), 1e-12);
        assertEquals(12.5, json.path("q").path("big").asDouble(), 1e-12);
        assertTrue(json.path("flags").get(0).asBoolean());
        assertEquals(false, json.path("flags").get(1).asBoolean());
        assertEquals("its", json.path("s").asText());
        assertEquals("a:b}", json.path("list").get(0).path("name").asText());
    }

    @Test
    void exportedStringIsTheBase64Payload() {
        assertEquals("AAEC", JsModuleText.exportedString("x({1:[function(i,m,h){m.exports=\"AAEC\"},{}]})"));
    }

    @Test
    void codeInsteadOfDataIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> JsModuleText.literalToJson("{a:window.alert}"));
    }

    @Test
    void samePaddingPutsTheOddPixelAtTheEndLikeTensorFlow() {
        assertEquals(0, TfjsToOnnx.padding("SAME", 224, 3, 2)[0]);
        assertEquals(1, TfjsToOnnx.padding("SAME", 224, 3, 2)[1]);
        assertEquals(1, TfjsToOnnx.padding("SAME", 112, 3, 1)[0]);
        assertEquals(1, TfjsToOnnx.padding("SAME", 112, 3, 1)[1]);
        assertEquals(0, TfjsToOnnx.padding("VALID", 7, 7, 1)[1]);
    }
}
