// The setup web page's script: the wizard's steps and every button's action. Plain JavaScript, no build step.
// Every state-changing request carries the session's CSRF token (meta csrf-token) in X-CSRF-Token.
'use strict';

const $ = (selector, root) => (root || document).querySelector(selector);
const $$ = (selector, root) => Array.from((root || document).querySelectorAll(selector));

async function call(method, url, body, token) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') {
    const meta = $('meta[name="csrf-token"]');
    headers['X-CSRF-Token'] = token || (meta ? meta.content : '');
  }
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(url, {
    method, headers, credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body)
  });
  let json = {};
  try { json = await response.json(); } catch (notJson) { json = {}; }
  if (response.status === 401 && !url.startsWith('/ui/sign-in')) {
    window.location = '/ui/sign-in?next=' + encodeURIComponent(window.location.pathname + window.location.search);
  }
  return { ok: response.ok, status: response.status, json };
}

function text(element, value) {
  if (element) element.textContent = value || '';
}

function make(tag, attributes, content) {
  const element = document.createElement(tag);
  Object.entries(attributes || {}).forEach(([name, value]) => {
    if (value !== undefined && value !== null) element.setAttribute(name, value);
  });
  if (content !== undefined) element.textContent = content;
  return element;
}

/**
 * Puts each error of an API answer ({"error","message","details":[{"field","problem"}]}) next to its field: the
 * element whose data-error-for is the field (without connection./target./sync.) or the longest prefix of it;
 * the rest goes to the fallback element.
 */
function showErrors(scope, answer, fallback) {
  $$('[data-error-for]', scope).forEach(slot => text(slot, ''));
  if (!answer.status && !answer.json.message && !(answer.json.details || []).length) {
    if (fallback) text(fallback, '');
    return;
  }
  const slots = $$('[data-error-for]', scope);
  const unplaced = [];
  (answer.json.details || []).forEach(detail => {
    const field = String(detail.field || '').replace(/^(connection|target|sync)\./, '');
    let best = null;
    slots.forEach(slot => {
      const name = slot.getAttribute('data-error-for');
      if ((field === name || field.startsWith(name + '.') || field.startsWith(name + '['))
          && (!best || name.length > best.getAttribute('data-error-for').length)) {
        best = slot;
      }
    });
    if (best) {
      best.textContent = (best.textContent ? best.textContent + ' ' : '') + detail.problem;
    } else {
      unplaced.push(detail.field + ': ' + detail.problem);
    }
  });
  const message = (answer.json.details || []).length === 0 || unplaced.length
    ? (answer.json.message || ('failed with HTTP ' + answer.status)) + (unplaced.length ? ' — ' + unplaced.join('; ') : '')
    : answer.json.message;
  if (fallback) text(fallback, message);
}

// ---- sign-in and sign-out

function signIn() {
  const form = $('#sign-in-form');
  if (!form) return;
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const answer = await call('POST', '/ui/sign-in', { credential: $('#credential').value, next: form.dataset.next },
      form.dataset.token);
    if (answer.ok) {
      window.location = answer.json.next;
    } else {
      showErrors(form, answer, $('#form-error'));
    }
  });
}

function signOut() {
  const button = $('#sign-out');
  if (!button) return;
  button.addEventListener('click', async () => {
    await call('POST', '/ui/sign-out');
    window.location = '/ui/sign-in';
  });
}

// ---- the wizard

const wizard = { draft: null, fields: [], priorities: [] };

function pageData() {
  const block = $('#page-data');
  return block ? JSON.parse(block.textContent) : {};
}

function showStep(name) {
  $$('[data-step]').forEach(section => { section.hidden = section.dataset.step !== name; });
  $$('[data-step-link]').forEach(item => {
    if (item.dataset.stepLink === name) item.setAttribute('aria-current', 'step');
    else item.removeAttribute('aria-current');
  });
  const heading = $('[data-step="' + name + '"] h2');
  if (heading) { heading.setAttribute('tabindex', '-1'); heading.focus(); }
}

function deployment() {
  const checked = $('input[name="deployment"]:checked');
  return checked ? checked.value : 'cloud';
}

