import { api } from '../api.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';

export async function homePage(ctx) {
  const { citizen } = ctx.session;
  const requests = await api('/v1/me/consent-requests', { query: { ...ctx.onBehalfOf(), status: 'pending' } }).catch(() => ({ items: [] }));
  const pending = requests.items.length;
  const card = (href, title, text, extra, highlight = false) =>
    h('li', { class: `card${highlight ? ' highlight' : ''}` }, h('h2', {}, h('a', { href }, title)), h('p', {}, text), extra);
  return [
    h('h1', { tabindex: '-1' }, citizen.name ? t('hello', { name: citizen.name }) : t('helloNoName')),
    h('p', { class: 'lead' }, t('yourId', { id: citizen.id }), h('br'), t('level', { level: citizen.identityLevel })),
    citizen.identityLevel < 2 ? h('div', { class: 'notice warn' }, h('p', {}, t('level1Note'))) : null,
    h(
      'ul',
      { class: 'cards two' },
      card('#/requests', t('homeRequests'), t('homeRequestsText'), pending ? h('p', { class: 'status warn' }, t('homeRequestsPending', { n: pending })) : null, pending > 0),
      card('#/documents', t('homeDocuments'), t('homeDocumentsText')),
      card('#/consents', t('homeConsents'), t('homeConsentsText')),
      card('#/access-log', t('homeAccessLog'), t('homeAccessLogText')),
    ),
  ];
}
