// Drives a Jira sandbox with jira.js (npm, pinned in package.json), the way an ordinary script would:
// Cloud through its Version3Client (ADF rich text), Server / Data Center through its Version2Client.
//
// Usage: node drive.mjs <base-url> cloud|server
// Prints one line per call ("ok"/"FAIL") and exits with the number of failed calls.
// On Server, what Data Center does not have is left out: project/search (the projects are read one by one), GET /label,
// search/jql (Server searches through /rest/api/2/search) and removing a watcher by accountId.
import { Version2Client, Version3Client } from 'jira.js';

const [url, flavour] = process.argv.slice(2);
const cloud = flavour === 'cloud';
const authentication = cloud
  ? { basic: { email: 'demo@example.com', apiToken: 'demo-token' } }
  : { basic: { email: 'admin', apiToken: 'admin' } };
const jira = cloud ? new Version3Client({ host: url, authentication }) : new Version2Client({ host: url, authentication });
const other = cloud ? { accountId: '557058:2a3e4c5d-0000-4000-8000-000000000002' } : { name: 'alex' };
const failed = [];

/** Runs one call; every failure is reported, none stops the run. */
async function step(name, call) {
  try {
    const result = await call();
    console.log('ok  ', name, result === undefined ? '' : JSON.stringify(result).slice(0, 120));
    return result;
  } catch (error) {
    failed.push(name);
    const detail = error?.response ?? error?.data ?? error?.message ?? error;
    console.log('FAIL', name, error?.status ?? '', JSON.stringify(detail).slice(0, 400));
    return undefined;
  }
}

/** Rich text as each REST version takes it: an ADF document on v3, a plain string on v2. */
function text(value) {
  return cloud
    ? { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: value }] }] }
    : value;
}