function authChoices() {
  const current = deployment();
  const select = $('#authType');
  $$('option', select).forEach(option => {
    option.hidden = !option.dataset.deployments.split(' ').includes(current);
    option.disabled = option.hidden;
  });
  if (select.selectedOptions[0] && select.selectedOptions[0].disabled) {
    const first = $$('option', select).find(option => !option.disabled);
    select.value = first ? first.value : '';
  }
  const type = select.value;
  $$('[data-auth]').forEach(field => {
    field.hidden = !field.dataset.auth.split(' ').includes(type + ':' + current);
  });
  $$('[data-auth-sentence]').forEach(item => { item.hidden = item.dataset.authSentence !== type; });
  baseUrlHint();
}

/** On Cloud a bare site name such as "acme" is https://acme.atlassian.net. */
function jiraUrl() {
  const value = $('#baseUrl').value.trim();
  if (deployment() === 'cloud' && /^[a-z0-9][a-z0-9-]*$/i.test(value)) {
    return 'https://' + value.toLowerCase() + '.atlassian.net';
  }
  return value;
}

function baseUrlHint() {
  const value = $('#baseUrl').value.trim();
  text($('#baseUrl-hint'), value && jiraUrl() !== value ? 'Jira URL: ' + jiraUrl() : '');
}

function connectionBody() {
  const connection = { deployment: deployment(), baseUrl: jiraUrl(), authType: $('#authType').value };
  $$('[data-auth]').filter(field => !field.hidden).forEach(field => {
    const input = $('input', field);
    if (input.value.trim() !== '') connection[input.id] = input.value.trim();
  });
  return { id: $('#id').value.trim(), name: $('#name').value.trim() || undefined, connection };
}

function fillAuthenticate(integration) {
  $('#id').value = integration.id;
  $('#name').value = integration.name || '';
  const connection = integration.connection || {};
  const radio = $('input[name="deployment"][value="' + (connection.deployment || 'cloud') + '"]');
  if (radio) radio.checked = true;
  $('#authType').value = connection.authType || 'BASIC';
  $('#baseUrl').value = connection.baseUrl || '';
  ['email', 'username', 'clientId', 'consumerKey', 'tokenExpiresAt'].forEach(name => {
    if (connection[name]) $('#' + name).value = connection[name];
  });
  // a stored secret shows as set; its value never comes to the browser, and sending the mask back keeps it
  ['apiToken', 'password', 'token', 'clientSecret'].forEach(name => {
    if (connection[name]) {
      $('#' + name).value = '';
      $('#' + name).placeholder = 'set (leave empty to keep)';
    }
  });
}

function checkItems(items) {
  const list = make('ul', { class: 'check-items' });
  items.forEach(item => {
    const entry = make('li', { class: 'item-' + item.status });
    entry.append(make('strong', {}, item.status.toUpperCase() + ' ' + item.check + ': '), document.createTextNode(item.message));
    if (item.remedy) entry.append(make('div', { class: 'remedy' }, 'Remedy: ' + item.remedy));
    list.append(entry);
  });
  return list;
}

function renderCheck(answer) {
  const box = $('#check');
  const warnings = $('#check-warnings');
  box.replaceChildren();
  warnings.replaceChildren();
  if (!answer.ok) { showErrors($('[data-step="authenticate"]'), answer, $('[data-error-for="step-authenticate"]')); return; }
  box.append(make('h3', {}, 'Connection check: ' + answer.json.status));
  box.append(checkItems(answer.json.items || []));
  // a warning (a token about to expire) must not vanish with the step that showed it
  const warned = (answer.json.items || []).filter(item => item.status === 'warning');
  if (warned.length) warnings.append(make('h3', {}, 'Connection warnings'), checkItems(warned));
}

async function runCheck() {
  renderCheck(await call('POST', '/ui/api/integrations/' + wizard.draft.id + '/check'));
}

