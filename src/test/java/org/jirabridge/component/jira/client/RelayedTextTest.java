package org.jirabridge.component.jira.client;

import java.util.Base64;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** What is relayed from an answer keeps its meaning and loses anything shaped like a credential. */
class RelayedTextTest {

    private static final String BASIC = Base64.getEncoder().encodeToString("ann@example.com:s3cr3t-token".getBytes());

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "you sent Authorization: Basic {basic}                        | you sent Authorization: [removed]",
            "bad header Basic {basic} here                                | bad header Basic [removed] here",
            "Bearer abc.def-123_456 refused                               | Bearer [removed] refused",
            "jwt eyJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJ4In0.c2ln was stale      | jwt [removed] was stale",
            "{\"password\": \"hunter2\", \"user\": \"ann\"}                | {\"password\": \"[removed]\", \"user\": \"ann\"}",
            "client_secret=abcdef&grant=x                                 | client_secret=[removed]&grant=x",
            "cookie: JSESSIONID=1234                                      | cookie: [removed]",
            "key 0123456789abcdef0123456789abcdef01 leaked                | key [removed] leaked",
            "The access token expired                                     | The access token expired",
            "Field 'summary' is required                                  | Field 'summary' is required",
            "line one{crlf}line{esc}[2J two                               | line one line [2J two",
    })
    void removesCredentialShapesAndControlCharacters(String text, String cleaned) {
        assertThat(RelayedText.clean(text.replace("{basic}", BASIC).replace("{crlf}", "\r\n").replace("{esc}", "\u001b")))
                .isEqualTo(cleaned.replace("{basic}", BASIC));
    }

    @ParameterizedTest
    @CsvSource({"299", "300", "5000"})
    void cutsLongTexts(int length) {
        String cleaned = RelayedText.clean("word ".repeat(length / 5 + 1).substring(0, length));
        assertThat(cleaned.length()).isLessThanOrEqualTo(RelayedText.MAX_LENGTH + 3);
    }
}
