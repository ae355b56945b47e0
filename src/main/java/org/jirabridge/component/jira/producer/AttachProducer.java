package org.jirabridge.component.jira.producer;

import java.io.File;
import java.io.InputStream;
import java.net.URLConnection;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.jirabridge.component.jira.JiraHeaders;
import org.jirabridge.component.jira.JiraRestConstants;
import org.jirabridge.component.jira.JiraRestEndpoint;
import org.jirabridge.component.jira.client.JiraRestClient;
import org.jirabridge.component.jira.client.Json;

/**
 * {@code attach}: multipart POST /issue/{key}/attachments with {@code X-Atlassian-Token: no-check}. Body: a File,
 * byte[], InputStream or anything convertible to byte[]. Name from CamelJiraAttachmentName/JiraAttachmentName, else
 * CamelFileName, else the File's name; content type from CamelJiraAttachmentContentType, else guessed from the name.
 * Result: List of the attachment Maps Jira created.
 */
public class AttachProducer extends JiraRestProducer {

    private static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";

    public AttachProducer(JiraRestEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    protected void invoke(Exchange exchange, JiraRestClient client, JiraHeaders headers) throws Exception {
        String key = issueKey(headers);
        Message message = exchange.getMessage();
        Object body = message.getBody();
        Object content;
        String defaultName = "attachment";
        if (body instanceof File file) {
            content = file;
            defaultName = file.getName();
        } else if (body instanceof InputStream stream) {
            content = stream.readAllBytes();
        } else {
            content = message.getMandatoryBody(byte[].class);
        }
        String name = headers.text(JiraRestConstants.ATTACHMENT_NAME);
        if (name == null) {
            name = message.getHeader(Exchange.FILE_NAME, String.class);
        }
        if (name == null || name.isBlank()) {
            name = defaultName;
        }
        // a path in CamelFileName (file consumer) is not part of the name Jira shows
        name = new File(name).getName();
        String contentType = headers.text(JiraRestConstants.ATTACHMENT_CONTENT_TYPE);
        if (contentType == null) {
            contentType = URLConnection.guessContentTypeFromName(name);
        }
        Object created = client.attach(issuePath(client, key, "/attachments"), name,
                contentType == null ? DEFAULT_CONTENT_TYPE : contentType, content);
        message.setBody(Json.list(created));
    }
}