async function showAuthorizationPanels() {
  const type = wizard.draft.connection.authType;
  $('#connect-panel').hidden = type !== 'OAUTH2';
  const connected = new URLSearchParams(window.location.search).get('connected');
  text($('#connect-state'), connected === '1' ? 'Connected: Atlassian granted access. Connect again to use another account.'
    : connected === '0' ? 'Atlassian did not grant access; connect again.' : 'Saved. Approve access at Atlassian:');
  $('#oauth1-panel').hidden = type !== 'OAUTH1';
  $('#connect-app-panel').hidden = type !== 'CONNECT';
  if (type === 'CONNECT') {
    text($('#descriptor-url'), window.location.origin + '/connect/' + wizard.draft.id + '/atlassian-connect.json');
  }
  if (type === 'OAUTH1') {
    const link = await call('GET', '/ui/api/integrations/' + wizard.draft.id + '/oauth1/application-link');
    if (link.ok) {
      $('#applink-consumer-key').value = link.json.consumerKey || '';
      $('#applink-public-key').value = link.json.publicKey || '';
    }
  }
  if (type === 'OAUTH2') {
    const sites = await call('GET', '/ui/api/integrations/' + wizard.draft.id + '/sites');
    const select = $('#site');
    select.replaceChildren();
    (sites.json.sites || []).forEach(site => {
      const option = make('option', { value: site.cloudId }, site.name + ' (' + site.url + ')');
      if (site.selected) option.selected = true;
      select.append(option);
    });
    $('#sites').hidden = !sites.ok || (sites.json.sites || []).length < 2;
  }
}

async function authenticateNext() {
  const scope = $('[data-step="authenticate"]');
  const body = connectionBody();
  if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(body.id)) {
    showErrors(scope, { status: 400, json: { message: 'the integration needs an id', details: [{ field: 'id',
      problem: 'is required: lower-case letters, digits and dashes, at most 64 characters' }] } },
    $('[data-error-for="step-authenticate"]'));
    return false;
  }
  // the first save of a new integration must not take over an existing one's id
  const answer = await call('POST', '/ui/api/integrations/' + body.id + '/connection' + (wizard.draft ? '' : '?new=1'), body);
  if (!answer.ok) { showErrors(scope, answer, $('[data-error-for="step-authenticate"]')); return false; }
  showErrors(scope, { json: {} }, $('[data-error-for="step-authenticate"]'));
  wizard.draft = answer.json;
  $('#id').readOnly = true;
  await showAuthorizationPanels();
  await runCheck();
  // browser authorization (OAuth) comes first: until access is granted the check has an error and the step stays
  return !(($('#check h3') || {}).textContent || 'error').endsWith('error');
}

// ---- Set up: pickers, field mapping, priorities

async function loadProjects() {
  const answer = await call('GET', '/ui/api/integrations/' + wizard.draft.id + '/projects');
  const list = $('#projects-list');
  list.replaceChildren();
  (answer.json.projects || []).forEach(project => list.append(make('option', { value: project.key, label: project.name }, project.name)));
  if (!answer.ok) showErrors($('[data-step="setup"]'), answer, $('[data-error-for="step-setup"]'));
}

async function loadProject(chosenType) {
  const project = $('#projectKey').value.trim();
  if (!project) return;
  const q = '?project=' + encodeURIComponent(project);
  const types = await call('GET', '/ui/api/integrations/' + wizard.draft.id + '/issuetypes' + q);
  const select = $('#issueType');
  select.replaceChildren();
  (types.json.issueTypes || []).filter(type => !type.subtask).forEach(type => select.append(make('option', { value: type.name }, type.name)));
  if (!types.ok) { showErrors($('[data-step="setup"]'), types, $('[data-error-for="projectKey"]')); return; }
  if (chosenType) select.value = chosenType;
  const assignees = await call('GET', '/ui/api/integrations/' + wizard.draft.id + '/assignees' + q);
  const people = $('#assignees-list');
  people.replaceChildren();
  (assignees.json.assignees || []).forEach(person => people.append(make('option', { value: person.assignee, label: person.displayName }, person.displayName)));
  await loadIssueType();
}

