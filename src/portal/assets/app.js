import { api, ApiError, setCsrfToken } from './api.js';
import { announce, h, replace } from './dom.js';
import { lang, setLang, t } from './i18n.js';
import { accessLogPage } from './pages/accessLog.js';
import { consentsPage, grantPage } from './pages/consents.js';
import { documentPage, documentsPage } from './pages/documents.js';
import { homePage } from './pages/home.js';
import { requestsPage } from './pages/requests.js';
import { signInPage } from './pages/signIn.js';

const main = document.getElementById('main');
const nav = document.getElementById('site-nav');
const actingBar = document.getElementById('acting-bar');
const signOutButton = document.getElementById('sign-out');
const langButton = document.getElementById('lang-switch');

const ROUTES = [
  [/^\/?$/, homePage],
  [/^\/documents$/, documentsPage],
  [/^\/documents\/([0-9a-f-]{36})$/, documentPage],
  [/^\/consents$/, consentsPage],
  [/^\/consents\/new$/, grantPage],
  [/^\/requests$/, requestsPage],
  [/^\/access-log$/, accessLogPage],
];

let session = null;
let firstRender = true;

/**
 * Who the citizen is acting for: themself (null), a minor child or a business they represent.
 * Kept for this browser tab only; the server checks the link with the registries on every call.
 */
const acting = {
  key: () => `motlan.acting.${session?.citizen.id}`,
  get() {
    try {
      return JSON.parse(sessionStorage.getItem(this.key()) || 'null');
    } catch {
      return null;
    }
  },
  set(value) {
    if (value) sessionStorage.setItem(this.key(), JSON.stringify(value));
    else sessionStorage.removeItem(this.key());
  },
};

/** Children (under 18 by the digits of their ID) and businesses this citizen can switch to. */
async function representationOptions() {
  const cacheKey = `motlan.options.${session.citizen.id}`;
  const cached = sessionStorage.getItem(cacheKey);
  if (cached) return JSON.parse(cached);
  const options = [];
  const me = await api('/v1/me').catch(() => null);
  if (me && !session.citizen.name) session.citizen.name = me.name;
  for (const child of me?.registry?.snapshot?.children || []) {
    if (child.id && isMinorById(child.id)) options.push({ id: child.id, name: child.fullName, kind: 'child' });
  }
  const documents = await api('/v1/me/documents', { query: { type: 'enterprise-registration', limit: 100 } }).catch(() => ({ items: [] }));
  for (const doc of documents.items) {
    const mine = doc.subjects.some((s) => s.role === 'legal_representative' && s.nationalId === session.citizen.id);
    const enterprise = doc.subjects.find((s) => s.role === 'enterprise');
    if (mine && enterprise && doc.status === 'active') options.push({ id: enterprise.nationalId, name: doc.fields.enterpriseName || enterprise.nationalId, kind: 'business' });
  }
  for (const extra of JSON.parse(localStorage.getItem(`motlan.businesses.${session.citizen.id}`) || '[]')) {
    if (!options.some((o) => o.id === extra.id)) options.push(extra);
  }
  sessionStorage.setItem(cacheKey, JSON.stringify(options));
  return options;
}

/** Digit 4 gives the century (0/1: 1900s, 2/3: 2000s, …), digits 5–6 the year (domain.md §1). */
function isMinorById(id) {
  const century = 1900 + Math.floor(Number(id[3]) / 2) * 100;
  const year = century + Number(id.slice(4, 6));
  return new Date().getFullYear() - year < 18;
}

function nameOfSelf() {
  return session.citizen.name || session.citizen.id;
}

const ctx = {
  get session() {
    return session;
  },
  get acting() {
    return acting.get();
  },
  /** The query every /v1/me call takes when acting for someone else. */
  onBehalfOf() {
    const a = acting.get();
    return a ? { onBehalfOf: a.id } : {};
  },
  subjectName() {
    return acting.get()?.name || null;
  },
  navigate(hash) {
    if (location.hash === hash) render();
    else location.hash = hash;
  },
  render: () => render(),
  errorText,
  errorNotice: (error) => h('div', { class: 'notice bad', role: 'alert' }, h('p', {}, errorText(error))),
};

/** Plain words for what went wrong; the request id lets support find it. */
function errorText(error) {
  if (!(error instanceof ApiError)) return t('errors.generic', { id: '—' });
  if (error.status === 0) return t('errors.network');
  switch (error.slug) {
    case 'identity-level-too-low':
      return t('errors.level');
    case 'registry-unavailable':
    case 'registry-not-configured':
      return t('errors.registry');
    case 'already-revoked':
    case 'already-settled':
      return t('errors.already');
    case 'forbidden':
      return t('errors.notRepresentative');
    case 'not-found':
      return /record/i.test(error.problem.title || '') ? t('errors.noRecord') : t('errors.notFound');
    default:
      return t('errors.generic', { id: error.problem.requestId || '—' });
  }
}

async function loadSession() {
  try {
    session = await api('/portal/session');
    setCsrfToken(session.csrfToken);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401) throw error;
    session = null;
    setCsrfToken(null);
  }
}

