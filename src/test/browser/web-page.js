// Drives the setup web page in headless Chromium (Debian's /usr/bin/chromium) against a running jira-bridge and its
// sandbox. Run by org.jirabridge.ui.WebPageBrowserTest, which starts the service and passes:
//   BASE_URL, SANDBOX_URL, ADMIN_TOKEN, FLAVOUR (cloud | server), SHOTS (folder for the step screenshots).
// Prints one line per scenario and "N passed, N failed" at the end; exits non-zero when any scenario failed.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');

const BASE = process.env.BASE_URL;
const SANDBOX = process.env.SANDBOX_URL;
const ADMIN = process.env.ADMIN_TOKEN;
const FLAVOUR = process.env.FLAVOUR || 'cloud';
const SHOTS = process.env.SHOTS || 'target/ui-screenshots';
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

const results = [];

async function scenario(name, body) {
  const started = Date.now();
  try {
    await body();
    results.push({ name, ok: true });
    console.log('PASS ' + name + ' (' + (Date.now() - started) + ' ms)');
  } catch (error) {
    results.push({ name, ok: false });
    console.log('FAIL ' + name + ': ' + (error && error.stack ? error.stack : error));
  }
}

/** The v1 API, outside the browser: to arrange what a scenario needs and to check what the page did. */
async function api(method, url, body, credential) {
  const response = await fetch(BASE + url, {
    method,
    headers: Object.assign({ Authorization: 'Bearer ' + (credential || ADMIN) },
      body === undefined ? {} : { 'Content-Type': 'application/json' }),
    body: body === undefined ? undefined : JSON.stringify(body)
  });
  const text = await response.text();
  let json = null;
  try { json = JSON.parse(text); } catch (notJson) { json = text; }
  return { status: response.status, json };
}

async function until(what, condition, timeoutMs) {
  const deadline = Date.now() + (timeoutMs || 20000);
  let last;
  while (Date.now() < deadline) {
    last = await condition();
    if (last) return last;
    await new Promise(resolve => setTimeout(resolve, 200));
  }
  throw new Error('timed out waiting for ' + what + ' (last: ' + JSON.stringify(last) + ')');
}

async function shot(page, name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, FLAVOUR + '-' + name + '.png'), fullPage: true });
}

const label = (page, name) => page.getByLabel(name, { exact: true });
const button = (page, name) => page.getByRole('button', { name, exact: true });

async function signIn(page) {
  await page.goto(BASE + '/ui/integrations');
  await page.waitForURL(/\/ui\/sign-in/);
  await label(page, 'Admin credential').fill(ADMIN);
  await button(page, 'Sign in').click();
  await page.waitForURL(/\/ui\/integrations$/);
}

/** Authenticate: the connection fields, Next, and the connection check's items. */
async function authenticate(page, values) {
  await page.getByRole('heading', { name: 'Authenticate', level: 2 }).waitFor();
  if (values.id) await label(page, 'Integration ID').fill(values.id);
  if (values.name) await label(page, 'Name').fill(values.name);
  await page.getByLabel(values.deployment === 'server' ? 'Jira Server / Data Center' : 'Jira Cloud').check();
  await label(page, 'Authentication type').selectOption(values.authType);
  for (const [name, value] of Object.entries(values.fields || {})) {
    await label(page, name).fill(value);
  }
  await label(page, 'Jira URL').fill(values.baseUrl);
}

async function setUp(page, project, issueType) {
  await page.getByRole('heading', { name: 'Set up', level: 2 }).waitFor();
  await label(page, 'Project').fill(project);
  await label(page, 'Project').dispatchEvent('change');
  await until('issue types of ' + project, async () =>
    (await label(page, 'Issue type').locator('option').count()) > 0);
  await label(page, 'Issue type').selectOption(issueType);
  await label(page, 'Issue type').dispatchEvent('change');
  await until('the priority map', async () => (await page.locator('#priorities select').count()) === 5
    && (await page.locator('#priorities select option').count()) > 5);
}