async function loadIssueType() {
  const project = $('#projectKey').value.trim();
  const type = $('#issueType').value;
  if (!project || !type) return;
  const q = '?project=' + encodeURIComponent(project) + '&issuetype=' + encodeURIComponent(type);
  const fields = await call('GET', '/ui/api/integrations/' + wizard.draft.id + '/fields' + q);
  wizard.fields = (fields.json.fields || []).filter(field => !['summary', 'description', 'project', 'issuetype', 'labels', 'priority', 'assignee', 'reporter', 'attachment'].includes(field.id));
  $$('#mapping tbody tr').forEach(row => fillFieldChoices(row));
  const priorities = await call('GET', '/ui/api/integrations/' + wizard.draft.id + '/priorities' + q);
  wizard.priorities = priorities.json.priorities || [];
  text($('#priority-scope'), priorities.json.scope === 'project'
    ? 'The priorities of project ' + project + "'s scheme." : "The site's priorities.");
  renderPriorities();
}

function renderPriorities() {
  const data = pageData();
  const saved = (wizard.draft.mapping && wizard.draft.mapping.priorityMap) || {};
  const body = $('#priorities tbody');
  const chosen = {};
  $$('select', body).forEach(select => { chosen[select.dataset.priority] = select.value; });
  body.replaceChildren();
  data.reportPriorities.forEach(priority => {
    const id = 'priority-' + priority;
    const select = make('select', { id, 'data-priority': priority });
    select.append(make('option', { value: '' }, '(choose)'));
    wizard.priorities.forEach(jira => select.append(make('option', { value: jira.name }, jira.name)));
    const wanted = chosen[priority] || saved[priority] || data.defaultPriorityMap[priority];
    if (wizard.priorities.some(jira => jira.name === wanted)) select.value = wanted;
    const row = make('tr');
    const label = make('td');
    label.append(make('label', { for: id }, priority));
    const cell = make('td');
    cell.append(select, make('span', { class: 'error', 'data-error-for': 'mapping.priorityMap.' + priority }));
    row.append(label, cell);
    body.append(row);
  });
}

function fillFieldChoices(row) {
  const select = $('select', row);
  const wanted = select.value || row.dataset.field;
  select.replaceChildren(make('option', { value: '' }, '(choose a Jira field)'));
  wizard.fields.forEach(field => select.append(make('option', { value: field.id, 'data-type': field.type || '' },
    field.name + ' (' + field.id + ')')));
  if (wanted) select.value = wanted;
  showFieldType(row);
}

function showFieldType(row) {
  const option = $('select', row).selectedOptions[0];
  const field = wizard.fields.find(candidate => candidate.id === (option ? option.value : ''));
  text($('.field-type', row), field ? (field.type || 'not supported') : '');
}

function addMappingRow(entry) {
  const body = $('#mapping tbody');
  const index = body.children.length;
  const row = make('tr', { 'data-field': entry && entry.field ? entry.field : '' });
  const source = make('input', { id: 'mapping-source-' + index, list: 'report-fields', value: entry && entry.source ? entry.source : '' });
  const sourceCell = make('td');
  sourceCell.append(make('label', { for: source.id, class: 'inline' }, 'Report field'), source);
  const select = make('select', { id: 'mapping-field-' + index });
  select.addEventListener('change', () => showFieldType(row));
  const fieldCell = make('td');
  fieldCell.append(make('label', { for: select.id, class: 'inline' }, 'Jira field'), select);
  const typeCell = make('td', { class: 'field-type' });
  const remove = make('button', { type: 'button' }, 'Remove');
  remove.addEventListener('click', () => row.remove());
  const last = make('td');
  last.append(remove, make('span', { class: 'error', 'data-error-for': 'mapping.customFields[' + index + ']' }));
  row.append(sourceCell, fieldCell, typeCell, last);
  body.append(row);
  fillFieldChoices(row);
}

/** The whole integration as the API takes it, from the draft and the steps' controls. */
function integrationBody() {
  const draft = wizard.draft;
  const customFields = $$('#mapping tbody tr').map(row => {
    const option = $('select', row).selectedOptions[0];
    return { source: $('input', row).value.trim(), field: option ? option.value : '' };
  }).filter(entry => entry.source || entry.field);
  const priorityMap = {};
  $$('#priorities select').forEach(select => { if (select.value) priorityMap[select.dataset.priority] = select.value; });
  const include = $$('input[name="include"]:checked').map(box => box.value);
  const sync = Object.assign({}, draft.sync || {});
  const mapping = Object.assign({}, draft.mapping || {}, { priorityMap, include, customFields });
  return {
    id: draft.id, name: draft.name, default: draft.default, connection: draft.connection,
    target: { projectKey: $('#projectKey').value.trim(), issueType: $('#issueType').value,
      assignee: $('#assignee').value.trim() || undefined },
    mapping, sync
  };
}