/** Fails the step when a condition on an answer does not hold. */
function expect(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

await step('serverInfo', async () => (await jira.serverInfo.getServerInfo()).deploymentType);
await step('myself', async () => {
  const me = await jira.myself.getCurrentUser();
  expect(me.displayName && me.timeZone, 'myself without displayName or timeZone');
  return me.displayName;
});
if (cloud) {
  await step('searchProjects', async () => (await jira.projects.searchProjects({ expand: 'lead,issueTypes' })).values.map((p) => p.key));
  await step('searchProjects by type', async () => {
    const page = await jira.projects.searchProjects({ typeKey: 'service_desk' });
    expect(page.values.every((p) => p.projectTypeKey === 'service_desk') && page.values.length > 0, 'typeKey not applied');
    return page.values.map((p) => p.key);
  });
} else {
  await step('getProject DEMO', async () => (await jira.projects.getProject({ projectIdOrKey: 'DEMO' })).issueTypes.map((t) => t.name));
  await step('getProject REQ', async () => (await jira.projects.getProject('REQ')).name);
}
await step('getPriorities', async () => (await jira.issuePriorities.getPriorities()).map((p) => p.name));
await step('getPriority', async () => (await jira.issuePriorities.getPriority({ id: '2' })).name);
await step('getIssueAllTypes', async () => (await jira.issueTypes.getIssueAllTypes()).map((t) => t.name));
await step('getIssueType', async () => (await jira.issueTypes.getIssueType({ id: '10001' })).name);
await step('getFields', async () => (await jira.issueFields.getFields()).length);
await step('getStatuses', async () => (await jira.workflowStatuses.getStatuses()).map((s) => s.statusCategory.key));
await step('findUsers', async () => {
  const users = await jira.userSearch.findUsers(cloud ? { query: 'alex' } : { username: 'alex' });
  expect(users.length === 1, 'expected one user named alex');
  return users.map((u) => u.displayName);
});
await step('findAssignableUsers', async () => (await jira.userSearch.findAssignableUsers({ project: 'DEMO' })).length);

const created = await step('createIssue', async () => jira.issues.createIssue({
  fields: {
    project: { key: 'DEMO' },
    issuetype: { name: 'Bug' },
    summary: 'Checkout button does nothing',
    description: text('Steps: open the app, tap Pay.'),
    labels: ['checkout'],
    priority: { name: 'High' },
  },
}));
const key = created?.key ?? 'DEMO-1';
await step('getIssue', async () => {
  const issue = await jira.issues.getIssue({ issueIdOrKey: key, expand: 'names,renderedFields,transitions' });
  expect(issue.fields.summary === 'Checkout button does nothing', 'summary not as created');
  expect(issue.names && issue.renderedFields && issue.transitions, 'expansions missing');
  return [issue.key, issue.fields.status.name, issue.fields.priority.name];
});
await step('editIssue', async () => jira.issues.editIssue({
  issueIdOrKey: key,
  fields: { summary: 'Checkout button does nothing on iOS' },
  update: { labels: [{ add: 'ios' }] },
}));
await step('editIssue description as text', async () => jira.issues.editIssue({
  issueIdOrKey: key,
  fields: { description: 'Steps: open the app, tap Pay twice.' },
}));
await step('labels', async () => {
  const issue = await jira.issues.getIssue({ issueIdOrKey: key, fields: ['labels', 'summary'] });
  expect(issue.fields.labels.includes('ios') && issue.fields.labels.includes('checkout'), 'labels not added');
  return issue.fields.labels;
});
if (cloud) {
  await step('getAllLabels', async () => {
    const page = await jira.labels.getAllLabels();
    expect(page.values.includes('ios'), 'label ios not listed');
    return page.values;
  });
}
const comment = await step('addComment', async () => jira.issueComments.addComment({
  issueIdOrKey: key,
  comment: text('Seen on staging.'),
  body: text('Seen on staging.'),
}));
await step('getComments', async () => (await jira.issueComments.getComments({ issueIdOrKey: key })).total);
if (comment) {
  await step('getComment', async () => (await jira.issueComments.getComment({ issueIdOrKey: key, id: comment.id })).id);
  await step('updateComment', async () => (await jira.issueComments.updateComment({
    issueIdOrKey: key, id: comment.id, comment: text('Seen on staging and production.'), body: text('Seen on staging and production.'),
  })).id);
}
await step('getTransitions', async () => (await jira.issues.getTransitions({ issueIdOrKey: key })).transitions.map((t) => t.name));
await step('doTransition', async () => jira.issues.doTransition({ issueIdOrKey: key, transition: { id: '21' } }));
await step('status after transition', async () => {
  const issue = await jira.issues.getIssue({ issueIdOrKey: key, fields: ['status'] });
  expect(issue.fields.status.name === 'In Progress', 'status is ' + issue.fields.status.name);
  return issue.fields.status.name;
});
await step('assignIssue', async () => jira.issues.assignIssue({ issueIdOrKey: key, ...other }));
await step('assignee', async () => {
  const issue = await jira.issues.getIssue({ issueIdOrKey: key, fields: ['assignee'] });
  expect(issue.fields.assignee?.displayName === 'Alex Triager', 'not assigned to Alex');
  return issue.fields.assignee.displayName;
});
await step('addWatcher', async () => jira.issueWatchers.addWatcher({
  issueIdOrKey: key, accountId: cloud ? other.accountId : other.name,
}));
await step('getIssueWatchers', async () => {
  const watchers = await jira.issueWatchers.getIssueWatchers({ issueIdOrKey: key });
  expect(watchers.watchCount === 2, 'expected 2 watchers, got ' + watchers.watchCount);
  return watchers.watchers.map((w) => w.displayName);
});
if (cloud) {
  // the Version2Client sends only accountId, which Data Center does not take (it wants username)
  await step('removeWatcher', async () => jira.issueWatchers.removeWatcher({ issueIdOrKey: key, accountId: other.accountId }));
}
if (cloud) {
  await step('searchForIssuesUsingJqlEnhancedSearch', async () => {
    const page = await jira.issueSearch.searchForIssuesUsingJqlEnhancedSearch({
      jql: 'project = DEMO AND labels = ios ORDER BY created DESC', fields: ['summary', 'status'], maxResults: 50,
    });
    expect(page.issues.length === 1 && page.issues[0].key === key, 'search did not find ' + key);
    return page.issues.map((i) => i.key);
  });
  await step('searchForIssuesUsingJqlEnhancedSearchPost', async () => (await jira.issueSearch.searchForIssuesUsingJqlEnhancedSearchPost({
    jql: 'project = DEMO AND assignee = "' + other.accountId + '"', fields: ['summary'], expand: 'names',
  })).issues.map((i) => i.key));
  await step('countIssues', async () => (await jira.issueSearch.countIssues({ jql: 'project = DEMO' })).count);
} else {
  await step('searchForIssuesUsingJql', async () => {
    const page = await jira.issueSearch.searchForIssuesUsingJql({
      jql: 'project = DEMO AND labels = ios ORDER BY created DESC', fields: ['summary', 'status'], maxResults: 50,
    });
    expect(page.total === 1 && page.issues[0].key === key, 'search did not find ' + key);
    return page.issues.map((i) => i.key);
  });
  await step('searchForIssuesUsingJqlPost', async () => (await jira.issueSearch.searchForIssuesUsingJqlPost({
    jql: 'project = DEMO AND assignee = alex', fields: ['summary'], expand: ['names'],
  })).issues.map((i) => i.key));
}
if (comment) {
  await step('deleteComment', async () => jira.issueComments.deleteComment({ issueIdOrKey: key, id: comment.id }));
}
await step('deleteIssue', async () => jira.issues.deleteIssue({ issueIdOrKey: key }));
await step('getIssue after delete', async () => {
  try {
    await jira.issues.getIssue({ issueIdOrKey: key });
  } catch (error) {
    expect(error.status === 404, 'expected 404, got ' + error.status);
    return 404;
  }
  throw new Error('the deleted issue is still there');
});
console.log('FAILED:', JSON.stringify(failed));
process.exit(failed.length);