async function testAndFinish(page, switches) {
  await page.getByRole('heading', { name: 'Test', level: 2 }).waitFor();
  await shot(page, 'wizard-3-test');
  await button(page, 'Test').click();
  const link = page.locator('#test-issue-link');
  await link.waitFor({ timeout: 20000 });
  const key = await link.textContent();
  assert.match(key, /^DEMO-\d+$/);
  assert.match(await link.getAttribute('href'), /\/browse\/DEMO-\d+$/);
  await shot(page, 'wizard-3-test-done');
  await button(page, 'Next').click();
  await page.getByRole('heading', { name: 'Finish', level: 2 }).waitFor();
  for (const [name, on] of Object.entries(switches || {})) {
    await label(page, name).setChecked(on);
  }
  await shot(page, 'wizard-4-finish');
  await button(page, 'Finish').click();
  await page.waitForURL(/\/ui\/integrations$/);
  return key;
}

async function sendReport(integrationId, title) {
  const sent = await api('POST', '/api/v1/reports', { title, description: 'From the browser test', type: 'bug',
    priority: 'Major', integrationId });
  assert.equal(sent.status, 202, JSON.stringify(sent.json));
  return sent.json.id;
}

async function main() {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  try {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15000);
    if (FLAVOUR === 'cloud') {
      await cloud(page, context);
    } else {
      await server(page);
    }
  } finally {
    await browser.close();
  }
}

