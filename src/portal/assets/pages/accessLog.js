import { api } from '../api.js';
import { h } from '../dom.js';
import { formatDateTime } from '../format.js';
import { fill, lang, t, table } from '../i18n.js';
import { agencyName, documentTypeNames, granteeName, loadDocumentTypes, loadNames, procedureName } from '../names.js';

/**
 * The access log as a timeline: agencies' reads and refusals, and the citizen's consent decisions.
 * The citizen's own reads (each page of this portal reads their data, and that is logged too) are
 * folded away below.
 */
export async function accessLogPage(ctx) {
  // Acting for a child or a business, the page shows their log: the server checks the link each time
  // and writes this reading into that log.
  const name = ctx.subjectName();
  const heading = h('h1', { tabindex: '-1' }, name ? t('logTitleFor', { name }) : t('logTitle'));
  const forWhom = ctx.onBehalfOf();
  const [types, log, verification, consents] = await Promise.all([
    loadDocumentTypes(),
    api('/v1/me/access-log', { query: { limit: 100, ...forWhom } }),
    api('/v1/me/access-log/verification', { query: forWhom }).catch((error) => ({ error })),
    api('/v1/me/consents', { query: forWhom }).catch(() => ({ items: [] })),
  ]);
  const consentById = new Map(consents.items.map((c) => [c.id, c]));
  await loadNames({ agencyCodes: consents.items.map((c) => c.grantee.agencyCode), procedureCodes: log.items.map((e) => e.purpose).filter(Boolean).flatMap((p) => p.split(',')) });

  const list = h('ol', { class: 'timeline', id: 'access-log' });
  const own = h('ol', { class: 'timeline' });
  const ownCount = { n: 0 };
  const add = (items) => {
    for (const entry of items) {
      // The citizen's own reads are routine; their consent decisions belong on the timeline.
      const routine = entry.actor === 'citizen:self' && !entry.action.startsWith('consent');
      const item = h(
        'li',
        { class: entry.decision === 'deny' ? 'deny' : 'allow', 'data-seq': entry.seq },
        h('time', { datetime: entry.at }, formatDateTime(entry.at)),
        h('p', {}, sentence(entry, consentById, types)),
        entry.actor === 'citizen:self' ? null : h('span', { class: `status ${entry.decision === 'deny' ? 'bad' : 'ok'}` }, entry.decision === 'deny' ? t('logRefused') : t('logAllowed')),
      );
      if (routine) {
        own.append(item);
        ownCount.n += 1;
      } else list.append(item);
    }
  };
  add(log.items);
  const ownSummary = h('summary', {}, t('logShowOwn', { n: ownCount.n }));
  const ownDetails = h('details', { hidden: ownCount.n === 0 }, ownSummary, own);
  const empty = h('p', { class: 'notice', hidden: list.children.length > 0 }, t('logNone'));
  let cursor = log.nextCursor;
  const more = h('button', { type: 'button', class: 'secondary', hidden: !cursor }, t('logMore'));
  more.addEventListener('click', async () => {
    const page = await api('/v1/me/access-log', { query: { limit: 100, cursor, ...forWhom } });
    add(page.items);
    cursor = page.nextCursor;
    more.hidden = !cursor;
    ownSummary.textContent = t('logShowOwn', { n: ownCount.n });
    ownDetails.hidden = ownCount.n === 0;
    empty.hidden = list.children.length > 0;
  });

  return [heading, h('p', { class: 'lead' }, name ? t('logLeadFor', { name }) : t('logLead')), chainNotice(verification), empty, list, h('div', { class: 'actions' }, more), ownDetails];
}

function chainNotice(result) {
  if (result.error) {
    return result.error.status === 404 ? h('p', { class: 'notice' }, t('chainEmpty')) : null;
  }
  const text = result.valid ? (result.entries ? t('chainOk', { n: result.entries }) : t('chainEmpty')) : t('chainBroken', { seq: result.firstBrokenSeq });
  return h('section', { class: `notice ${result.valid ? 'ok' : 'bad'}`, id: 'chain-verification', 'aria-labelledby': 'chain-title', role: result.valid ? null : 'alert' }, h('h2', { id: 'chain-title' }, t('chainTitle')), h('p', {}, text));
}

/**
 * Motlan writes each entry's sentence (description.vi / .en). Consent actions carry the consent's
 * id in their rule, so the portal names the agency and documents from the citizen's consents.
 */
function sentence(entry, consentById, types) {
  const template = table('consentActions')[entry.action];
  if (!template) return lang() === 'vi' ? entry.description.vi : entry.description.en;
  const consent = entry.rule?.startsWith('consent:') ? consentById.get(entry.rule.slice('consent:'.length)) : undefined;
  const purpose = entry.purpose ? entry.purpose.split(',').map(procedureName).join('; ') : '';
  return fill(template, {
    agency: consent ? granteeName(consent.grantee) : entry.agency ? entry.agency.name || agencyName(entry.agency.code) : t('anAgency'),
    docs: consent ? documentTypeNames(consent.documentTypes, types) : t('yourDocs'),
    purpose: purpose ? t('forProcedure', { procedure: purpose }) : '',
    dossier: entry.dossierCode ? t('forDossier', { dossier: entry.dossierCode }) : '',
  });
}