async function setupNext() {
  const scope = $('[data-step="setup"]');
  // a Jira field jira-bridge cannot fill is refused before anything is saved
  const unsupported = $$('#mapping tbody tr').map((row, index) => ({ row, index }))
    .filter(({ row }) => $('.field-type', row).textContent === 'not supported');
  if (unsupported.length) {
    showErrors(scope, { status: 400, json: { message: 'the mapping has fields jira-bridge cannot fill',
      details: unsupported.map(({ index }) => ({ field: 'mapping.customFields[' + index + ']', problem: 'this Jira field type cannot be filled from a report; choose another field' })) } },
    $('[data-error-for="step-setup"]'));
    return false;
  }
  const answer = await call('PUT', '/ui/api/integrations/' + wizard.draft.id, integrationBody());
  if (!answer.ok) { showErrors(scope, answer, $('[data-error-for="step-setup"]')); return false; }
  showErrors(scope, { json: {} }, $('[data-error-for="step-setup"]'));
  wizard.draft = answer.json;
  return true;
}

async function fillSetup(integration) {
  const target = integration.target || {};
  await loadProjects();
  if (target.projectKey) {
    $('#projectKey').value = target.projectKey;
    await loadProject(target.issueType);
    $('#assignee').value = target.assignee || '';
  }
  const mapping = integration.mapping || {};
  $('#mapping tbody').replaceChildren();
  (mapping.customFields || []).forEach(entry => addMappingRow(entry));
  if (mapping.include) {
    $$('input[name="include"]').forEach(box => { box.checked = mapping.include.includes(box.value); });
  }
  renderPriorities();
}

