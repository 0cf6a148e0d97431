// The Tokenry API Tokens page. Plain JavaScript, no build step, served by TokenAdminServlet at its
// mount root. Every URL is relative to the page (the admin API lives beneath it, wherever the host
// mounts it); every value from the API is written with textContent, never as HTML; the plaintext
// token lives in the page only while the show-once dialog is open.
//
// To add a column: one entry in COLUMNS. To add a form field: its HTML in index.html and one
// entry in FIELDS (how it is filled, and what it adds to a create body or an edit's changes).
'use strict';

(function () {
  const PAGE_SIZE = 20;

  const state = {
    messages: {},
    context: null,
    tokens: [],
    nextCursor: null,
    selected: new Set(),
    editing: null,       // the token being edited, or null when creating
    regenerating: null,  // the token the regenerate dialog is for
    listRequest: 0,      // the latest list request; answers to older ones are dropped
    opener: null,        // where focus returns when a dialog closes
  };

  const $ = (id) => document.getElementById(id);

  // ------------------------------------------------------------------------------------------
  // Words: every label comes from messages.json (the host may replace any of them).
  // ------------------------------------------------------------------------------------------

  function t(key, params) {
    let text = Object.prototype.hasOwnProperty.call(state.messages, key) ? state.messages[key] : key;
    Object.entries(params || {}).forEach(([name, value]) => {
      text = text.split('{' + name + '}').join(String(value));
    });
    return text;
  }

  // ------------------------------------------------------------------------------------------
  // API access: same-origin, with the host's credentials (its session cookie). For Spring
  // Security's CSRF protection, every non-GET request carries X-XSRF-TOKEN from the XSRF-TOKEN
  // cookie when there is one.
  // ------------------------------------------------------------------------------------------

  class ApiError extends Error {
    constructor(status, message, errors) {
      super(message);
      this.status = status;
      this.errors = errors || {};
    }
  }

  function cookie(name) {
    const prefix = name + '=';
    const found = document.cookie.split(';').map((c) => c.trim()).find((c) => c.startsWith(prefix));
    return found === undefined ? null : decodeURIComponent(found.slice(prefix.length));
  }

  async function api(method, path, body, extraHeaders) {
    const headers = Object.assign({ Accept: 'application/json' }, extraHeaders || {});
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET' && method !== 'HEAD') {
      const xsrf = cookie('XSRF-TOKEN');
      if (xsrf !== null) headers['X-XSRF-TOKEN'] = xsrf;
    }
    let response;
    try {
      response = await fetch(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'same-origin',
        cache: 'no-store',
        redirect: 'error',
      });
    } catch (e) {
      throw new ApiError(0, t('error.network'));
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
      throw new ApiError(response.status, (data && typeof data.message === 'string') ? data.message : '',
        data && data.errors);
    }
    return data;
  }

  // The page's own words for an API refusal, then the API's message and each field it named.
  function describeError(error, withoutFields) {
    if (!(error instanceof ApiError)) return t('error.unexpected', { error: error && error.message });
    const words = {
      0: 'error.network', 400: 'error.invalid', 401: 'error.signedOut', 403: 'error.forbidden',
      404: 'error.notFound', 409: 'error.conflict', 412: 'error.stale', 413: 'error.invalid',
      422: 'error.invalid', 503: 'error.unavailable',
    };
    const parts = [];
    if (words[error.status]) parts.push(t(words[error.status]));
    else parts.push(t('error.status', { status: error.status }));
    if (error.message && error.status !== 0) parts.push(error.message);
    if (!withoutFields) {
      Object.entries(error.errors || {}).forEach(([field, messages]) => {
        parts.push(field + ': ' + [].concat(messages).join('; '));
      });
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

  const lang = document.documentElement.lang || 'en';
  const formats = {
    exact: new Intl.DateTimeFormat(lang, {
      timeZone: 'UTC', year: 'numeric', month: 'short', day: 'numeric',
      hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false,
    }),
    date: new Intl.DateTimeFormat(lang, { timeZone: 'UTC', year: 'numeric', month: 'short', day: 'numeric' }),
    preview: new Intl.DateTimeFormat(lang, {
      timeZone: 'UTC', weekday: 'long', year: 'numeric', month: 'long', day: 'numeric',
      hour: '2-digit', minute: '2-digit', hour12: false,
    }),
  };

  function exact(iso) {
    return formats.exact.format(new Date(iso)) + ' UTC';
  }

  function relative(iso) {
    const seconds = Math.max(0, (Date.now() - new Date(iso).getTime()) / 1000);
    const units = [['year', 31536000], ['month', 2592000], ['day', 86400], ['hour', 3600], ['minute', 60]];
    for (const [name, size] of units) {
      const n = Math.floor(seconds / size);
      if (n > 1) return t('time.' + name + 's', { n });
      if (n === 1) return t('time.' + name);
    }
    return t('time.justNow');
  }

  function el(tag, props, children) {
    const node = document.createElement(tag);
    Object.entries(props || {}).forEach(([key, value]) => {
      if (key === 'text') node.textContent = value;
      else if (key === 'class') node.className = value;
      else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else if (value !== undefined && value !== null && value !== false) {
        node.setAttribute(key, value === true ? '' : value);
      }
    });
    (children || []).forEach((child) => child && node.append(child));
    return node;
  }

  function can(what) {
    return !!(state.context && state.context.can && state.context.can[what]);
  }

  // ------------------------------------------------------------------------------------------
  // Context: who is acting and what they may do, from GET context (once).
  // ------------------------------------------------------------------------------------------

  function applyContext(context) {
    state.context = context;
    const actor = context.actor;
    $('context-line').textContent = actor.system
      ? t('context.lineSystem', { organization: actor.organizationId })
      : t('context.line', { organization: actor.organizationId, user: actor.userId, role: t('role.' + actor.role) });
    $('member-notice').hidden = can('manageOrganizationTokens');
    $('create-button').disabled = !(can('manageOrganizationTokens') || can('managePersonalTokens'));
  }

  // ------------------------------------------------------------------------------------------
  // The tokens table. COLUMNS decides what each row shows; add an entry to add a column.
  // ------------------------------------------------------------------------------------------

  const COLUMNS = [
    {
      header: 'column.name', cellClass: 'name-cell',
      cell: (token) => [
        el('div', {}, [
          el('span', { class: 'token-name', text: token.name }),
          token.kind === 'personal' ? el('span', { class: 'badge', text: t('token.personal', { owner: token.owner }) }) : null,
        ]),
        token.description ? el('div', { class: 'token-desc', text: token.description }) : null,
        el('div', { class: 'token-masked mono', text: token.masked }),
      ],
    },
    {
      header: 'column.dates', cellClass: 'small dates-cell',
      cell: (token) => {
        const expired = token.expiresAt && new Date(token.expiresAt).getTime() <= Date.now();
        const graceUntil = token.previousSecretValidUntil && new Date(token.previousSecretValidUntil).getTime() > Date.now()
          ? token.previousSecretValidUntil : null;
        return [
          el('div', {}, [el('span', { class: 'muted', text: t('token.created') + ' ' }),
            el('time', { datetime: token.createdAt, title: exact(token.createdAt), text: formats.date.format(new Date(token.createdAt)) })]),
          el('div', {}, token.expiresAt
            ? [el('span', { class: 'muted', text: t(expired ? 'token.expired' : 'token.expires') + ' ' }),
              el('time', { datetime: token.expiresAt, title: exact(token.expiresAt), text: formats.date.format(new Date(token.expiresAt)) }),
              expiryBadge(token.expiresAt)]
            : [el('span', { class: 'badge warn-badge expiry-badge', title: t('token.neverExpiresTitle'), text: t('token.neverExpires') })]),
          graceUntil ? el('div', { class: 'grace-note' }, [
            el('span', { text: t('token.oldSecretUntil') + ' ' }),
            el('time', { datetime: graceUntil, title: exact(graceUntil), text: exact(graceUntil) })]) : null,
        ];
      },
    },
    {
      header: 'column.scope', cellClass: 'scope-cell',
      cell: (token) => [token.scope.type === 'project'
        ? (token.scope.projectName || token.scope.projectId) : t('token.scopeOrganization')],
    },
    {
      header: 'column.type', cellClass: 'type-cell',
      cell: (token) => [
        el('div', { text: t('type.' + token.type) }),
        el('div', { class: 'muted small', text: token.permissions.join(', ') }),
      ],
    },
    {
      header: 'column.lastActive', cellClass: 'last-active',
      cell: (token) => (token.lastUsedAt
        ? [el('time', { datetime: token.lastUsedAt, title: exact(token.lastUsedAt), text: relative(token.lastUsedAt) }),
          token.lastUsedFrom ? el('span', { class: 'last-from', text: ' ' + t('token.lastUsedFrom', { address: token.lastUsedFrom }) }) : null]
        : [el('span', { class: 'muted', title: t('token.neverUsedTitle'), text: t('token.neverUsed') })]),
    },
  ];

  const DAY = 86400000;

  // "expires in N days" within a week, "expired" once past, nothing further out.
  function expiryBadge(expiresAt) {
    const left = new Date(expiresAt).getTime() - Date.now();
    if (left <= 0) return el('span', { class: 'badge expired expiry-badge', text: t('token.expired') });
    if (left > 7 * DAY) return null;
    const days = Math.ceil(left / DAY);
    return el('span', {
      class: 'badge soon expiry-badge',
      text: days === 1 ? t('token.expiresInDay') : t('token.expiresInDays', { n: days }),
    });
  }

  const ROW_ACTIONS = [
    { label: 'action.edit', className: 'menu-edit', run: (token) => openEdit(token) },
    { label: 'action.regenerate', className: 'menu-regenerate', run: (token) => regenerate(token) },
    { label: 'action.activity', className: 'menu-activity', run: (token) => openActivity(token) },
    { label: 'action.delete', className: 'menu-delete danger-text', run: (token) => deleteOne(token) },
  ];

  function renderHead() {
    const head = $('tokens-head');
    head.textContent = '';
    const all = el('input', { type: 'checkbox', id: 'select-all', 'aria-label': t('selection.all') });
    all.addEventListener('change', () => {
      state.selected.clear();
      if (all.checked) state.tokens.forEach((token) => state.selected.add(token.id));
      document.querySelectorAll('.row-check').forEach((box) => { box.checked = all.checked; });
      renderSelection();
    });
    head.append(el('th', { scope: 'col', class: 'col-check' }, [all]));
    COLUMNS.forEach((column) => head.append(el('th', { scope: 'col', text: t(column.header) })));
    head.append(el('th', { scope: 'col', class: 'col-menu' }, [el('span', { class: 'visually-hidden', text: t('column.actions') })]));
  }

  // Loads the first page (more = false) or the next one. Only the latest request's answer is
  // shown: a slower answer to an earlier filter never overwrites a later one.
  async function loadTokens(more) {
    const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
    const name = $('name-filter').value.trim();
    if (name) params.set('name', name);
    if (more) {
      if (!state.nextCursor) return;
      params.set('cursor', state.nextCursor);
    }
    const request = ++state.listRequest;
    const page = await api('GET', 'tokens?' + params.toString());
    if (request !== state.listRequest) return;
    const before = state.tokens.length;
    state.tokens = more ? state.tokens.concat(page.tokens) : page.tokens;
    state.nextCursor = page.nextCursor;
    const visible = new Set(state.tokens.map((token) => token.id));
    [...state.selected].forEach((id) => { if (!visible.has(id)) state.selected.delete(id); });
    renderTokens();
    if (more) {
      announce(t('status.showing', { count: state.tokens.length }));
      const first = document.querySelectorAll('#tokens-body tr')[before];
      if (first) first.querySelector('.row-check').focus();
    }
  }

  function reload() {
    return loadTokens(false).catch(showError);
  }

  function renderTokens() {
    const body = $('tokens-body');
    body.textContent = '';
    state.tokens.forEach((token) => body.append(tokenRow(token)));
    const empty = state.tokens.length === 0;
    $('empty-state').hidden = !empty;
    $('tokens-table').hidden = empty;
    $('empty-state').textContent = $('name-filter').value.trim() ? t('empty.filtered') : t('empty.none');
    $('load-more').hidden = !state.nextCursor;
    renderSelection();
  }

  function tokenRow(token) {
    const checkbox = el('input', {
      type: 'checkbox', class: 'row-check', 'aria-label': t('selection.row', { name: token.name }),
      'data-token-id': token.id,
      onchange: (event) => {
        if (event.target.checked) state.selected.add(token.id);
        else state.selected.delete(token.id);
        renderSelection();
      },
    });
    checkbox.checked = state.selected.has(token.id);

    const menuId = 'row-menu-' + token.id;
    const menuButton = el('button', {
      type: 'button', class: 'row-menu-button', 'aria-expanded': 'false', 'aria-controls': menuId,
      'aria-label': t('action.rowMenu', { name: token.name }),
    }, [el('span', { 'aria-hidden': 'true', text: '⋯' })]);
    const menu = el('div', { id: menuId, class: 'menu', hidden: true },
      ROW_ACTIONS.map((action) => el('button', {
        type: 'button', class: action.className, text: t(action.label),
        onclick: () => { closeMenus(); state.opener = menuButton; action.run(token); },
      })));
    menuButton.addEventListener('click', (event) => { event.stopPropagation(); toggleMenu(menuButton, menu); });

    const cells = COLUMNS.map((column) => el('td', { class: column.cellClass, 'data-label': t(column.header) },
      column.cell(token)));
    return el('tr', { 'data-token-id': token.id, class: state.selected.has(token.id) ? 'selected' : '' }, [
      el('td', { class: 'col-check' }, [checkbox]),
      ...cells,
      el('td', { class: 'col-menu' }, [el('div', { class: 'menu-wrap' }, [menuButton, menu])]),
    ]);
  }

  function renderSelection() {
    const count = state.selected.size;
    $('selection-count').textContent = count ? t('selection.count', { count }) : '';
    $('delete-selected').disabled = count === 0;
    const all = $('select-all');
    if (all) {
      all.checked = state.tokens.length > 0 && count === state.tokens.length;
      all.indeterminate = count > 0 && count < state.tokens.length;
    }
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

  function closeMenus(returnFocus) {
    document.querySelectorAll('.tokenry .menu').forEach((menu) => {
      if (!menu.hidden && returnFocus) {
        const button = document.querySelector('[aria-controls="' + menu.id + '"]');
        if (button) button.focus();
      }
      menu.hidden = true;
    });
    document.querySelectorAll('[aria-controls][aria-expanded]').forEach((b) => b.setAttribute('aria-expanded', 'false'));
  }

  // ------------------------------------------------------------------------------------------
  // Dialogs: modal (focus stays inside, Escape closes), focus returns to what opened them.
  // ------------------------------------------------------------------------------------------

  function openDialog(dialog, focus) {
    if (!state.opener) state.opener = document.activeElement;
    if (!dialog.open) dialog.showModal();
    if (focus) focus.focus();
  }

  function restoreFocus() {
    const opener = state.opener;
    state.opener = null;
    if (opener && document.contains(opener)) opener.focus();
    else $('create-button').focus();
  }

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
  // Show once, and Copy (the Clipboard API; where the browser refuses it, the value is selected
  // for the user to copy by hand).
  // ------------------------------------------------------------------------------------------

  function showSecret(titleKey, plaintext) {
    $('secret-title').textContent = t(titleKey);
    $('secret-value').value = plaintext;
    $('secret-copied').textContent = '';
    openDialog($('secret-dialog'), $('secret-copy'));
    $('secret-value').select();
  }

  async function copySecret() {
    const field = $('secret-value');
    if (navigator.clipboard && window.isSecureContext) {
      try {
        await navigator.clipboard.writeText(field.value);
        $('secret-copied').textContent = t('secret.copied');
        return;
      } catch (e) {
        // refused (permissions, no focus): fall through to selecting the value
      }
    }
    field.focus();
    field.select();
    $('secret-copied').textContent = t('secret.copyManually');
  }

  function forgetSecret() {
    // Closing the dialog removes the value from the page for good.
    $('secret-value').value = '';
    $('secret-copied').textContent = '';
    restoreFocus();
  }

  // ------------------------------------------------------------------------------------------
  // Create and edit. FIELDS: how each form field is filled, and what it adds to a create body or
  // to an edit's changes (only what the user changed, so a save never rewrites a field someone
  // else edited).
  // ------------------------------------------------------------------------------------------

  function radioValue(name) {
    const checked = document.querySelector('#token-form input[name="' + name + '"]:checked');
    return checked ? checked.value : null;
  }

  function setRadio(name, value) {
    document.querySelectorAll('#token-form input[name="' + name + '"]').forEach((r) => { r.checked = r.value === value; });
  }

  function chosenPermissions() {
    return [...document.querySelectorAll('#permission-list input[name="permission"]:checked')].map((b) => b.value);
  }

  const FIELDS = [
    {
      fill: (token) => {
        setRadio('kind', token ? token.kind : (can('manageOrganizationTokens') ? 'organization' : 'personal'));
        $('kind-organization').disabled = !can('manageOrganizationTokens') || !!token;
        $('kind-personal').disabled = !can('managePersonalTokens') || !!token;
        $('kind-note').hidden = can('manageOrganizationTokens');
      },
      create: (body) => { body.kind = radioValue('kind'); },
    },
    {
      fill: (token) => { $('token-name').value = token ? token.name : ''; },
      create: (body) => { body.name = $('token-name').value.trim(); },
      change: (changes, token) => {
        const name = $('token-name').value.trim();
        if (name !== token.name) changes.name = name;
      },
    },
    {
      fill: (token) => { $('token-description').value = token ? (token.description || '') : ''; },
      create: (body) => { body.description = $('token-description').value; },
      change: (changes, token) => {
        if ($('token-description').value !== (token.description || '')) changes.description = $('token-description').value;
      },
    },
    {
      fill: (token) => {
        const select = $('token-scope');
        select.textContent = '';
        select.append(el('option', { value: '', text: t('form.scopeOrganization') }));
        (state.context.projects || []).forEach((p) => {
          select.append(el('option', { value: p.id, text: t('form.scopeProject', { name: p.name }) }));
        });
        if (token && token.scope.projectId && !select.querySelector('option[value="' + CSS.escape(token.scope.projectId) + '"]')) {
          select.append(el('option', { value: token.scope.projectId, text: token.scope.projectName || token.scope.projectId }));
        }
        select.value = token ? (token.scope.projectId || '') : '';
        select.disabled = !!token;
        $('token-scope-note').hidden = !token;
      },
      create: (body) => {
        const project = $('token-scope').value;
        body.scope = project ? { type: 'project', projectId: project } : { type: 'organization' };
      },
    },
    {
      fill: (token) => {
        const select = $('token-expiry');
        select.textContent = '';
        if (token) select.append(el('option', { value: 'keep', text: t('form.expiryKeep') }));
        state.context.expiry.presets.forEach((preset) => {
          select.append(el('option', { value: preset, text: t('expiry.' + preset) }));
        });
        select.append(el('option', { value: 'date', text: t('expiry.date') }));
        const date = $('token-expiry-date');
        date.value = '';
        date.min = new Date().toISOString().slice(0, 10);
        const latest = state.context.expiry.latestExpiresAt;
        if (latest) date.max = latest.slice(0, 10);
        else date.removeAttribute('max');
        select.value = token ? 'keep' : (state.context.expiry.default || select.options[0].value);
        updatePreview();
      },
      create: (body) => {
        if ($('token-expiry').value === 'date') body.expiresAt = chosenExpiresAt();
        else body.expiresIn = $('token-expiry').value;
      },
      change: (changes) => {
        const value = $('token-expiry').value;
        if (value === 'date') changes.expiresAt = chosenExpiresAt();
        else if (value !== 'keep') changes.expiresIn = value;
      },
    },
    {
      fill: (token) => {
        const choices = $('type-choices');
        choices.textContent = '';
        state.context.types.forEach((type) => {
          const radio = el('input', { type: 'radio', name: 'type', value: type, id: 'type-' + type });
          radio.addEventListener('change', updateTypeUi);
          choices.append(el('label', { class: 'choice' }, [radio, document.createTextNode(' ' + t('type.' + type) + ' '),
            el('span', { class: 'hint', text: t('type.' + type + 'Hint') })]));
        });
        setRadio('type', token ? token.type : 'read-only');
        fillPermissions(token && token.type === 'custom' ? token.permissions : []);
        updateTypeUi();
      },
      create: (body) => {
        body.type = radioValue('type');
        if (body.type === 'custom') body.permissions = chosenPermissions();
      },
      change: (changes, token) => {
        const type = radioValue('type');
        if (type !== token.type) changes.type = type;
        if (type === 'custom') {
          const chosen = chosenPermissions();
          const same = token.type === 'custom' && chosen.length === token.permissions.length
            && chosen.every((p) => token.permissions.includes(p));
          if (!same) changes.permissions = chosen;
        }
      },
    },
  ];

  function fillPermissions(selected) {
    const list = $('permission-list');
    list.querySelectorAll('label').forEach((n) => n.remove());
    const permissions = state.context.permissions;
    const grantable = new Set(permissions.grantable);
    (permissions.known || permissions.grantable).forEach((permission) => {
      const box = el('input', { type: 'checkbox', name: 'permission', value: permission });
      box.checked = selected.includes(permission);
      const label = el('label', {}, [box, document.createTextNode(' '), el('code', { text: permission })]);
      if (!grantable.has(permission)) label.append(el('span', { class: 'hint', text: ' ' + t('form.notHeld') }));
      list.append(label);
    });
  }

  function updateTypeUi() {
    $('permission-list').hidden = radioValue('type') !== 'custom';
  }

  // The chosen date's end (UTC), or the policy's latest instant when that comes first.
  function chosenExpiresAt() {
    const day = $('token-expiry-date').value;
    if (!day) return '';
    const end = day + 'T23:59:59Z';
    const latest = state.context.expiry.latestExpiresAt;
    return latest && new Date(latest).getTime() < new Date(end).getTime() ? latest : end;
  }

  let previewSequence = 0;
  async function updatePreview() {
    const value = $('token-expiry').value;
    const preview = $('expiry-preview');
    const sequence = ++previewSequence;
    $('token-expiry-date-field').hidden = value !== 'date';
    $('expiry-never-warning').hidden = value !== 'never';
    if (value === 'date') {
      const at = chosenExpiresAt();
      preview.textContent = at ? t('preview.at', { date: formats.preview.format(new Date(at)) }) : t('preview.pickDate');
      return;
    }
    if (value === 'keep') {
      const current = state.editing && state.editing.expiresAt;
      preview.textContent = current ? t('preview.keep', { date: formats.preview.format(new Date(current)) }) : t('preview.keepNever');
      return;
    }
    try {
      const answer = await api('GET', 'tokens/expiry-preview?expiresIn=' + encodeURIComponent(value));
      if (sequence !== previewSequence) return;
      preview.textContent = answer.expiresAt
        ? t('preview.at', { date: formats.preview.format(new Date(answer.expiresAt)) })
        : t('preview.never');
    } catch (e) {
      if (sequence === previewSequence) preview.textContent = t('preview.failed', { error: describeError(e) });
    }
  }

  function clearFormErrors() {
    $('token-form-error').hidden = true;
    $('token-form-error').textContent = '';
    document.querySelectorAll('#token-form [data-error-for]').forEach((p) => { p.hidden = true; p.textContent = ''; });
    document.querySelectorAll('#token-form [aria-invalid]').forEach((f) => f.removeAttribute('aria-invalid'));
  }

  function showFormError(error) {
    const unplaced = [];
    Object.entries((error && error.errors) || {}).forEach(([field, messages]) => {
      const key = field.startsWith('scope') ? 'scope' : (field === 'expiresAt' ? 'expiresIn' : field);
      const target = document.querySelector('#token-form [data-error-for="' + CSS.escape(key) + '"]');
      if (target) {
        target.textContent = [].concat(messages).join(' ');
        target.hidden = false;
        const input = target.id ? document.querySelector('[aria-describedby~="' + target.id + '"]') : null;
        if (input) input.setAttribute('aria-invalid', 'true');
        if (key === 'expiresIn' && $('token-expiry').value === 'date') $('token-expiry-date').setAttribute('aria-invalid', 'true');
      } else {
        unplaced.push(field + ': ' + [].concat(messages).join('; '));
      }
    });
    const summary = error instanceof ApiError ? describeError(error, true)
      : (error instanceof Error ? describeError(error) : error.message);
    $('token-form-error').textContent = [summary].concat(unplaced).join(' ');
    $('token-form-error').hidden = false;
  }

  function openForm(token) {
    state.editing = token;
    $('token-form').reset();
    clearFormErrors();
    $('token-dialog-title').textContent = t(token ? 'form.editTitle' : 'form.createTitle');
    $('token-submit').textContent = t(token ? 'action.save' : 'action.create');
    FIELDS.forEach((field) => field.fill(token));
    openDialog($('token-dialog'), $('token-name'));
  }

  function openCreate() {
    state.opener = $('create-button');
    openForm(null);
  }

  function openEdit(token) {
    openForm(token);
  }

  function closeTokenDialog() {
    if ($('token-dialog').open) $('token-dialog').close();
    state.editing = null;
  }

  async function submitToken(event) {
    event.preventDefault();
    clearFormErrors();
    if ($('token-expiry').value === 'date' && !$('token-expiry-date').value) {
      showFormError({ message: t('form.fixFields'), errors: { expiresAt: [t('form.dateRequired')] } });
      $('token-expiry-date').focus();
      return;
    }
    if (!$('token-name').value.trim()) {
      showFormError({ message: t('form.fixFields'), errors: { name: [t('form.nameRequired')] } });
      $('token-name').focus();
      return;
    }
    const submit = $('token-submit');
    submit.disabled = true;
    try {
      if (state.editing) await saveEdit(state.editing);
      else await create();
    } catch (e) {
      if (!$('token-dialog').open) $('token-dialog').showModal();
      showFormError(e);
      $('token-form-error').scrollIntoView({ block: 'nearest' });
    } finally {
      submit.disabled = false;
    }
  }

  async function create() {
    const body = {};
    FIELDS.forEach((field) => field.create && field.create(body));
    const created = await api('POST', 'tokens', body);
    $('token-dialog').close();
    state.editing = null;
    await reload();
    showSecret('secret.titleCreated', created.plaintext);
  }

  async function saveEdit(token) {
    const changes = {};
    FIELDS.forEach((field) => field.change && field.change(changes, token));
    if (Object.keys(changes).length === 0) {
      closeTokenDialog();
      announce(t('status.unchanged'));
      restoreFocus();
      return;
    }
    $('token-dialog').close();
    const ok = await confirmAction(t('confirm.saveTitle'), t('confirm.saveText', { name: token.name }), t('action.save'));
    if (!ok) {
      $('token-dialog').showModal();
      $('token-submit').focus();
      return;
    }
    try {
      // If-Match: the save applies only to the version this form was loaded from (412 if someone
      // changed the token since), so it cannot undo their edit.
      await api('PATCH', 'tokens/' + encodeURIComponent(token.id), changes, { 'If-Match': '"' + token.version + '"' });
    } catch (e) {
      if (e instanceof ApiError && e.status === 412) reload();
      throw e;
    }
    state.editing = null;
    announce(t('status.saved'));
    await reload();
    restoreFocus();
  }

  // ------------------------------------------------------------------------------------------
  // Regenerate and delete
  // ------------------------------------------------------------------------------------------

  // ISO-8601 durations as Java writes them (PT168H, PT30M, PT0S), in milliseconds.
  function durationMillis(iso) {
    const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(iso || '');
    if (!m) return 0;
    return ((+(m[1] || 0) * 24 + +(m[2] || 0)) * 60 + +(m[3] || 0)) * 60000 + +(m[4] || 0) * 1000;
  }

  const GRACE_CHOICES = [['none', 0], ['1h', 3600000], ['1d', DAY], ['7d', 7 * DAY]];

  function regenerate(token) {
    state.regenerating = token;
    $('regenerate-text').textContent = t('regenerate.text', { name: token.name });
    $('regenerate-error').hidden = true;
    $('regenerate-error').textContent = '';
    $('regenerate-grace-error').hidden = true;
    $('regenerate-grace-error').textContent = '';
    const max = durationMillis(state.context.expiry.maxGracePeriod);
    const choices = $('grace-choices');
    choices.textContent = '';
    GRACE_CHOICES.filter(([, ms]) => ms <= max).forEach(([value], i) => {
      const radio = el('input', { type: 'radio', name: 'grace', value, id: 'grace-' + value });
      radio.checked = i === 0;
      radio.addEventListener('change', updateGraceHint);
      choices.append(el('label', { class: 'choice' }, [radio, document.createTextNode(' ' + t('grace.' + value))]));
    });
    $('grace-field').hidden = choices.children.length < 2;
    updateGraceHint();
    openDialog($('regenerate-dialog'), $('regenerate-cancel'));
  }

  function chosenGrace() {
    const checked = document.querySelector('#grace-choices input[name="grace"]:checked');
    return checked ? checked.value : 'none';
  }

  function updateGraceHint() {
    $('regenerate-hint').textContent = chosenGrace() === 'none'
      ? t('regenerate.immediately') : t('regenerate.grace', { period: t('grace.' + chosenGrace()) });
  }

  async function submitRegenerate() {
    const token = state.regenerating;
    const grace = chosenGrace();
    const ok = $('regenerate-ok');
    ok.disabled = true;
    clearError();
    try {
      // No grace: no body at all (still typed as JSON: the admin API takes no other POST).
      const answer = await api('POST', 'tokens/' + encodeURIComponent(token.id) + '/regenerate',
        grace === 'none' ? undefined : { gracePeriod: grace },
        grace === 'none' ? { 'Content-Type': 'application/json' } : undefined);
      $('regenerate-dialog').close();
      state.regenerating = null;
      await reload();
      showSecret('secret.titleRegenerated', answer.plaintext);
    } catch (e) {
      const graceErrors = e instanceof ApiError && e.errors && e.errors.gracePeriod;
      if (graceErrors) {
        $('regenerate-grace-error').textContent = t('regenerate.graceRefused') + ' ' + [].concat(graceErrors).join(' ');
        $('regenerate-grace-error').hidden = false;
      }
      $('regenerate-error').textContent = describeError(e, true);
      $('regenerate-error').hidden = false;
    } finally {
      ok.disabled = false;
    }
  }

  function closeRegenerate() {
    if ($('regenerate-dialog').open) $('regenerate-dialog').close();
    state.regenerating = null;
  }

  async function deleteOne(token) {
    const ok = await confirmAction(t('confirm.deleteTitle'), t('confirm.deleteText', { name: token.name }), t('action.delete'));
    if (!ok) { restoreFocus(); return; }
    clearError();
    try {
      await api('DELETE', 'tokens/' + encodeURIComponent(token.id));
      state.selected.delete(token.id);
      announce(t('status.deleted'));
      await loadTokens(false);
    } catch (e) {
      showError(e);
    }
    state.opener = null;
    $('create-button').focus();
  }

  async function deleteSelected() {
    closeMenus();
    const ids = [...state.selected];
    if (ids.length === 0) {
      showError(t('error.selectFirst'));
      return;
    }
    state.opener = $('bulk-menu-button');
    const ok = await confirmAction(t('confirm.deleteManyTitle', { count: ids.length }),
      t('confirm.deleteManyText', { count: ids.length }), t('confirm.deleteManyOk', { count: ids.length }));
    if (!ok) { restoreFocus(); return; }
    clearError();
    try {
      const answer = await api('POST', 'tokens/delete', { ids });
      state.selected.clear();
      announce(t('status.deletedMany', { count: answer.deleted }));
      await loadTokens(false);
    } catch (e) {
      showError(e);
    }
    restoreFocus();
  }

  // ------------------------------------------------------------------------------------------
  // Activity: the audit trail, for one token (its last 20 records) or the organization (50 at a
  // time, Load more). Members get only their own records: the API filters. Everything a record
  // holds is written as text (the user agent is whatever the caller sent).
  // ------------------------------------------------------------------------------------------

  const AUDIT_ACTIONS = ['issued', 'edited', 'regenerated', 'revoked', 'bulk_revoked', 'leak_revoked',
    'expiry_notice_sent', 'refused_permission', 'refused_policy'];

  const activity = { token: null, cursor: null, request: 0 };

  function openActivity(token) {
    activity.token = token;
    $('activity-title').textContent = token ? t('activity.titleToken', { name: token.name }) : t('activity.title');
    $('activity-filter-field').hidden = !!token;
    const filter = $('activity-action');
    if (filter.options.length === 0) {
      filter.append(el('option', { value: '', text: t('activity.allActions') }));
      AUDIT_ACTIONS.forEach((a) => filter.append(el('option', { value: a, text: t('audit.' + a) })));
    }
    filter.value = '';
    if (!token) state.opener = $('activity-button');
    openDialog($('activity-dialog'), $('activity-close'));
    loadActivity(false);
  }

  async function loadActivity(more) {
    const params = new URLSearchParams();
    if (activity.token) {
      params.set('tokenId', activity.token.id);
      params.set('limit', '20');
    } else {
      params.set('limit', '50');
      if ($('activity-action').value) params.set('action', $('activity-action').value);
      if (more && activity.cursor) params.set('cursor', activity.cursor);
    }
    const request = ++activity.request;
    const list = $('activity-list');
    $('activity-error').hidden = true;
    if (!more) {
      list.textContent = '';
      $('activity-empty').hidden = true;
      $('activity-more').hidden = true;
      $('activity-status').textContent = t('activity.loading');
    }
    try {
      const page = await api('GET', 'audit?' + params.toString());
      if (request !== activity.request) return;
      const before = list.children.length;
      page.records.forEach((record) => list.append(activityItem(record)));
      activity.cursor = activity.token ? null : page.nextCursor;
      $('activity-more').hidden = !activity.cursor;
      $('activity-empty').hidden = list.children.length > 0;
      $('activity-status').textContent = t('activity.showing', { count: list.children.length });
      if (more && list.children[before]) list.children[before].focus();
    } catch (e) {
      if (request !== activity.request) return;
      $('activity-status').textContent = '';
      $('activity-error').textContent = describeError(e);
      $('activity-error').hidden = false;
    }
  }

  function activityItem(record) {
    const detail = (key, value) => (value === null || value === undefined || value === '' ? null
      : el('div', { class: 'activity-detail' }, [el('span', { class: 'muted', text: t(key) + ' ' }),
        el('span', { class: key === 'activity.userAgent' || key === 'activity.url' ? 'mono' : '', text: String(value) })]));
    return el('li', { class: 'activity-record', tabindex: '-1', 'data-action': record.action, 'data-record-id': record.id }, [
      el('div', { class: 'activity-head' }, [
        el('span', { class: 'activity-action', text: AUDIT_ACTIONS.includes(record.action) ? t('audit.' + record.action) : record.action }),
        el('time', { datetime: record.at, text: exact(record.at) }),
      ]),
      el('div', {}, [
        el('span', { text: record.actor ? t('activity.by', { actor: record.actor }) : t('activity.bySystem') }),
        record.masked ? el('span', { class: 'mono token-masked', text: ' ' + record.masked }) : null,
      ]),
      detail('activity.owner', record.tokenOwner),
      detail('activity.fields', (record.fields || []).join(', ')),
      detail('activity.source', record.source),
      detail('activity.url', record.url),
      detail('activity.reason', record.reason),
      detail('activity.clientAddress', record.clientAddress),
      detail('activity.userAgent', record.userAgent),
    ]);
  }

  // ------------------------------------------------------------------------------------------
  // Wiring
  // ------------------------------------------------------------------------------------------

  let filterTimer = null;

  function wire() {
    $('create-button').addEventListener('click', () => { clearError(); openCreate(); });
    $('refresh-button').addEventListener('click', () => { clearError(); reload(); });
    $('load-more').addEventListener('click', () => loadTokens(true).catch(showError));
    $('error-dismiss').addEventListener('click', clearError);
    $('name-filter').addEventListener('input', () => {
      clearTimeout(filterTimer);
      filterTimer = setTimeout(reload, 250);
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
      if (event.key === 'Escape') closeMenus(true);
    });

    $('token-form').addEventListener('submit', submitToken);
    $('token-cancel').addEventListener('click', () => { closeTokenDialog(); restoreFocus(); });
    $('token-dialog').addEventListener('cancel', () => { state.editing = null; setTimeout(restoreFocus, 0); });
    $('token-expiry').addEventListener('change', updatePreview);

    $('activity-button').addEventListener('click', () => { clearError(); openActivity(null); });
    $('activity-action').addEventListener('change', () => loadActivity(false));
    $('activity-more').addEventListener('click', () => loadActivity(true));
    $('activity-close').addEventListener('click', () => { $('activity-dialog').close(); restoreFocus(); });
    $('activity-dialog').addEventListener('cancel', () => setTimeout(restoreFocus, 0));

    $('regenerate-ok').addEventListener('click', submitRegenerate);
    $('regenerate-cancel').addEventListener('click', () => { closeRegenerate(); restoreFocus(); });
    $('regenerate-dialog').addEventListener('cancel', () => { state.regenerating = null; setTimeout(restoreFocus, 0); });
    $('token-expiry-date').addEventListener('change', updatePreview);
    $('token-expiry-date').addEventListener('input', updatePreview);

    $('secret-copy').addEventListener('click', copySecret);
    $('secret-close').addEventListener('click', () => $('secret-dialog').close());
    $('secret-dialog').addEventListener('close', forgetSecret);

    // Keep "last active" words current without reloading.
    setInterval(() => {
      document.querySelectorAll('td.last-active time').forEach((time) => {
        time.textContent = relative(time.getAttribute('datetime'));
      });
    }, 15000);
  }

  async function loadMessages() {
    const response = await fetch(document.documentElement.dataset.messages, { credentials: 'same-origin' });
    if (!response.ok) throw new Error('messages ' + response.status);
    state.messages = await response.json();
  }

  async function start() {
    wire();
    try {
      const context = api('GET', 'context');
      context.catch(() => {}); // handled below, once the words are loaded
      await loadMessages();
      renderHead();
      applyContext(await context);
      await loadTokens(false);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) $('context-line').textContent = '';
      showError(e);
    } finally {
      document.body.dataset.ready = 'true';
    }
  }

  start();
}());
