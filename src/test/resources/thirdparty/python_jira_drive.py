"""Drives a Jira sandbox with Debian's python3-jira (pycontribs/jira), the way an ordinary script would.

Usage: python3 python_jira_drive.py <base-url> cloud|server
Prints one line per call ("ok"/"FAIL") and exits with the number of failed calls.
Left out on Cloud: searches, because this library version still calls /rest/api/2/search, which Jira Cloud has
removed (410).
"""
import sys

from jira import JIRA

url, flavour = sys.argv[1], sys.argv[2]
cloud = flavour == "cloud"
jira = JIRA(server=url, basic_auth=("demo@example.com", "demo-token") if cloud else ("admin", "admin"))
other = "557058:2a3e4c5d-0000-4000-8000-000000000002" if cloud else "alex"
# what a person types to find the other user: Cloud searches by name or email, Server by username
other_search = "alex@example.com" if cloud else "alex"
failed = []


def step(name, call):
    try:
        result = call()
        print("ok  ", name, repr(result)[:120] if result is not None else "")
        return result
    except Exception as error:  # every failure is reported, none stops the run
        failed.append(name)
        print("FAIL", name, type(error).__name__, str(error)[:400])
        return None


step("server_info", lambda: jira.server_info()["deploymentType"])
step("myself", lambda: (jira.myself()["displayName"], jira.myself()["timeZone"]))
step("current_user", lambda: jira.current_user())
step("search_users", lambda: [u.displayName for u in (jira.search_users(query="alex") if cloud else jira.search_users(user="alex"))])
step("user", lambda: jira.user(other).displayName)
step("statuses", lambda: [(s.name, s.statusCategory.key) for s in jira.statuses()])
step("status", lambda: jira.status("3").name)
step("statuscategories", lambda: [c.key for c in jira.statuscategories()])
step("statuscategory", lambda: jira.statuscategory(4).name)
step("issue_type", lambda: jira.issue_type("10001").name)
step("priority", lambda: jira.priority("2").name)
step("resolution", lambda: jira.resolution("10000").name)
step("assignable users", lambda: [u.displayName for u in (jira.search_assignable_users_for_issues(
    query="alex", project="DEMO") if cloud else jira.search_assignable_users_for_issues("alex", project="DEMO"))])
step("boards", lambda: [(b.id, b.name) for b in jira.boards(projectKeyOrID="DEMO")])
step("sprints", lambda: [(s.name, s.state) for s in jira.sprints(1)])
step("sprint", lambda: jira.sprint(2).name)
step("projects", lambda: [p.key for p in jira.projects()])
step("project", lambda: (jira.project("DEMO").lead.displayName, [t.name for t in jira.project("DEMO").issueTypes]))
step("fields", lambda: len(jira.fields()))
step("priorities", lambda: [p.name for p in jira.priorities()])
step("resolutions", lambda: [r.name for r in jira.resolutions()])
step("issue_types", lambda: [t.name for t in jira.issue_types()])
step("project_components", lambda: [c.name for c in jira.project_components("DEMO")])
step("project_versions", lambda: [v.name for v in jira.project_versions("DEMO")])
step("create_version", lambda: jira.create_version("7.0", "DEMO").name)
step("create_component", lambda: jira.create_component("Payments", "DEMO").name)
issue = step("create_issue", lambda: jira.create_issue(project="DEMO", summary="Crash on start",
                                                        description="Steps\n\nOpen the app", issuetype={"name": "Bug"},
                                                        labels=["crash"], components=[{"name": "Payments"}]))
key = issue.key if issue else "DEMO-1"
step("issue with expansions", lambda: sorted(jira.issue(key, expand="renderedFields,names,schema,transitions,operations,editmeta").raw))
step("editmeta", lambda: sorted(jira.editmeta(key)["fields"])[:3])
step("update", lambda: jira.issue(key).update(summary="Crash on start (seen twice)", priority={"name": "High"}))
comment = step("add_comment", lambda: jira.add_comment(key, "seen on staging"))
step("comments", lambda: [c.body for c in jira.comments(key)])
step("comment", lambda: jira.comment(key, comment.id).body if comment else None)
step("comment update", lambda: comment.update(body="seen on staging and production"))
step("add_field_value labels", lambda: jira.issue(key).add_field_value("labels", "android"))
step("labels", lambda: jira.issue(key, fields="labels").fields.labels)
step("add_issue_property", lambda: jira.add_issue_property(key, "bridge", {"reportId": "r-1"}).status_code)
step("issue_properties", lambda: [p.key for p in jira.issue_properties(key)])
step("issue_property", lambda: jira.issue_property(key, "bridge").value.reportId)
step("transitions", lambda: [t["name"] for t in jira.transitions(key)])
step("transition_issue", lambda: jira.transition_issue(key, "21"))
step("assign_issue", lambda: jira.assign_issue(key, other_search))
step("assignee", lambda: jira.issue(key, fields="assignee").fields.assignee.displayName)
step("assign_issue none", lambda: jira.assign_issue(key, None))
step("add_watcher", lambda: jira.add_watcher(key, other).status_code)
step("watchers", lambda: [w.displayName for w in jira.watchers(key).watchers])
step("remove_watcher", lambda: jira.remove_watcher(key, other_search).status_code)
step("watchers after remove", lambda: jira.watchers(key).watchCount)
step("changelog", lambda: [(h.items[0].field, h.items[0].toString) for h in jira.issue(key, expand="changelog").changelog.histories])
step("comment delete", lambda: comment.delete())
step("add_attachment", lambda: jira.add_attachment(key, attachment=__file__, filename="drive.py").filename)
if not cloud:
    # this library version searches through /rest/api/2/search, which Jira Cloud has removed (410)
    step("search_issues", lambda: [i.key for i in jira.search_issues("project = DEMO OR labels = crash ORDER BY rank")])
    step("search_issues text", lambda: [i.key for i in jira.search_issues("text ~ crash AND statusCategory != Done")])
    step("search_issues changelog", lambda: [len(i.changelog.histories) for i in jira.search_issues(
        "project = DEMO ORDER BY updated", expand="changelog", maxResults=False)])
step("delete", lambda: jira.issue(key).delete())
print("FAILED:", failed)
sys.exit(len(failed))