async function runTest() {
  const result = $('#test-result');
  result.replaceChildren(make('p', {}, 'Creating the test issue…'));
  const answer = await call('POST', '/ui/api/integrations/' + wizard.draft.id + '/test-issue');
  result.replaceChildren();
  if (answer.ok) {
    const line = make('p', { class: 'ok' }, 'Created ');
    const link = make('a', { href: /^https?:\/\//.test(answer.json.url || '') ? answer.json.url : '#', target: '_blank', rel: 'noopener noreferrer', id: 'test-issue-link' }, answer.json.key);
    line.append(link);
    result.append(line);
  } else {
    result.append(make('p', { class: 'error' }, answer.json.message || 'the test failed'));
    const list = make('ul', { class: 'error', id: 'test-errors' });
    (answer.json.details || []).forEach(detail => list.append(make('li', {}, detail.field + ': ' + detail.problem)));
    result.append(list);
  }
}

function fillFinish(integration) {
  const sync = integration.sync || {};
  // an integration whose setup was never finished was kept from forwarding until now; the switch starts on for it
  const loaded = pageData().integration;
  const finished = loaded && loaded.target && loaded.target.projectKey;
  $('#autoForward').checked = finished ? sync.autoForward !== false : true;
  $('#syncStatus').checked = sync.status !== false;
  $('#syncComments').checked = sync.comments !== false;
  $('#syncPriority').checked = sync.priority !== false;
}

async function finish() {
  const body = integrationBody();
  body.sync = Object.assign({}, body.sync, {
    autoForward: $('#autoForward').checked, status: $('#syncStatus').checked,
    comments: $('#syncComments').checked, priority: $('#syncPriority').checked
  });
  const answer = await call('PUT', '/ui/api/integrations/' + wizard.draft.id, body);
  if (!answer.ok) { showErrors($('[data-step="finish"]'), answer, $('[data-error-for="step-finish"]')); return; }
  window.location = '/ui/integrations';
}

function startWizard() {
  const form = $('#wizard');
  if (!form) return;
  const data = pageData();
  $$('input[name="deployment"]').forEach(radio => radio.addEventListener('change', authChoices));
  $('#authType').addEventListener('change', authChoices);
  $('#baseUrl').addEventListener('input', baseUrlHint);
  if (data.integration) {
    wizard.draft = data.integration;
    fillAuthenticate(data.integration);
  }
  authChoices();
  form.addEventListener('submit', event => event.preventDefault());
  $('[data-next="authenticate"]').addEventListener('click', async () => {
    if (await authenticateNext()) {
      await fillSetup(wizard.draft);
      showStep('setup');
    }
  });
  $('#connect-atlassian').addEventListener('click', async () => {
    const answer = await call('POST', '/ui/api/integrations/' + wizard.draft.id + '/authorize');
    if (answer.ok) window.location = answer.json.location;
    else showErrors($('[data-step="authenticate"]'), answer, $('[data-error-for="step-authenticate"]'));
  });
  $('#authorize-jira').addEventListener('click', async () => {
    const answer = await call('POST', '/ui/api/integrations/' + wizard.draft.id + '/authorize');
    if (answer.ok) window.location = answer.json.location;
    else showErrors($('[data-step="authenticate"]'), answer, $('[data-error-for="step-authenticate"]'));
  });
  $('#pick-site').addEventListener('click', async () => {
    const answer = await call('PUT', '/ui/api/integrations/' + wizard.draft.id + '/site', { cloudId: $('#site').value });
    if (!answer.ok) showErrors($('[data-step="authenticate"]'), answer, $('[data-error-for="step-authenticate"]'));
    else await runCheck();
  });
  $('#projectKey').addEventListener('change', () => loadProject());
  $('#issueType').addEventListener('change', loadIssueType);
  $('#add-mapping').addEventListener('click', () => addMappingRow());
  $('[data-next="setup"]').addEventListener('click', async () => {
    if (await setupNext()) showStep('test');
  });
  $('#run-test').addEventListener('click', runTest);
  $('[data-next="test"]').addEventListener('click', () => { fillFinish(wizard.draft); showStep('finish'); });
  $('#finish').addEventListener('click', finish);
  $$('[data-back]').forEach(button => button.addEventListener('click', () => showStep(button.dataset.back)));
  showStep('authenticate');
  if (data.integration && new URLSearchParams(window.location.search).has('connected')) {
    // back from Atlassian or Jira: show the sites and the check right away; Next moves on
    authenticateNext();
  }
}

// ---- reports, dead letters, API keys

function reportActions() {
  const card = $('#report');
  if (!card) return;
  const id = card.dataset.report;
  const done = async answer => {
    if (answer.ok) window.location.reload();
    else text($('#report-error'), answer.json.message);
  };
  const forward = $('#forward');
  if (forward) forward.addEventListener('click', async () => done(await call('POST', '/ui/api/reports/' + id + '/forward')));
  $('#change-priority').addEventListener('click', async () =>
    done(await call('PATCH', '/ui/api/reports/' + id, { priority: $('#priority').value })));
}

function deadLetterActions() {
  $$('[data-replay]').forEach(button => button.addEventListener('click', async () => {
    const answer = await call('POST', '/ui/api/dead-letters/' + button.dataset.replay + '/replay');
    if (answer.ok) window.location.reload();
    else text($('#dead-letter-error'), answer.json.message);
  }));
  $$('[data-replay-all]').forEach(button => button.addEventListener('click', async () => {
    const answer = await call('POST', '/ui/api/integrations/' + button.dataset.replayAll + '/dead-letters/replay');
    if (answer.ok) window.location.reload();
    else text($('#dead-letter-error'), answer.json.message);
  }));
}

function apiKeyActions() {
  const form = $('#key-form');
  if (!form) return;
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const integrations = $$('input[name="key-integrations"]:checked').map(box => box.value);
    const answer = await call('POST', '/ui/api/api-keys', { name: $('#key-name').value.trim(), integrations });
    if (!answer.ok) { showErrors(form, answer, $('#key-error')); return; }
    showErrors(form, { json: {} }, $('#key-error'));
    $('#new-key').hidden = false;
    $('#new-key-value').value = answer.json.key;
  });
  $$('[data-revoke]').forEach(button => button.addEventListener('click', async () => {
    const answer = await call('DELETE', '/ui/api/api-keys/' + button.dataset.revoke);
    if (answer.ok) window.location.reload();
    else text($('#key-error'), answer.json.message);
  }));
}

