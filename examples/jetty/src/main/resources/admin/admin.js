// The Tokenry demo's API Tokens page. Plain JavaScript, no build step. Every value from the API
// is written with textContent (never innerHTML), and the plaintext token lives in the page only
// while the show-once dialog is open.
'use strict';

(function () {
  const API = '/admin/api';
  const PAGE_SIZE = 20;
  const TYPE_LABELS = { 'read-only': 'Read-only', 'full-access': 'Full access', custom: 'Custom' };
  const ROLE_LABELS = { OWNER: 'Owner', ADMIN: 'Admin', MEMBER: 'Member' };

  const state = {
    user: null,          // the acting user's name (X-Demo-User)
    context: null,       // /admin/demo/context answer
    tokens: [],          // tokens shown, newest first
    nextCursor: null,
    selected: new Set(),
    editing: null,       // the token being edited, or null when creating
  };

  const $ = (id) => document.getElementById(id);

  // ------------------------------------------------------------------------------------------
  // API access: every call carries X-Demo-User; failures become ApiError with the API's words.
  // ------------------------------------------------------------------------------------------

  class ApiError extends Error {
    constructor(status, message, errors) {
      super(message);
      this.status = status;
      this.errors = errors || {};
    }
  }

  async function api(method, path, body, extraHeaders) {
    const headers = Object.assign({ Accept: 'application/json' }, extraHeaders || {});
    if (state.user) headers['X-Demo-User'] = state.user;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response;
    try {
      response = await fetch(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
      });
    } catch (e) {
      throw new ApiError(0, 'Could not reach the server (' + e.message + '). Is the demo still running?');
    }
    if (response.status === 204) return null;
    let data = null;
    const text = await response.text();
    if (text) {
      try {
        data = JSON.parse(text);
      } catch (e) {
        data = null;
      }
    }
    if (!response.ok) {
      const message = data && data.message ? data.message
        : 'The server answered ' + response.status + ' ' + response.statusText + '.';
      throw new ApiError(response.status, message, data && data.errors);
    }
    return data;
  }

  function describeError(error) {
    if (!(error instanceof ApiError)) return 'Something went wrong: ' + error.message;
    const parts = [error.message];
    for (const [field, messages] of Object.entries(error.errors || {})) {
      parts.push(field + ': ' + messages.join('; '));
    }
    return parts.join(' ');
  }

  function showError(error) {
    $('error-text').textContent = typeof error === 'string' ? error : describeError(error);
    $('error-banner').hidden = false;
  }

  function clearError() {
    $('error-banner').hidden = true;
    $('error-text').textContent = '';
  }

  function announce(text) {
    $('status').textContent = text;
  }

  // ------------------------------------------------------------------------------------------
  // Formatting
  // ------------------------------------------------------------------------------------------

  const exactFormat = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'UTC', year: 'numeric', month: 'short', day: 'numeric',
    hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false,
  });
  const dateFormat = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'UTC', year: 'numeric', month: 'short', day: 'numeric',
  });
  const previewFormat = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'UTC', weekday: 'long', year: 'numeric', month: 'long', day: 'numeric',
    hour: '2-digit', minute: '2-digit', hour12: false,
  });

  function exact(iso) {
    return exactFormat.format(new Date(iso)) + ' UTC';
  }

  function relative(iso) {
    const seconds = Math.max(0, (Date.now() - new Date(iso).getTime()) / 1000);
    if (seconds < 60) return 'just now';
    const units = [['year', 31536000], ['month', 2592000], ['day', 86400], ['hour', 3600], ['minute', 60]];
    for (const [name, size] of units) {
      const n = Math.floor(seconds / size);
      if (n >= 1) return n + ' ' + name + (n === 1 ? '' : 's') + ' ago';
    }
    return 'just now';
  }

  function projectName(projectId) {
    const projects = (state.context && state.context.actingUser && state.context.actingUser.projects) || [];
    const found = projects.find((p) => p.id === projectId);
    return found ? found.name : projectId;
  }

  function el(tag, props, children) {
    const node = document.createElement(tag);
    Object.entries(props || {}).forEach(([key, value]) => {
      if (key === 'text') node.textContent = value;
      else if (key === 'class') node.className = value;
      else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else if (value !== undefined && value !== null && value !== false) node.setAttribute(key, value === true ? '' : value);
    });
    (children || []).forEach((child) => child && node.append(child));
    return node;
  }

  // ------------------------------------------------------------------------------------------
  // Users and context
  // ------------------------------------------------------------------------------------------

  async function loadContext() {
    state.context = await api('GET', '/admin/demo/context');
    const acting = state.context.actingUser;
    if (!acting) {
      $('context-line').textContent = 'Pick a demo user to act as.';
      return;
    }
    $('context-line').textContent = acting.organizationName + ' · signed in as ' + acting.name
      + ' (' + ROLE_LABELS[acting.role] + ') · can grant ' + acting.permissions.join(', ');
    $('member-notice').hidden = acting.managesOrganizationTokens;
  }

  async function initUsers() {
    const context = await api('GET', '/admin/demo/context');
    const picker = $('user-picker');
    picker.textContent = '';
    context.users.forEach((user) => {
      picker.append(el('option', {
        value: user.name,
        text: user.name + ' — ' + ROLE_LABELS[user.role] + ', ' + user.organizationId,
      }));
    });
    const remembered = sessionStorage.getItem('tokenry-demo-user');
    const names = context.users.map((u) => u.name);
    state.user = names.includes(remembered) ? remembered : names[0];
    picker.value = state.user;
  }

  async function switchUser(name) {
    state.user = name;
    sessionStorage.setItem('tokenry-demo-user', name);
    state.selected.clear();
    clearError();
    try {
      await loadContext();
      await loadTokens(false);
    } catch (e) {
      showError(e);
    }
  }

  // ------------------------------------------------------------------------------------------
  // The tokens table
  // ------------------------------------------------------------------------------------------

  async function loadTokens(more) {
    const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
    const name = $('name-filter').value.trim();
    if (name) params.set('name', name);
    if (more && state.nextCursor) params.set('cursor', state.nextCursor);
    const page = await api('GET', API + '/tokens?' + params.toString());
    state.tokens = more ? state.tokens.concat(page.tokens) : page.tokens;
    state.nextCursor = page.nextCursor;
    const visible = new Set(state.tokens.map((t) => t.id));
    [...state.selected].forEach((id) => { if (!visible.has(id)) state.selected.delete(id); });
    renderTokens();
  }

  function renderTokens() {
    const body = $('tokens-body');
    body.textContent = '';
    state.tokens.forEach((token) => body.append(tokenRow(token)));
    $('empty-state').hidden = state.tokens.length > 0;
    $('empty-state').textContent = $('name-filter').value.trim()
      ? 'No tokens match this filter.' : 'No tokens yet. Create one to call the demo API.';
    $('load-more').hidden = !state.nextCursor;
    renderSelection();
  }

  function tokenRow(token) {
    const now = Date.now();
    const expired = token.expiresAt && new Date(token.expiresAt).getTime() <= now;
    const checkbox = el('input', {
      type: 'checkbox', class: 'row-check', 'aria-label': 'Select ' + token.name,
      'data-token-id': token.id,
      onchange: (event) => {
        if (event.target.checked) state.selected.add(token.id);
        else state.selected.delete(token.id);
        renderSelection();
      },
    });
    checkbox.checked = state.selected.has(token.id);

    const nameCell = el('td', { class: 'name-cell' }, [
      el('div', {}, [
        el('span', { class: 'token-name', text: token.name }),
        token.kind === 'personal' ? el('span', { class: 'badge', text: 'Personal · ' + token.owner }) : null,
      ]),
      token.description ? el('div', { class: 'token-desc', text: token.description }) : null,
      el('div', { class: 'token-masked mono', text: token.masked }),
    ]);

    const dates = el('td', { class: 'small' }, [
      el('div', {}, [el('span', { class: 'muted', text: 'Created ' }),
        el('time', { datetime: token.createdAt, title: exact(token.createdAt), text: dateFormat.format(new Date(token.createdAt)) })]),
      el('div', {}, token.expiresAt
        ? [el('span', { class: 'muted', text: expired ? 'Expired ' : 'Expires ' }),
          el('time', { datetime: token.expiresAt, title: exact(token.expiresAt), text: dateFormat.format(new Date(token.expiresAt)) }),
          expired ? el('span', { class: 'badge expired', text: 'Expired' }) : null]
        : [el('span', { class: 'muted', text: 'Never expires' })]),
    ]);

    const scope = el('td', { class: 'scope-cell', text: token.scope.type === 'project'
      ? (token.scope.projectName || projectName(token.scope.projectId)) : 'Organization' });

    const type = el('td', { class: 'type-cell' }, [
      el('div', { text: TYPE_LABELS[token.type] || token.type }),
      el('div', { class: 'muted small', text: token.permissions.join(', ') }),
    ]);

    const lastActive = el('td', { class: 'last-active' }, [token.lastUsedAt
      ? el('time', { datetime: token.lastUsedAt, title: exact(token.lastUsedAt), text: relative(token.lastUsedAt) })
      : el('span', { class: 'muted', title: 'This token has not been used yet', text: 'never' })]);

    const menuId = 'row-menu-' + token.id;
    const menuButton = el('button', {
      type: 'button', class: 'row-menu-button', 'aria-haspopup': 'menu', 'aria-expanded': 'false',
      'aria-controls': menuId, 'aria-label': 'Actions for ' + token.name, text: '⋯',
    });
    const menu = el('div', { id: menuId, class: 'menu', role: 'menu', hidden: true }, [
      el('button', { type: 'button', role: 'menuitem', class: 'menu-edit', text: 'Edit', onclick: () => { closeMenus(); openEdit(token); } }),
      el('button', { type: 'button', role: 'menuitem', class: 'menu-regenerate', text: 'Regenerate', onclick: () => { closeMenus(); regenerate(token); } }),
      el('button', { type: 'button', role: 'menuitem', class: 'menu-delete danger-text', text: 'Delete', onclick: () => { closeMenus(); deleteOne(token); } }),
    ]);
    menuButton.addEventListener('click', (event) => { event.stopPropagation(); toggleMenu(menuButton, menu); });

    const row = el('tr', { 'data-token-id': token.id, class: state.selected.has(token.id) ? 'selected' : '' }, [
      el('td', {}, [checkbox]), nameCell, dates, scope, type, lastActive,
      el('td', { class: 'col-menu' }, [el('div', { class: 'menu-wrap' }, [menuButton, menu])]),
    ]);
    return row;
  }

  function renderSelection() {
    const count = state.selected.size;
    $('selection-count').textContent = count ? count + ' selected' : '';
    $('delete-selected').disabled = count === 0;
    const all = $('select-all');
    all.checked = state.tokens.length > 0 && count === state.tokens.length;
    all.indeterminate = count > 0 && count < state.tokens.length;
    document.querySelectorAll('#tokens-body tr').forEach((row) => {
      row.classList.toggle('selected', state.selected.has(row.dataset.tokenId));
    });
  }

  function toggleMenu(button, menu) {
    const open = menu.hidden;
    closeMenus();
    if (open) {
      menu.hidden = false;
      button.setAttribute('aria-expanded', 'true');
      const first = menu.querySelector('button:not(:disabled)');
      if (first) first.focus();
    }
  }

  function closeMenus() {
    document.querySelectorAll('.menu').forEach((menu) => { menu.hidden = true; });
    document.querySelectorAll('[aria-haspopup="menu"]').forEach((b) => b.setAttribute('aria-expanded', 'false'));
  }

  // ------------------------------------------------------------------------------------------
  // Confirmation
  // ------------------------------------------------------------------------------------------

  function confirmAction(title, text, okLabel) {
    const dialog = $('confirm-dialog');
    $('confirm-title').textContent = title;
    $('confirm-text').textContent = text;
    $('confirm-ok').textContent = okLabel;
    return new Promise((resolve) => {
      const finish = (answer) => {
        $('confirm-ok').removeEventListener('click', ok);
        $('confirm-cancel').removeEventListener('click', cancel);
        dialog.removeEventListener('cancel', cancel);
        if (dialog.open) dialog.close();
        resolve(answer);
      };
      const ok = () => finish(true);
      const cancel = (event) => { if (event) event.preventDefault(); finish(false); };
      $('confirm-ok').addEventListener('click', ok);
      $('confirm-cancel').addEventListener('click', cancel);
      dialog.addEventListener('cancel', cancel);
      dialog.showModal();
      $('confirm-cancel').focus();
    });
  }

  // ------------------------------------------------------------------------------------------
  // Show once
  // ------------------------------------------------------------------------------------------

  function showSecret(title, plaintext) {
    $('secret-title').textContent = title;
    $('secret-value').value = plaintext;
    $('secret-copied').textContent = '';
    $('secret-dialog').showModal();
    $('secret-value').select();
  }

  async function copySecret() {
    const input = $('secret-value');
    try {
      await navigator.clipboard.writeText(input.value);
      $('secret-copied').textContent = 'Copied to the clipboard.';
    } catch (e) {
      input.select();
      const ok = document.execCommand && document.execCommand('copy');
      $('secret-copied').textContent = ok ? 'Copied to the clipboard.'
        : 'Copying failed; select the value and copy it by hand.';
    }
  }

  function forgetSecret() {
    // Closing the dialog removes the value from the page for good.
    $('secret-value').value = '';
    $('secret-value').removeAttribute('value');
    $('secret-copied').textContent = '';
  }

  // ------------------------------------------------------------------------------------------
  // Create and edit
  // ------------------------------------------------------------------------------------------

  function fillScopes() {
    const select = $('token-scope');
    select.textContent = '';
    select.append(el('option', { value: '', text: 'Organization (all projects)' }));
    const acting = state.context && state.context.actingUser;
    ((acting && acting.projects) || []).forEach((p) => {
      select.append(el('option', { value: p.id, text: 'Project: ' + p.name }));
    });
  }

  function fillPermissions(selected) {
    const list = $('permission-list');
    list.querySelectorAll('label').forEach((n) => n.remove());
    const acting = state.context && state.context.actingUser;
    const held = new Set((acting && acting.permissions) || []);
    (state.context ? state.context.permissions : []).forEach((permission) => {
      const box = el('input', { type: 'checkbox', name: 'permission', value: permission });
      box.checked = selected.includes(permission);
      const label = el('label', {}, [box, document.createTextNode(' '), el('code', { text: permission })]);
      if (!held.has(permission)) {
        label.append(el('span', { class: 'hint', text: ' (you do not hold this)' }));
      }
      list.append(label);
    });
  }

  function setRadio(name, value) {
    document.querySelectorAll('input[name="' + name + '"]').forEach((r) => { r.checked = r.value === value; });
  }

  function radioValue(name) {
    const checked = document.querySelector('input[name="' + name + '"]:checked');
    return checked ? checked.value : null;
  }

  function clearFormErrors() {
    $('token-form-error').hidden = true;
    $('token-form-error').textContent = '';
    document.querySelectorAll('#token-form [data-error-for]').forEach((p) => { p.hidden = true; p.textContent = ''; });
  }

  function showFormError(error) {
    const unplaced = [];
    Object.entries((error && error.errors) || {}).forEach(([field, messages]) => {
      const key = field.startsWith('scope') ? 'scope' : field;
      const target = document.querySelector('#token-form [data-error-for="' + key + '"]');
      if (target) {
        target.textContent = messages.join(' ');
        target.hidden = false;
      } else {
        unplaced.push(field + ': ' + messages.join('; '));
      }
    });
    $('token-form-error').textContent = [error.message].concat(unplaced).join(' ');
    $('token-form-error').hidden = false;
  }

  function updateKindUi() {
    const acting = state.context && state.context.actingUser;
    const manages = !!(acting && acting.managesOrganizationTokens);
    const editing = !!state.editing;
    $('kind-organization').disabled = !manages || editing;
    $('kind-personal').disabled = editing;
    $('kind-note').hidden = manages;
  }

  function updateTypeUi() {
    $('permission-list').hidden = radioValue('type') !== 'custom';
  }

  let previewSequence = 0;
  async function updatePreview() {
    const value = $('token-expiry').value;
    const preview = $('expiry-preview');
    if (value === 'keep') {
      const current = state.editing && state.editing.expiresAt;
      preview.textContent = current ? 'Keeps its expiry: ' + previewFormat.format(new Date(current)) + ' UTC'
        : 'Keeps its expiry: never.';
      return;
    }
    const sequence = ++previewSequence;
    try {
      const answer = await api('GET', API + '/tokens/expiry-preview?expiresIn=' + encodeURIComponent(value));
      if (sequence !== previewSequence) return;
      preview.textContent = answer.expiresAt
        ? 'The token will expire on ' + previewFormat.format(new Date(answer.expiresAt)) + ' UTC.'
        : 'The token will never expire. Consider an expiry date for safety.';
      preview.dataset.expiresAt = answer.expiresAt || 'never';
    } catch (e) {
      if (sequence === previewSequence) preview.textContent = 'Could not preview the expiry date: ' + describeError(e);
    }
  }

  function openCreate() {
    state.editing = null;
    const form = $('token-form');
    form.reset();
    clearFormErrors();
    $('token-dialog-title').textContent = 'Create token';
    $('token-submit').textContent = 'Create token';
    const keep = $('token-expiry').querySelector('option[value="keep"]');
    if (keep) keep.remove();
    fillScopes();
    fillPermissions([]);
    $('token-scope').disabled = false;
    const acting = state.context && state.context.actingUser;
    setRadio('kind', acting && acting.managesOrganizationTokens ? 'organization' : 'personal');
    setRadio('type', 'read-only');
    $('token-expiry').value = '30d';
    updateKindUi();
    updateTypeUi();
    updatePreview();
    $('token-dialog').showModal();
    $('token-name').focus();
  }

  function openEdit(token) {
    state.editing = token;
    const form = $('token-form');
    form.reset();
    clearFormErrors();
    $('token-dialog-title').textContent = 'Edit token';
    $('token-submit').textContent = 'Save changes';
    fillScopes();
    fillPermissions(token.type === 'custom' ? token.permissions : []);
    $('token-scope').value = token.scope.projectId || '';
    $('token-scope').disabled = true;
    setRadio('kind', token.kind);
    setRadio('type', token.type);
    $('token-name').value = token.name;
    $('token-description').value = token.description || '';
    let keep = $('token-expiry').querySelector('option[value="keep"]');
    if (!keep) {
      keep = el('option', { value: 'keep', text: 'Keep the current expiry' });
      $('token-expiry').prepend(keep);
    }
    $('token-expiry').value = 'keep';
    updateKindUi();
    updateTypeUi();
    updatePreview();
    $('token-dialog').showModal();
    $('token-name').focus();
  }

  function closeTokenDialog() {
    $('token-dialog').close();
    state.editing = null;
  }

  function chosenPermissions() {
    return [...document.querySelectorAll('#permission-list input[name="permission"]:checked')].map((b) => b.value);
  }

  async function submitToken(event) {
    event.preventDefault();
    clearFormErrors();
    const type = radioValue('type');
    const name = $('token-name').value.trim();
    if (!name) {
      showFormError({ message: 'Please fix the highlighted fields.', errors: { name: ['Give the token a name.'] } });
      $('token-name').focus();
      return;
    }
    const submit = $('token-submit');
    submit.disabled = true;
    try {
      if (state.editing) {
        const token = state.editing;
        // Only what the user changed, so saving never rewrites a field someone else edited.
        const changes = {};
        if (name !== token.name) changes.name = name;
        if ($('token-description').value !== (token.description || '')) {
          changes.description = $('token-description').value;
        }
        if (type !== token.type) changes.type = type;
        if (type === 'custom') {
          const chosen = chosenPermissions();
          const same = token.type === 'custom' && chosen.length === token.permissions.length
            && chosen.every((p) => token.permissions.includes(p));
          if (!same) changes.permissions = chosen;
        }
        if ($('token-expiry').value !== 'keep') changes.expiresIn = $('token-expiry').value;
        if (Object.keys(changes).length === 0) {
          closeTokenDialog();
          announce('Nothing changed; the token was left as it was.');
          return;
        }
        $('token-dialog').close();
        const ok = await confirmAction('Save changes?',
          'Save the changes to "' + token.name + '"? Apps using it keep working with the new settings.',
          'Save changes');
        if (!ok) {
          $('token-dialog').showModal();
          return;
        }
        try {
          // If-Match: the save applies only to the version this form was loaded from (412 if
          // someone changed the token since), so it cannot undo their edit.
          await api('PATCH', API + '/tokens/' + encodeURIComponent(token.id), changes,
            { 'If-Match': '"' + token.version + '"' });
        } catch (e) {
          $('token-dialog').showModal();
          if (e instanceof ApiError && e.status === 412) loadTokens(false).catch(showError);
          throw e;
        }
        state.editing = null;
        announce('Token saved.');
        await loadTokens(false);
      } else {
        const body = {
          name,
          description: $('token-description').value,
          kind: radioValue('kind'),
          scope: $('token-scope').value
            ? { type: 'project', projectId: $('token-scope').value } : { type: 'organization' },
          expiresIn: $('token-expiry').value,
          type,
        };
        if (type === 'custom') body.permissions = chosenPermissions();
        const created = await api('POST', API + '/tokens', body);
        closeTokenDialog();
        await loadTokens(false).catch(showError);
        showSecret('Copy your new token', created.plaintext);
      }
    } catch (e) {
      showFormError(e);
    } finally {
      submit.disabled = false;
    }
  }

  // ------------------------------------------------------------------------------------------
  // Regenerate and delete
  // ------------------------------------------------------------------------------------------

  async function regenerate(token) {
    const ok = await confirmAction('Regenerate token?',
      'Regenerate "' + token.name + '"? The current value stops working immediately; apps using it'
      + ' must switch to the new value.', 'Regenerate');
    if (!ok) return;
    clearError();
    try {
      const answer = await api('POST', API + '/tokens/' + encodeURIComponent(token.id) + '/regenerate', {});
      await loadTokens(false).catch(showError);
      showSecret('Copy your regenerated token', answer.plaintext);
    } catch (e) {
      showError(e);
    }
  }

  async function deleteOne(token) {
    const ok = await confirmAction('Delete token?',
      'Delete "' + token.name + '"? Apps using it stop working immediately. This cannot be undone.',
      'Delete');
    if (!ok) return;
    clearError();
    try {
      await api('DELETE', API + '/tokens/' + encodeURIComponent(token.id));
      state.selected.delete(token.id);
      announce('Token deleted.');
      await loadTokens(false);
    } catch (e) {
      showError(e);
    }
  }

  async function deleteSelected() {
    closeMenus();
    const ids = [...state.selected];
    if (ids.length === 0) {
      showError('Select the tokens to delete first.');
      return;
    }
    const ok = await confirmAction('Delete ' + ids.length + ' tokens?',
      'Delete the ' + ids.length + ' selected tokens? Apps using them stop working immediately.'
      + ' This cannot be undone.', 'Delete ' + ids.length + ' tokens');
    if (!ok) return;
    clearError();
    try {
      const answer = await api('POST', API + '/tokens/delete', { ids });
      state.selected.clear();
      announce(answer.deleted + ' tokens deleted.');
      await loadTokens(false);
    } catch (e) {
      showError(e);
    }
  }

  // ------------------------------------------------------------------------------------------
  // Wiring
  // ------------------------------------------------------------------------------------------

  let filterTimer = null;

  function wire() {
    $('user-picker').addEventListener('change', (e) => switchUser(e.target.value));
    $('create-button').addEventListener('click', () => { clearError(); openCreate(); });
    $('refresh-button').addEventListener('click', () => { clearError(); loadTokens(false).catch(showError); });
    $('load-more').addEventListener('click', () => loadTokens(true).catch(showError));
    $('error-dismiss').addEventListener('click', clearError);
    $('name-filter').addEventListener('input', () => {
      clearTimeout(filterTimer);
      filterTimer = setTimeout(() => loadTokens(false).catch(showError), 250);
    });
    $('select-all').addEventListener('change', (e) => {
      state.selected.clear();
      if (e.target.checked) state.tokens.forEach((t) => state.selected.add(t.id));
      document.querySelectorAll('.row-check').forEach((b) => { b.checked = e.target.checked; });
      renderSelection();
    });
    $('bulk-menu-button').addEventListener('click', (event) => {
      event.stopPropagation();
      toggleMenu($('bulk-menu-button'), $('bulk-menu'));
    });
    $('delete-selected').addEventListener('click', deleteSelected);
    document.addEventListener('click', (event) => {
      if (!event.target.closest('.menu')) closeMenus();
    });
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') closeMenus();
    });

    $('token-form').addEventListener('submit', submitToken);
    $('token-cancel').addEventListener('click', closeTokenDialog);
    $('token-dialog').addEventListener('close', () => { if (!$('confirm-dialog').open) clearFormErrors(); });
    $('token-expiry').addEventListener('change', updatePreview);
    document.querySelectorAll('input[name="type"]').forEach((r) => r.addEventListener('change', updateTypeUi));

    $('secret-copy').addEventListener('click', copySecret);
    $('secret-close').addEventListener('click', () => $('secret-dialog').close());
    $('secret-dialog').addEventListener('close', forgetSecret);

    // Keep "last active" words current without reloading.
    setInterval(() => {
      document.querySelectorAll('td.last-active time').forEach((t) => {
        t.textContent = relative(t.getAttribute('datetime'));
      });
    }, 15000);
  }

  async function start() {
    wire();
    try {
      await initUsers();
      await loadContext();
      await loadTokens(false);
    } catch (e) {
      showError(e);
    } finally {
      document.body.dataset.ready = 'true';
    }
  }

  start();
}());
