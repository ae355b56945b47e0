package org.jirabridge.ui;

import org.jirabridge.store.Json;

/** Building blocks of the web page's HTML: escaping, the page frame with its navigation, embedded page data. */
final class Html {

    private Html() {
    }

    /** Text or an attribute value, escaped for HTML. */
    static String esc(Object value) {
        if (value == null) {
            return "";
        }
        String text = String.valueOf(value);
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Data for the page's script, in a JSON block the browser never runs ("<" escaped so it cannot close it). */
    static String data(Object value) {
        return "<script type=\"application/json\" id=\"page-data\">"
                + Json.write(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
                + "</script>";
    }

    /** A whole page; {@code csrf} null for the signed-out pages (no navigation then). */
    static String page(String title, String csrf, String active, String body) {
        StringBuilder html = new StringBuilder(4096);
        html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(esc(title)).append(" · jira-bridge</title>")
                .append("<link rel=\"stylesheet\" href=\"/ui/assets/ui.css\">");
        if (csrf != null) {
            html.append("<meta name=\"csrf-token\" content=\"").append(esc(csrf)).append("\">");
        }
        html.append("<script src=\"/ui/assets/ui.js\" defer></script></head><body>");
        html.append("<header><span class=\"brand\">jira-bridge</span>");
        if (csrf != null) {
            html.append("<nav aria-label=\"Main\">");
            for (String[] link : new String[][]{{"integrations", "Integrations"}, {"reports", "Reports"},
                    {"dead-letters", "Dead letters"}, {"api-keys", "API keys"}, {"ingestion", "Ingestion"}}) {
                html.append("<a href=\"/ui/").append(link[0]).append('"')
                        .append(link[0].equals(active) ? " aria-current=\"page\"" : "").append('>')
                        .append(link[1]).append("</a>");
            }
            html.append("<button type=\"button\" id=\"sign-out\">Sign out</button></nav>");
        }
        html.append("</header><main>").append(body).append("</main></body></html>");
        return html.toString();
    }
}