// ---- ingestion (docs/ingest.md; the page says so when the API has no ingestion)

function eta(seconds) {
  if (seconds === null || seconds === undefined) return '';
  if (seconds < 60) return 'about ' + seconds + ' s left';
  if (seconds < 3600) return 'about ' + Math.round(seconds / 60) + ' min left';
  return 'about ' + (seconds / 3600).toFixed(1) + ' h left';
}

async function ingestion() {
  const card = $('#ingestion');
  if (!card) return;
  const base = '/ui/api/integrations/' + card.dataset.integration + '/ingestion';
  const load = async () => {
    const settings = await call('GET', base);
    if (!settings.ok) { text($('#ingestion-error'), settings.json.message); return; }
    $('#ingestionEnabled').checked = !!settings.json.enabled;
    $('#autoImportAll').checked = !!settings.json.autoImportAll;
    $('#pauseAll').checked = !!settings.json.paused;
    text($('#ingestion-state'), 'State: ' + (settings.json.state || 'unknown') + (settings.json.lastRunAt ? ' · last run ' + settings.json.lastRunAt : ''));
    const projects = await call('GET', base + '/projects');
    const body = $('#ingestion-projects tbody');
    body.replaceChildren();
    (Array.isArray(projects.json) ? projects.json : []).forEach(project => {
      const row = make('tr');
      const name = make('td', {}, project.key + ' — ' + project.name + (project.processable === false ? ' (not processed)' : ''));
      const id = 'import-' + project.key;
      const box = make('input', { type: 'checkbox', id });
      box.checked = !!project.import;
      box.disabled = project.processable === false;
      box.addEventListener('change', async () => {
        const answer = await call('PUT', base + '/projects/' + encodeURIComponent(project.key), { import: box.checked });
        if (!answer.ok) text($('#ingestion-error'), answer.json.message);
      });
      const toggle = make('td');
      toggle.append(make('label', { for: id, class: 'inline' }, 'Import ' + project.key), box);
      const progress = make('td');
      const issues = project.issues || {};
      const percent = (project.progress && project.progress.percent) || 0;
      const bar = make('progress', { max: '100', value: String(percent), 'aria-label': 'Progress of ' + project.key });
      progress.append(bar, document.createTextNode(' ' + (issues.imported || 0) + ' / ' + (issues.total || 0) + ' ' + eta(project.progress && project.progress.etaSeconds)));
      if (project.error) progress.append(make('div', { class: 'error' }, project.error));
      row.append(name, toggle, progress, make('td', {}, project.lastUpdated || ''));
      body.append(row);
    });
  };
  const save = async () => {
    const answer = await call('PUT', base, { enabled: $('#ingestionEnabled').checked,
      autoImportAll: $('#autoImportAll').checked, paused: $('#pauseAll').checked });
    if (!answer.ok) text($('#ingestion-error'), answer.json.message);
    await load();
  };
  $('#ingestionEnabled').addEventListener('change', async () => {
    // switching off deletes every imported row of the integration: only on a confirmed click
    if (!$('#ingestionEnabled').checked
        && !window.confirm('Switching the import off deletes all data imported for this integration. Continue?')) {
      $('#ingestionEnabled').checked = true;
      return;
    }
    await save();
  });
  // choosing what to import means importing
  $('#autoImportAll').addEventListener('change', () => { if ($('#autoImportAll').checked) $('#ingestionEnabled').checked = true; });
  $('#autoImportAll').addEventListener('change', save);
  $('#pauseAll').addEventListener('change', save);
  $('#ingestion-refresh').addEventListener('click', async () => { await call('POST', base + '/refresh'); await load(); });
  await load();
  setInterval(load, 10000);
}

document.addEventListener('DOMContentLoaded', () => {
  signIn();
  signOut();
  startWizard();
  reportActions();
  deadLetterActions();
  apiKeyActions();
  ingestion();
});
