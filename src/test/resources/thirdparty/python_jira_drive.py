"""Drives a Jira sandbox with Debian's python3-jira (pycontribs/jira), the way an ordinary script would.

Usage: python3 python_jira_drive.py <base-url> cloud|server
Prints one line per call ("ok"/"FAIL") and exits with the number of failed calls.
Calls left out until the sandbox serves what the library needs for them:
assign_issue and remove_watcher look users up through /rest/api/2/user/search (data ingestion work).
"""
import sys

from jira import JIRA

url, flavour = sys.argv[1], sys.argv[2]
cloud = flavour == "cloud"
jira = JIRA(server=url, basic_auth=("demo@example.com", "demo-token") if cloud else ("admin", "admin"))
other = "557058:2a3e4c5d-0000-4000-8000-000000000002" if cloud else "alex"
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
step("add_comment", lambda: jira.add_comment(key, "seen on staging").id)
step("comments", lambda: [c.body for c in jira.comments(key)])
step("transitions", lambda: [t["name"] for t in jira.transitions(key)])
step("transition_issue", lambda: jira.transition_issue(key, "21"))
step("add_watcher", lambda: jira.add_watcher(key, other).status_code)
step("watchers", lambda: jira.watchers(key).watchCount)
step("add_attachment", lambda: jira.add_attachment(key, attachment=__file__, filename="drive.py").filename)
if not cloud:
    # this library version searches through /rest/api/2/search, which Jira Cloud has removed (410)
    step("search_issues", lambda: [i.key for i in jira.search_issues("project = DEMO OR labels = crash ORDER BY rank")])
    step("search_issues text", lambda: [i.key for i in jira.search_issues("text ~ crash AND statusCategory != Done")])
step("delete", lambda: jira.issue(key).delete())
print("FAILED:", failed)
sys.exit(len(failed))
