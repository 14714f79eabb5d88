import { api, all } from '../api.js';
import { facts, h } from '../dom.js';
import { fileExtension, formatDate, formatSize, mediaLabel } from '../format.js';
import { t, table } from '../i18n.js';
import { agencyName, documentTypeName, loadDocumentTypes, loadNames } from '../names.js';

const STATUS_CLASS = { active: 'ok', expired: 'warn', revoked: 'bad', superseded: 'neutral', corrected: 'neutral' };

export function documentStatus(status) {
  return h('span', { class: `status ${STATUS_CLASS[status] || 'neutral'}` }, t(`docStatus.${status}`));
}

const validity = (doc) => (doc.validUntil ? t('validUntil', { date: formatDate(doc.validUntil) }) : t('validForever'));

export async function documentsPage(ctx) {
  const [types, documents] = await Promise.all([loadDocumentTypes(), all('/v1/me/documents', ctx.onBehalfOf())]);
  await loadNames({ agencyCodes: documents.map((d) => d.issuer) });
  const name = ctx.subjectName();
  // Valid documents first, then the rest; the newest first within each.
  const order = (d) => (d.status === 'active' ? 0 : 1);
  documents.sort((a, b) => order(a) - order(b) || b.issueDate.localeCompare(a.issueDate));
  return [
    h('h1', { tabindex: '-1' }, name ? t('documentsTitleFor', { name }) : t('documentsTitle')),
    h('p', { class: 'lead' }, t('documentsLead')),
    documents.length === 0
      ? h('p', { class: 'notice' }, t('documentsNone'))
      : h(
          'ul',
          { class: 'cards', id: 'document-list' },
          documents.map((doc) => {
            const typeName = documentTypeName(doc.type, types);
            return h(
              'li',
              { class: 'card', 'data-document': doc.id },
              h('h2', {}, typeName),
              facts([
                [t('statusLabel'), documentStatus(doc.status)],
                [t('issuedBy'), agencyName(doc.issuer)],
                [t('issuedOn'), formatDate(doc.issueDate)],
                [t('validity'), validity(doc)],
              ]),
              h('a', { class: 'button secondary', href: `#/documents/${doc.id}` }, t('viewDocumentNamed', { name: typeName })),
            );
          }),
        ),
  ];
}

export async function documentPage(ctx, id) {
  const query = ctx.onBehalfOf();
  const [types, doc] = await Promise.all([loadDocumentTypes(), api(`/v1/me/documents/${id}`, { query })]);
  await loadNames({ agencyCodes: [doc.issuer] });
  const typeName = documentTypeName(doc.type, types);
  const contentUrl = new URL(`/v1/me/documents/${doc.id}/content`, location.origin);
  if (query.onBehalfOf) contentUrl.searchParams.set('onBehalfOf', query.onBehalfOf);
  const labels = table('fields');
  // In the order a paper form would list them (the labels' order), then anything the portal has no label for.
  const known = Object.keys(labels);
  const rank = (key) => (known.includes(key) ? known.indexOf(key) : known.length);
  const fieldRows = Object.entries(doc.fields)
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([key, value]) => [labels[key] || key, fieldValue(key, value)]);
  const isImage = doc.content.mediaType.startsWith('image/');
  return [
    h('p', {}, h('a', { href: '#/documents' }, t('backToDocuments'))),
    h('h1', { tabindex: '-1' }, typeName),
    doc.revocation ? h('div', { class: 'notice bad' }, h('p', {}, t('revokedBecause', { reason: doc.revocation.reason }))) : null,
    facts([
      [t('statusLabel'), documentStatus(doc.status)],
      [t('number'), doc.number],
      [t('issuedBy'), agencyName(doc.issuer)],
      [t('issuedOn'), formatDate(doc.issueDate)],
      [t('validity'), validity(doc)],
      [t('signatureLabel'), doc.signature.status === 'verified' ? t('signatureValid') : t('signatureNone')],
    ]),
    h('section', { 'aria-labelledby': 'doc-fields' }, h('h2', { id: 'doc-fields' }, t('documentDetails')), facts(fieldRows)),
    h(
      'section',
      { 'aria-labelledby': 'doc-file' },
      h('h2', { id: 'doc-file' }, t('documentFile')),
      h('p', { class: 'muted' }, t('fileInfo', { type: mediaLabel(doc.content.mediaType), size: formatSize(doc.content.size) })),
      isImage ? h('img', { src: contentUrl.toString(), alt: typeName, style: null, width: '100%' }) : null,
      h(
        'div',
        { class: 'actions' },
        h('a', { class: 'button primary', href: contentUrl.toString(), target: '_blank', rel: 'noopener' }, t('openFile')),
        h('a', { class: 'button secondary', href: contentUrl.toString(), download: `${doc.type}-${doc.number.replace(/[^A-Za-z0-9-]/g, '_')}.${fileExtension(doc.content.mediaType)}` }, t('downloadFile')),
      ),
    ),
  ];
}

function fieldValue(key, value) {
  if (value === null || value === undefined) return '';
  if (key === 'sex') return table('sex')[value] || value;
  if (key === 'maritalStatus') return table('maritalStatus')[value] || value;
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value);
  if (typeof value === 'number') return value.toLocaleString('vi-VN');
  if (typeof value === 'string') return table('values')[value] || value;
  if (Array.isArray(value)) return value.map((v) => fieldValue('', v)).join(', ');
  if (typeof value === 'object') return Object.values(value).join(', ');
  return String(value);
}
