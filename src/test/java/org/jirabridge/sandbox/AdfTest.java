package org.jirabridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Recognising ADF documents and converting between ADF and plain text. */
class AdfTest {

    private static JsonNode json(String text) {
        return Json.parse(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"type\":\"doc\",\"version\":1,\"content\":[]}                                                          | true",
            "{\"type\":\"doc\",\"version\":1,\"content\":[{\"type\":\"paragraph\",\"content\":[{\"type\":\"text\",\"text\":\"x\"}]}]} | true",
            "{\"type\":\"doc\",\"version\":2,\"content\":[]}                                                          | false",
            "{\"type\":\"paragraph\",\"version\":1,\"content\":[]}                                                    | false",
            "{\"type\":\"doc\",\"version\":1}                                                                         | false",
            "{\"type\":\"doc\",\"version\":1,\"content\":[{\"content\":[]}]}                                          | false",
            "{\"type\":\"doc\",\"version\":1,\"content\":[{\"type\":\"paragraph\",\"content\":[{\"type\":\"text\"}]}]} | false",
            "\"plain text\"                                                                                           | false",
            "[]                                                                                                       | false"})
    void recognisesDocuments(String json, boolean document) {
        assertThat(Adf.isDocument(json(json.trim()))).isEqualTo(document);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "one line",
            "line one\\nline two",
            "first paragraph\\n\\nsecond paragraph",
            "a\\nb\\n\\nc"})
    void plainTextSurvivesTheRoundTrip(String text) {
        String unescaped = text.replace("\\n", "\n");

        JsonNode doc = Adf.fromText(unescaped);

        assertThat(Adf.isDocument(doc)).isTrue();
        assertThat(Adf.toText(doc)).isEqualTo(unescaped);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "{\"type\":\"doc\",\"version\":1,\"content\":[{\"type\":\"heading\",\"attrs\":{\"level\":2},\"content\":[{\"type\":\"text\",\"text\":\"Steps\"}]},"
                    + "{\"type\":\"bulletList\",\"content\":[{\"type\":\"listItem\",\"content\":[{\"type\":\"paragraph\",\"content\":[{\"type\":\"text\",\"text\":\"open\",\"marks\":[{\"type\":\"strong\"}]}]}]}]}]}"
                    + " | Steps\\n\\nopen",
            "{\"type\":\"doc\",\"version\":1,\"content\":[{\"type\":\"paragraph\",\"content\":[{\"type\":\"text\",\"text\":\"hi \"},{\"type\":\"mention\",\"attrs\":{\"text\":\"@Kim\"}}]}]}"
                    + " | hi @Kim"})
    void richDocumentsFlattenToText(String json, String text) {
        assertThat(Adf.toText(json(json))).isEqualTo(text.replace("\\n", "\n"));
    }
}
