package org.jirabridge.component.jira;

/** Looks up the connection of an integration; bound in the Camel registry so {@code jirarest:op?integration=id} works. */
@FunctionalInterface
public interface JiraConnectionResolver {

    /** @throws IllegalArgumentException when no integration has this id */
    JiraConnection resolve(String integrationId);
}
