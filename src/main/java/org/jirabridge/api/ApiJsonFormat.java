package org.jirabridge.api;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import org.apache.camel.Exchange;
import org.apache.camel.spi.DataFormat;
import org.apache.camel.support.service.ServiceSupport;
import org.jirabridge.store.Json;

/**
 * The REST DSL's JSON binding ({@code camel.rest.json-data-format}): answers (the adapters' response records) are
 * written with the project's one ObjectMapper, so a record reads exactly as the API always answered. Request bodies
 * are not read here: an operation that takes a body binds it in its adapter after the API's own checks (media type,
 * UTF-8, where malformed JSON stops, every unknown field named), which Camel's binding could not report in the
 * error contract. A body that is already text (an error written by {@link ApiResponses}) passes unchanged.
 */
public final class ApiJsonFormat extends ServiceSupport implements DataFormat {

    private Class<?> unmarshalType;
    private boolean useList;

    @Override
    public void marshal(Exchange exchange, Object graph, OutputStream stream) throws Exception {
        if (graph instanceof String text) {
            stream.write(text.getBytes(StandardCharsets.UTF_8));
        } else if (graph instanceof byte[] bytes) {
            stream.write(bytes);
        } else {
            Json.MAPPER.writeValue(stream, graph);
        }
    }

    @Override
    public Object unmarshal(Exchange exchange, InputStream stream) {
        return exchange.getMessage().getBody();
    }

    /** Set by the REST DSL from an operation's type; bodies are bound by the adapters. */
    public void setUnmarshalType(Class<?> unmarshalType) {
        this.unmarshalType = unmarshalType;
    }

    public Class<?> getUnmarshalType() {
        return unmarshalType;
    }

    public void setUseList(boolean useList) {
        this.useList = useList;
    }

    public boolean isUseList() {
        return useList;
    }
}
