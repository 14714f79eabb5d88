import { api } from '../api.js';
import { confirmDialog, facts, h, setFlash, takeFlash } from '../dom.js';
import { formatDate, formatDay } from '../format.js';
import { t } from '../i18n.js';
import { documentTypeNames, loadDocumentTypes, loadNames, procedureName } from '../names.js';

const STATUS_CLASS = { pending: 'warn', approved: 'ok', refused: 'neutral' };
const YEAR = 365 * 86_400_000;

export async function requestsPage(ctx) {
  const query = ctx.onBehalfOf();
  const [types, { items }] = await Promise.all([loadDocumentTypes(), api('/v1/me/consent-requests', { query })]);
  await loadNames({ procedureCodes: items.map((r) => r.purpose) });
  const pending = items.filter((r) => r.status === 'pending');
  const settled = items.filter((r) => r.status !== 'pending');
  const name = ctx.subjectName();

  const card = (r) => {
    const agency = r.requester.agencyName || r.requester.agencyCode;
    const docs = documentTypeNames(r.documentTypes, types);
    const until = r.validUntil ? formatDate(r.validUntil) : formatDay(new Date(Date.now() + YEAR));
    const answer = async (approve) => {
      const yes = await confirmDialog(
        approve
          ? {
              title: t('approveConfirmTitle'),
              text: t('approveConfirmText', { agency, docs, procedure: procedureName(r.purpose), dossier: r.dossierCode ? t('forDossier', { dossier: r.dossierCode }) : '', date: until }),
              yes: t('approveConfirmYes'),
              no: t('cancel'),
            }
          : { title: t('refuseConfirmTitle'), text: t('refuseConfirmText', { agency, docs }), yes: t('refuseConfirmYes'), no: t('cancel'), danger: true },
      );
      if (!yes) return;
      try {
        if (approve) await api(`/v1/me/consent-requests/${r.id}/approve`, { method: 'POST', query, body: {} });
        else await api(`/v1/me/consent-requests/${r.id}/refuse`, { method: 'POST', query });
        setFlash(t(approve ? 'approved' : 'refused', { agency }));
      } catch (error) {
        setFlash(ctx.errorText(error), true);
      }
      await ctx.render();
    };
    return h(
      'li',
      { class: `card${r.status === 'pending' ? ' highlight' : ''}`, 'data-request': r.id },
      h('h2', {}, t('requestAsks', { agency, docs })),
      facts([
        [t('statusLabel'), h('span', { class: `status ${STATUS_CLASS[r.status]}` }, t(`requestStatus.${r.status}`))],
        [t('requestFor'), procedureName(r.purpose)],
        [t('requestDossier'), r.dossierCode],
        [t('requestUntil'), until],
        [t('requestNote'), r.note],
        [t('requestReceived'), formatDate(r.createdAt)],
      ]),
      r.status === 'pending'
        ? h(
            'div',
            { class: 'actions' },
            h('button', { type: 'button', class: 'primary', 'data-approve': r.id, onclick: () => answer(true) }, t('approve')),
            h('button', { type: 'button', class: 'secondary', 'data-refuse': r.id, onclick: () => answer(false) }, t('refuse')),
          )
        : null,
    );
  };

  return [
    h('h1', { tabindex: '-1' }, name ? t('requestsTitleFor', { name }) : t('requestsTitle')),
    takeFlash(),
    h('p', { class: 'lead' }, t('requestsLead')),
    ctx.session.citizen.identityLevel < 2 ? h('div', { class: 'notice warn' }, h('p', {}, t('errors.level'))) : null,
    pending.length ? h('ul', { class: 'cards', id: 'request-list' }, pending.map(card)) : h('p', { class: 'notice' }, t('requestsNone')),
    settled.length ? h('details', {}, h('summary', {}, t('requestsSettled', { n: settled.length })), h('ul', { class: 'cards' }, settled.map(card))) : null,
  ];
}