async function cloud(page, context) {
  await scenario('sign-in is required, and a wrong credential is refused next to its field', async () => {
    const answer = await page.goto(BASE + '/ui/reports');
    assert.match(page.url(), /\/ui\/sign-in\?next=%2Fui%2Freports/);
    assert.equal(answer.status(), 200);
    const action = await fetch(BASE + '/ui/api/api-keys', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: '{"name":"x","integrations":["demo"]}' });
    assert.equal(action.status, 401);
    await label(page, 'Admin credential').fill('not-the-admin-credential');
    await button(page, 'Sign in').click();
    await page.locator('[data-error-for="credential"]', { hasText: 'not the admin credential' }).waitFor();
    await label(page, 'Admin credential').fill(ADMIN);
    await button(page, 'Sign in').click();
    await page.waitForURL(/\/ui\/reports$/);
    const cookie = (await context.cookies()).find(c => c.name === 'jb_session');
    assert.ok(cookie, 'session cookie');
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Strict');
  });

  await scenario('a forged cross-site request is refused', async () => {
    const before = (await api('GET', '/api/v1/api-keys')).json.apiKeys.length;
    // another site's page that posts to the web page, as an attacker's page would
    await page.route('http://attacker.test/**', route => route.fulfill({ contentType: 'text/html', body:
      '<form id="f" method="post" enctype="text/plain" action="' + BASE + '/ui/api/api-keys">'
      + '<input name=\'{"name":"forged","integrations":["demo"],"x":"\' value=\'"}\'></form>'
      + '<script>document.getElementById("f").submit()</script>' }));
    const forged = page.waitForResponse(response => response.url().startsWith(BASE + '/ui/api/api-keys'));
    await page.goto('http://attacker.test/');
    const refused = await forged;
    assert.ok([401, 403].includes(refused.status()), 'status ' + refused.status());
    // same origin, with the session cookie, but without the page's CSRF token
    await page.goto(BASE + '/ui/api-keys');
    const status = await page.evaluate(async () => (await fetch('/ui/api/api-keys', { method: 'POST',
      headers: { 'Content-Type': 'application/json' }, body: '{"name":"forged","integrations":["demo"]}' })).status);
    assert.equal(status, 403);
    assert.equal((await api('GET', '/api/v1/api-keys')).json.apiKeys.length, before, 'no key was created');
  });

  await scenario('the wizard: Basic on Cloud against the sandbox', async () => {
    await page.goto(BASE + '/ui/integrations');
    await page.getByRole('link', { name: 'New integration' }).click();
    await authenticate(page, { id: 'cloud-basic', name: 'Cloud, Basic', deployment: 'cloud', authType: 'BASIC',
      fields: { 'API token': 'demo-token' }, baseUrl: 'acme' });
    // a bare site name is a Cloud site
    await page.locator('#baseUrl-hint', { hasText: 'https://acme.atlassian.net' }).waitFor();
    assert.equal(await label(page, 'Username').isVisible(), false, 'only the fields of the chosen type');
    assert.equal(await label(page, 'Personal access token').isVisible(), false);
    await label(page, 'Jira URL').fill(SANDBOX);
    // a new integration cannot take an existing one's id
    await label(page, 'Integration ID').fill('demo');
    await button(page, 'Next').click();
    await page.locator('[data-error-for="id"]', { hasText: 'is taken' }).waitFor();
    await label(page, 'Integration ID').fill('cloud-basic');
    await button(page, 'Next').click();
    // an error shows next to its field
    await page.locator('[data-error-for="email"]', { hasText: 'is required' }).waitFor();
    await label(page, 'Email').fill('demo@example.com');
    await shot(page, 'wizard-1-authenticate');
    await button(page, 'Next').click();
    await setUp(page, 'DEMO', 'Bug');
    await page.locator('#check li.item-ok', { hasText: 'credentials' }).first().waitFor({ state: 'attached' });
    // assignees are searched by name, and the value is the person's account
    const people = await page.locator('#assignees-list option').evaluateAll(options =>
      options.map(option => ({ value: option.value, label: option.label })));
    assert.ok(people.length > 0, 'assignable people');
    await label(page, 'Assignee').fill(people[0].value);
    // the field mapping shows the Jira field's type; a field jira-bridge cannot fill is refused before saving
    await button(page, 'Add field mapping').click();
    await page.locator('#mapping-source-0').fill('app.version');
    await page.locator('#mapping-field-0').selectOption('customfield_10010');
    assert.notEqual((await page.locator('#mapping tbody tr').first().locator('.field-type').textContent()), '');
    await label(page, 'Device').uncheck();
    await shot(page, 'wizard-2-set-up');
    await button(page, 'Next').click();
    const key = await testAndFinish(page, {});
    const saved = (await api('GET', '/api/v1/integrations/cloud-basic')).json;
    assert.equal(saved.target.projectKey, 'DEMO');
    assert.equal(saved.target.assignee, people[0].value);
    assert.equal(saved.mapping.customFields[0].field, 'customfield_10010');
    assert.ok(!saved.mapping.include.includes('device'));
    assert.equal(saved.sync.autoForward, true);
    assert.equal(saved.connection.apiToken, '********');
    const issues = await (await fetch(SANDBOX + '/_sandbox/issues')).json();
    assert.ok(issues.issues.some(issue => issue.key === key), 'the test issue exists in the sandbox');
    await page.locator('tr[data-integration="cloud-basic"]', { hasText: 'connected' }).waitFor();
  });

  await scenario('a refused field mapping shows its error next to the entry', async () => {
    await page.goto(BASE + '/ui/integrations/cloud-basic/edit');
    await button(page, 'Next').click();
    await setUp(page, 'DEMO', 'Bug');
    await until('the saved mapping row', async () => (await page.locator('#mapping-field-0').inputValue()) === 'customfield_10010');
    await button(page, 'Add field mapping').click();
    // an email is text; the field holds a number
    await page.locator('#mapping-source-1').fill('reporter.email');
    await page.locator('#mapping-field-1').selectOption('customfield_10013');
    assert.equal(await page.locator('#mapping tbody tr').nth(1).locator('.field-type').textContent(), 'number');
    await button(page, 'Next').click();
    await page.locator('[data-error-for="mapping.customFields[1]"]').filter({ hasText: /\S/ }).waitFor();
    assert.equal(await page.getByRole('heading', { name: 'Set up', level: 2 }).isVisible(), true, 'stays on Set up');
  });

  await scenario('an integration is edited: the wizard comes filled in, secrets show as set and never come back', async () => {
    const response = await page.goto(BASE + '/ui/integrations/cloud-basic/edit');
    const html = await response.text();
    assert.ok(!html.includes('demo-token'), 'the API token is not in the page');
    assert.equal(await label(page, 'Email').inputValue(), 'demo@example.com');
    assert.equal(await label(page, 'API token').inputValue(), '');
    assert.match(await label(page, 'API token').getAttribute('placeholder'), /set/);
    assert.equal(await label(page, 'Integration ID').inputValue(), 'cloud-basic');
    await label(page, 'Name').fill('Cloud, Basic (edited)');
    await button(page, 'Next').click();
    await page.getByRole('heading', { name: 'Set up', level: 2 }).waitFor();
    await until('the saved project', async () => (await label(page, 'Project').inputValue()) === 'DEMO'
      && (await label(page, 'Issue type').inputValue()) === 'Bug');
    await until('the saved mapping row', async () => (await page.locator('#mapping-field-0').inputValue()) === 'customfield_10010');
    assert.equal(await label(page, 'Device').isChecked(), false);
    await button(page, 'Next').click();
    await page.getByRole('heading', { name: 'Test', level: 2 }).waitFor();
    await button(page, 'Next').click();
    await button(page, 'Finish').click();
    await page.waitForURL(/\/ui\/integrations$/);
    const saved = (await api('GET', '/api/v1/integrations/cloud-basic')).json;
    assert.equal(saved.name, 'Cloud, Basic (edited)');
    const check = (await api('POST', '/api/v1/integrations/cloud-basic/check')).json;
    assert.ok(check.items.some(item => item.check === 'credentials' && item.status === 'ok'),
      'the kept API token still works: ' + JSON.stringify(check));
  });

  await scenario('the wizard: OAuth 2.0 through the sandbox consent page', async () => {
    await page.goto(BASE + '/ui/integrations/new');
    await authenticate(page, { id: 'cloud-oauth', name: 'Cloud, OAuth 2.0', deployment: 'cloud', authType: 'OAUTH2',
      fields: { 'Client ID': 'demo-oauth-client', 'Client secret': 'demo-oauth-secret' }, baseUrl: SANDBOX });
    assert.equal(await label(page, 'Email').isVisible(), false);
    await page.getByText('Recommended on Cloud').waitFor();
    await button(page, 'Next').click();
    await button(page, 'Connect with Atlassian').waitFor();
    await button(page, 'Connect with Atlassian').click();
    await page.waitForURL(url => url.toString().startsWith(SANDBOX));
    await shot(page, 'oauth-consent');
    await page.getByRole('button', { name: 'Accept' }).click();
    await page.waitForURL(/\/ui\/integrations\/cloud-oauth\/edit\?connected=1/);
    await page.locator('#check h3', { hasText: /Connection check: (ok|warning)/ }).waitFor();
    await shot(page, 'oauth-connected');
    await button(page, 'Next').click();
    await setUp(page, 'DEMO', 'Task');
    await button(page, 'Next').click();
    await testAndFinish(page, { 'Forward automatically': false });
    const saved = (await api('GET', '/api/v1/integrations/cloud-oauth')).json;
    assert.equal(saved.connection.cloudId, 'demo-cloud');
    assert.equal(saved.sync.autoForward, false);
  });

  await scenario('a report is forwarded with Forward to Jira and seen in the list; its priority changes', async () => {
    const id = await sendReport('cloud-oauth', 'Browser test: checkout freezes');
    await page.goto(BASE + '/ui/reports/' + id);
    assert.equal(await page.locator('#report-status').textContent(), 'RECEIVED');
    await button(page, 'Forward to Jira').click();
    await until('the report forwarded', async () => (await api('GET', '/api/v1/reports/' + id)).json.status === 'FORWARDED');
    await page.goto(BASE + '/ui/reports?integrationId=cloud-oauth&q=' + encodeURIComponent('checkout freezes'));
    const row = page.locator('#reports tbody tr', { hasText: 'Browser test: checkout freezes' });
    await row.waitFor();
    assert.match(await row.textContent(), /FORWARDED/);
    const key = (await api('GET', '/api/v1/reports/' + id)).json.jira.key;
    await row.getByRole('link', { name: key }).waitFor();
    await shot(page, 'reports');
    await row.getByRole('link', { name: 'Browser test: checkout freezes' }).click();
    await label(page, 'Priority').selectOption('Blocker');
    await button(page, 'Change priority').click();
    await until('the priority pushed to Jira', async () => {
      const report = (await api('GET', '/api/v1/reports/' + id)).json;
      return report.priority === 'Blocker' && report.jira.priority === 'Highest';
    });
  });

  await scenario('a dead letter shows Jira\'s answer and is replayed', async () => {
    const armed = await fetch(SANDBOX + '/_sandbox/faults', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ path: '/rest/api/3/issue', method: 'POST', status: 400, count: 1 }) });
    assert.equal(armed.status, 201);
    const id = await sendReport('demo', 'Browser test: refused once');
    await until('the dead letter', async () => (await api('GET', '/api/v1/reports/' + id)).json.status === 'FAILED');
    await page.goto(BASE + '/ui/dead-letters');
    const row = page.locator('#dead-letters tbody tr', { hasText: 'Browser test: refused once' });
    await row.waitFor();
    await shot(page, 'dead-letters');
    await row.getByRole('button', { name: 'Replay' }).click();
    await until('the replayed report forwarded', async () => (await api('GET', '/api/v1/reports/' + id)).json.status === 'FORWARDED');
    await page.goto(BASE + '/ui/dead-letters');
    assert.equal(await page.locator('#dead-letters tbody tr', { hasText: 'Browser test: refused once' }).count(), 0);
    // all of an integration at once
    await fetch(SANDBOX + '/_sandbox/faults', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ path: '/rest/api/3/issue', method: 'POST', status: 400, count: 2 }) });
    const first = await sendReport('demo', 'Browser test: refused A');
    const second = await sendReport('demo', 'Browser test: refused B');
    await until('two dead letters', async () => (await api('GET', '/api/v1/reports/' + first)).json.status === 'FAILED'
      && (await api('GET', '/api/v1/reports/' + second)).json.status === 'FAILED');
    await page.goto(BASE + '/ui/dead-letters');
    await button(page, 'Replay all of demo').click();
    await until('both forwarded', async () => (await api('GET', '/api/v1/reports/' + first)).json.status === 'FORWARDED'
      && (await api('GET', '/api/v1/reports/' + second)).json.status === 'FORWARDED');
  });

  await scenario('API keys: created (shown once), listed, revoked', async () => {
    await page.goto(BASE + '/ui/api-keys');
    await label(page, 'Key name').fill('Browser key');
    await page.getByLabel('cloud-basic', { exact: true }).check();
    await button(page, 'Create key').click();
    await label(page, 'New key').waitFor();
    const key = await label(page, 'New key').inputValue();
    assert.match(key, /^jb_/);
    const sent = await api('POST', '/api/v1/reports', { title: 'With the new key', integrationId: 'cloud-basic' }, key);
    assert.equal(sent.status, 202);
    await page.reload();
    assert.ok(!(await page.content()).includes(key), 'the key is shown only once');
    await button(page, 'Revoke Browser key').click();
    await page.locator('#api-keys tbody tr', { hasText: 'Browser key' }).filter({ hasText: 'revoked' }).waitFor();
    await until('revoked', async () => (await api('POST', '/api/v1/reports', { title: 'x', integrationId: 'cloud-basic' }, key)).status === 401);
  });

  await scenario('ingestion: import switches, auto import, progress, pause, refresh and off', async () => {
    const base = '/api/v1/integrations/demo/ingestion';
    // what the page's own calls were answered, for the message below should the switch not take
    const answers = [];
    const noteAnswer = async response => {
      if (response.url().includes('/ingestion')) answers.push(response.request().method() + ' ' + response.status()
        + ' ' + (response.request().postData() || '') + ' ' + (await response.text().catch(() => '')).slice(0, 200));
    };
    page.on('response', noteAnswer);
    await page.goto(BASE + '/ui/ingestion?integration=demo');
    await label(page, 'Auto import all').check();
    try {
      await until('the import is on', async () => (await api('GET', base)).json.enabled === true);
    } catch (timedOut) {
      throw new Error(timedOut.message + '; the page said: ' + JSON.stringify(await page.locator('#ingestion-error').textContent())
        + ', Auto import all checked: ' + await page.locator('#autoImportAll').isChecked() + '; answers: ' + JSON.stringify(answers));
    } finally {
      page.off('response', noteAnswer);
    }
    // the demo project (the demo's sample reports made its issues) is imported to the end, and its row says so
    let projects;
    await until('DEMO imported', async () => {
      projects = (await api('GET', base + '/projects')).json;
      const issues = (projects.find(project => project.key === 'DEMO') || {}).issues || {};
      return issues.total > 0 && issues.imported === issues.total;
    }, 60000);
    const imported = projects.find(project => project.key === 'DEMO').issues;
    await page.reload();
    const demo = page.locator('#ingestion-projects tbody tr', { hasText: 'DEMO' });
    assert.equal(await demo.locator('progress').getAttribute('value'), '100');
    assert.match(await demo.textContent(), new RegExp(imported.imported + ' / ' + imported.total));
    // a Service Management project is listed, its switch disabled
    const serviceDesk = projects.find(project => project.processable === false);
    if (serviceDesk) assert.equal(await label(page, 'Import ' + serviceDesk.key).isDisabled(), true);
    await label(page, 'Import REQ').uncheck();
    await until('REQ switched off', async () =>
      (await api('GET', base + '/projects')).json.find(project => project.key === 'REQ').import === false);
    await label(page, 'Pause all').check();
    await until('paused', async () => (await api('GET', base)).json.paused === true);
    await label(page, 'Pause all').uncheck();
    await until('resumed', async () => (await api('GET', base)).json.paused === false);
    await button(page, 'Refresh').click();
    await page.locator('#ingestion-state').filter({ hasText: 'State:' }).waitFor();
    // off asks first; declined, nothing changes; accepted, the imported data is gone
    page.once('dialog', dialog => dialog.dismiss());
    await label(page, 'Import Jira data').click();
    assert.equal(await label(page, 'Import Jira data').isChecked(), true);
    assert.equal((await api('GET', base)).json.enabled, true);
    page.once('dialog', dialog => dialog.accept());
    await label(page, 'Import Jira data').uncheck();
    await until('off', async () => (await api('GET', base)).json.enabled === false);
    const issues = await api('GET', base + '/issues?project=DEMO');
    assert.equal((issues.json.issues || []).length, 0, JSON.stringify(issues.json));
  });

  await scenario('sign-out ends the session', async () => {
    await page.goto(BASE + '/ui/integrations');
    await button(page, 'Sign out').click();
    await page.waitForURL(/\/ui\/sign-in/);
    await page.goto(BASE + '/ui/integrations');
    assert.match(page.url(), /\/ui\/sign-in/);
  });
}