function applyLanguage() {
  document.documentElement.lang = lang();
  langButton.textContent = t('switchTo');
  langButton.lang = lang() === 'vi' ? 'en' : 'vi';
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll('[data-i18n-aria]')) el.setAttribute('aria-label', t(el.dataset.i18nAria));
  nav.setAttribute('aria-label', t('navLabel'));
}

function markCurrentNav(path) {
  for (const link of nav.querySelectorAll('a')) {
    const target = link.getAttribute('href').slice(1);
    if (path === target || path.startsWith(`${target}/`)) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

async function renderActingBar() {
  const options = await representationOptions();
  const current = acting.get();
  if (!options.length && !current) {
    actingBar.hidden = true;
    return;
  }
  const select = h(
    'select',
    { id: 'acting-select' },
    h('option', { value: '' }, t('actingSelf', { name: nameOfSelf() })),
    options.map((o) => h('option', { value: o.id, selected: current?.id === o.id }, t(o.kind === 'child' ? 'actingChild' : 'actingBusiness', { name: o.name }))),
    h('option', { value: '__add' }, t('actingAdd')),
  );
  const message = h('p', { class: 'error-text', role: 'alert' });
  const addForm = h('form', { hidden: true, class: 'acting-add', novalidate: true });
  const switchTo = async (option) => {
    message.textContent = '';
    try {
      if (option) await api('/v1/me/consents', { query: { onBehalfOf: option.id } });
      acting.set(option);
      announce(t('actingChanged', { name: option ? option.name : nameOfSelf() }));
      await render();
      document.getElementById('acting-select')?.focus();
    } catch (error) {
      select.value = current?.id || '';
      message.textContent = t('actingRefused', { reason: errorText(error) });
    }
  };
  const codeInput = h('input', { type: 'text', id: 'acting-code', inputmode: 'numeric', autocomplete: 'off', pattern: '[0-9-]{10,14}' });
  replace(
    addForm,
    h('label', { for: 'acting-code' }, t('actingAddLabel')),
    codeInput,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('actingAddButton')), h('button', { type: 'button', class: 'secondary', onclick: () => ((addForm.hidden = true), (select.value = current?.id || ''), select.focus()) }, t('cancel'))),
  );
  addForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const code = codeInput.value.replace(/\s/g, '');
    const option = { id: code, name: code, kind: 'business' };
    try {
      await api('/v1/me/consents', { query: { onBehalfOf: code } });
    } catch (error) {
      message.textContent = t('actingRefused', { reason: errorText(error) });
      return;
    }
    const key = `motlan.businesses.${session.citizen.id}`;
    const saved = JSON.parse(localStorage.getItem(key) || '[]').filter((b) => b.id !== code);
    localStorage.setItem(key, JSON.stringify([...saved, option]));
    sessionStorage.removeItem(`motlan.options.${session.citizen.id}`);
    await switchTo(option);
  });
  select.addEventListener('change', () => {
    if (select.value === '__add') {
      addForm.hidden = false;
      codeInput.focus();
      return;
    }
    void switchTo(options.find((o) => o.id === select.value) || null);
  });
  replace(actingBar, h('div', {}, h('label', { for: 'acting-select' }, t('actingLabel')), select, addForm, message));
  actingBar.hidden = false;
}

async function render() {
  applyLanguage();
  const path = location.hash.replace(/^#/, '') || '/';
  try {
    await loadSession();
  } catch (error) {
    replace(main, ctx.errorNotice(error));
    return;
  }
  signOutButton.hidden = !session;
  nav.hidden = !session;
  let content;
  try {
    if (!session) {
      actingBar.hidden = true;
      content = await signInPage(ctx);
    } else {
      const match = ROUTES.map(([pattern, page]) => [pattern.exec(path), page]).find(([m]) => m);
      markCurrentNav(path);
      await renderActingBar();
      content = match ? await match[1](ctx, ...match[0].slice(1)) : [h('h1', { tabindex: '-1' }, t('notFoundPage')), h('p', {}, h('a', { href: '#/' }, t('goHome')))];
    }
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      session = null;
      return render();
    }
    content = [h('h1', { tabindex: '-1' }, t('notFoundPage')), ctx.errorNotice(error)];
  }
  replace(main, content);
  const heading = main.querySelector('h1');
  document.title = `${heading ? heading.textContent : 'Motlan'} – Motlan`;
  // Moving focus to the new heading tells screen-reader users the page changed; not on first load.
  if (!firstRender && heading) heading.focus();
  firstRender = false;
}

langButton.addEventListener('click', () => {
  setLang(lang() === 'vi' ? 'en' : 'vi');
  void render();
});

signOutButton.addEventListener('click', async () => {
  if (session) sessionStorage.removeItem(`motlan.options.${session.citizen.id}`);
  await api('/portal/session', { method: 'DELETE' }).catch(() => undefined);
  session = null;
  location.hash = '#/';
  await render();
});

window.addEventListener('hashchange', () => void render());
void render();
