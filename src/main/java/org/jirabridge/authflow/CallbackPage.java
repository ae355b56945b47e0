package org.jirabridge.authflow;

import org.apache.camel.Exchange;
import org.jirabridge.api.ApiException;
import org.jirabridge.api.ApiResponses;
import org.jirabridge.integration.InvalidIntegrationException;

/**
 * The answer of an OAuth callback: a browser (which lands there after the consent page) gets a short HTML page saying
 * what happened; a client that asks for JSON gets the JSON answer.
 */
final class CallbackPage {

    /** A callback's work, which may refuse with an {@link ApiException}. */
    interface Work {
        OAuthResource.Authorization run();
    }

    private CallbackPage() {
    }

    /** Runs the callback and answers it as the caller asked: HTML for a browser, JSON otherwise. */
    static void answer(Exchange exchange, Work work) {
        if (!wantsHtml(exchange)) {
            ApiResponses.json(exchange, 200, work.run());
            return;
        }
        try {
            OAuthResource.Authorization answer = work.run();
            boolean authorized = "authorized".equals(answer.status());
            html(exchange, 200, authorized ? "Authorized" : "One more step",
                    authorized ? "jira-bridge may now use Jira for integration " + answer.integrationId()
                            + ". You can close this window."
                            : String.valueOf(answer.message()));
        } catch (ApiException e) {
            html(exchange, e.status(), "Not authorized", e.getMessage());
        } catch (InvalidIntegrationException e) {
            html(exchange, 400, "Not authorized", e.getMessage());
        }
    }

    /** A browser asks for text/html first; API clients send application/json or nothing. */
    static boolean wantsHtml(Exchange exchange) {
        String accept = exchange.getMessage().getHeader("Accept", String.class);
        return accept != null && accept.contains("text/html") && !accept.strip().startsWith("application/json");
    }

    private static void html(Exchange exchange, int status, String title, String text) {
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "text/html; charset=utf-8");
        exchange.getMessage().setBody("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>jira-bridge: "
                + escape(title) + "</title></head>\n<body><h1>" + escape(title) + "</h1>\n<p>" + escape(text)
                + "</p></body></html>\n");
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