async function server(page) {
  await scenario('the wizard: personal access token on Server against the sandbox', async () => {
    await signIn(page);
    await page.getByRole('link', { name: 'New integration' }).click();
    await authenticate(page, { id: 'server-pat', name: 'Server, PAT', deployment: 'server', authType: 'PAT',
      fields: { 'Personal access token': 'demo-pat', 'Token expires on': soon() }, baseUrl: SANDBOX });
    assert.equal(await label(page, 'Email').isVisible(), false);
    assert.equal(await label(page, 'Client ID').isVisible(), false);
    await shot(page, 'wizard-1-authenticate');
    await button(page, 'Next').click();
    // the warning stays in sight on the Set up step, where Next leads
    await page.locator('#check-warnings li.item-warning', { hasText: 'token expiry' }).waitFor();
    await setUp(page, 'DEMO', 'Bug');
    await shot(page, 'wizard-2-set-up');
    await button(page, 'Next').click();
    await testAndFinish(page, { 'Sync comments': false });
    const saved = (await api('GET', '/api/v1/integrations/server-pat')).json;
    assert.equal(saved.connection.authType, 'PAT');
    assert.equal(saved.connection.token, '********');
    assert.equal(saved.sync.comments, false);
    const id = await sendReport('server-pat', 'Browser test on Server');
    await until('forwarded', async () => (await api('GET', '/api/v1/reports/' + id)).json.status === 'FORWARDED');
  });
}

/** A date ten days ahead: within the warning period of a personal access token's expiry. */
function soon() {
  return new Date(Date.now() + 10 * 86400000).toISOString().slice(0, 10);
}

main().then(() => {
  const failed = results.filter(result => !result.ok).length;
  console.log((results.length - failed) + ' passed, ' + failed + ' failed');
  process.exit(failed === 0 && results.length > 0 ? 0 : 1);
}).catch(error => {
  console.log('FAIL browser: ' + (error && error.stack ? error.stack : error));
  process.exit(1);
});
