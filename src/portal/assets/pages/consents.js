import { api } from '../api.js';
import { confirmDialog, facts, h, replace, setFlash, takeFlash } from '../dom.js';
import { formatDate, formatDay, parseDayInput } from '../format.js';
import { lang, t } from '../i18n.js';
import { agencyName, documentTypeList, documentTypeNames, granteeName, loadDocumentTypes, loadNames, procedureName, rememberAgencies, rememberProcedures } from '../names.js';

const STATUS_CLASS = { active: 'ok', pending: 'warn', revoked: 'bad', expired: 'neutral' };
const DAY = 86_400_000;

export async function consentsPage(ctx) {
  const query = ctx.onBehalfOf();
  const [types, { items }] = await Promise.all([loadDocumentTypes(), api('/v1/me/consents', { query })]);
  await loadNames({ agencyCodes: items.map((c) => c.grantee.agencyCode), procedureCodes: items.flatMap((c) => c.purposes) });
  const live = items.filter((c) => c.status === 'active' || c.status === 'pending');
  const ended = items.filter((c) => !live.includes(c));
  const name = ctx.subjectName();

  const card = (c) => {
    const who = granteeName(c.grantee);
    const docs = documentTypeNames(c.documentTypes, types);
    const revokeButton =
      live.includes(c) &&
      h(
        'button',
        {
          type: 'button',
          class: 'danger',
          'data-consent': c.id,
          onclick: async () => {
            const yes = await confirmDialog({ title: t('revokeConfirmTitle'), text: t('revokeConfirmText', { agency: who, docs }), yes: t('revokeConfirmYes'), no: t('revokeConfirmNo'), danger: true });
            if (!yes) return;
            try {
              await api(`/v1/me/consents/${c.id}/revoke`, { method: 'POST', query });
              setFlash(t('revoked', { agency: who }));
            } catch (error) {
              setFlash(ctx.errorText(error), true);
            }
            await ctx.render();
          },
        },
        t('revoke'),
      );
    return h(
      'li',
      { class: 'card', 'data-consent-card': c.id },
      h('h2', {}, who),
      facts([
        [t('statusLabel'), h('span', { class: `status ${STATUS_CLASS[c.status]}` }, t(`consentStatus.${c.status}`))],
        [t('consentWhat'), docs],
        [t('consentWhy'), c.purposes.map(procedureName).join('; ')],
        [t('consentDossier'), c.dossierCode],
        [t('consentFields'), c.fields ? c.fields.join(', ') : null],
        [t('consentUntil'), c.validUntil ? formatDate(c.validUntil) : null],
        [t('consentUses'), c.maxUses ? t('consentUsesMax', { uses: c.uses, max: c.maxUses }) : t('consentUsesValue', { uses: c.uses })],
        [t('consentHow'), c.revokedAt ? t('consentRevokedOn', { date: formatDate(c.revokedAt) }) : t(`consentChannel.${c.channel}`)],
      ]),
      revokeButton ? h('div', { class: 'actions' }, revokeButton) : null,
    );
  };

  return [
    h('h1', { tabindex: '-1' }, name ? t('consentsTitleFor', { name }) : t('consentsTitle')),
    takeFlash(),
    h('p', { class: 'lead' }, t('consentsLead')),
    h('p', {}, h('a', { class: 'button primary', href: '#/consents/new' }, t('newConsent'))),
    live.length ? h('ul', { class: 'cards', id: 'consent-list' }, live.map(card)) : h('p', { class: 'notice' }, t('consentsNone')),
    ended.length ? h('details', {}, h('summary', {}, t('consentsInactive', { n: ended.length })), h('ul', { class: 'cards' }, ended.map(card))) : null,
  ];
}

export async function grantPage(ctx) {
  const query = ctx.onBehalfOf();
  const [types, agencies, procedures] = await Promise.all([
    documentTypeList(),
    api('/portal/agencies'),
    api('/portal/procedures').catch(() => ({ items: [] })),
  ]);
  rememberAgencies(agencies.items);
  rememberProcedures(procedures.items);
  const typeMap = await loadDocumentTypes();
  const container = h('div');
  const example = formatDay(new Date(Date.now() + 180 * DAY));
  const state = { agency: '', procedure: '', procedureCode: '', documents: [], until: formatDay(new Date(Date.now() + 365 * DAY - DAY)), once: false };

  const showForm = (errors = {}) => {
    const errorFor = (key) => (errors[key] ? h('p', { class: 'error-text', id: `${key}-error` }, errors[key]) : null);
    const describedBy = (key, hint) => [hint, errors[key] ? `${key}-error` : null].filter(Boolean).join(' ') || undefined;
    const agencySelect = h(
      'select',
      { id: 'grant-agency', 'aria-describedby': describedBy('agency'), 'aria-invalid': errors.agency ? 'true' : null },
      h('option', { value: '' }, t('grantAgencyChoose')),
      agencies.items.map((a) => h('option', { value: a.code, selected: state.agency === a.code }, `${a.name} (${a.code})`)),
    );
    const procedureSelect = h(
      'select',
      { id: 'grant-procedure', 'aria-describedby': describedBy('procedure', 'grant-procedure-hint'), 'aria-invalid': errors.procedure ? 'true' : null },
      h('option', { value: '' }, t('grantProcedureChoose')),
      procedures.items.map((p) => h('option', { value: p.code, selected: state.procedure === p.code }, `${lang() === 'vi' ? p.nameVi : p.nameEn} (${p.code})`)),
      h('option', { value: 'other', selected: state.procedure === 'other' }, t('grantProcedureOther')),
    );
    const codeField = h(
      'div',
      { class: 'field', hidden: state.procedure !== 'other' },
      h('label', { for: 'grant-procedure-code' }, t('grantProcedureCode')),
      h('input', { type: 'text', id: 'grant-procedure-code', value: state.procedureCode, autocomplete: 'off' }),
    );
    procedureSelect.addEventListener('change', () => (codeField.hidden = procedureSelect.value !== 'other'));
    const documentBoxes = types.map((type) =>
      h(
        'div',
        { class: 'choice' },
        h('input', { type: 'checkbox', id: `grant-doc-${type.code}`, name: 'documents', value: type.code, checked: state.documents.includes(type.code) }),
        h('label', { for: `grant-doc-${type.code}` }, lang() === 'vi' ? type.nameVi : type.nameEn),
      ),
    );
    const errorList = Object.values(errors);
    const form = h(
      'form',
      { novalidate: true, id: 'grant-form' },
      errorList.length ? h('div', { class: 'notice bad', role: 'alert', tabindex: '-1', id: 'grant-errors' }, h('p', {}, t('fixErrors')), h('ul', {}, errorList.map((e) => h('li', {}, e)))) : null,
      h('div', { class: 'field' }, h('label', { for: 'grant-agency' }, t('grantAgency')), errorFor('agency'), agencySelect),
      h('div', { class: 'field' }, h('label', { for: 'grant-procedure' }, t('grantProcedure')), h('span', { class: 'hint', id: 'grant-procedure-hint' }, t('grantProcedureHint')), errorFor('procedure'), procedureSelect),
      codeField,
      h('fieldset', { 'aria-describedby': errors.documents ? 'documents-error' : null }, h('legend', {}, t('grantDocuments')), errorFor('documents'), documentBoxes),
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'grant-until' }, t('grantUntil')),
        h('span', { class: 'hint', id: 'grant-until-hint' }, t('grantUntilHint', { example })),
        errorFor('until'),
        h('input', { type: 'text', id: 'grant-until', value: state.until, inputmode: 'numeric', autocomplete: 'off', 'aria-describedby': describedBy('until', 'grant-until-hint'), 'aria-invalid': errors.until ? 'true' : null }),
      ),
      h('div', { class: 'choice' }, h('input', { type: 'checkbox', id: 'grant-once', checked: state.once }), h('label', { for: 'grant-once' }, t('grantOnce'))),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('grantReview'))),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      state.agency = agencySelect.value;
      state.procedure = procedureSelect.value;
      state.procedureCode = form.querySelector('#grant-procedure-code').value.trim();
      state.documents = [...form.querySelectorAll('input[name="documents"]:checked')].map((i) => i.value);
      state.until = form.querySelector('#grant-until').value;
      state.once = form.querySelector('#grant-once').checked;
      const found = {};
      if (!state.agency) found.agency = t('grantErrors.agency');
      const purpose = state.procedure === 'other' ? state.procedureCode : state.procedure;
      if (!/^\d\.\d{6}$/.test(purpose)) found.procedure = t('grantErrors.procedure');
      if (!state.documents.length) found.documents = t('grantErrors.documents');
      const until = parseDayInput(state.until);
      if (!until || until.getTime() <= Date.now() || until.getTime() > Date.now() + 366 * DAY) found.until = t('grantErrors.until');
      if (Object.keys(found).length) {
        showForm(found);
        document.getElementById('grant-errors')?.focus();
        return;
      }
      showSummary({ purpose, until });
    });
    replace(container, form);
  };

  const showSummary = ({ purpose, until }) => {
    const agency = agencyName(state.agency);
    const docs = documentTypeNames(state.documents, typeMap);
    const problemSlot = h('div');
    const confirmButton = h('button', { type: 'button', class: 'primary', id: 'grant-confirm' }, t('grantConfirm'));
    confirmButton.addEventListener('click', async () => {
      confirmButton.disabled = true;
      try {
        await api('/v1/me/consents', {
          method: 'POST',
          query,
          body: { grantee: { agencyCode: state.agency }, purposes: [purpose], documentTypes: state.documents, validUntil: until.toISOString(), ...(state.once ? { maxUses: 1 } : {}) },
        });
        setFlash(t('granted', { agency }));
        ctx.navigate('#/consents');
      } catch (error) {
        confirmButton.disabled = false;
        replace(problemSlot, ctx.errorNotice(error));
      }
    });
    const heading = h('h2', { tabindex: '-1', id: 'grant-summary-title' }, t('grantSummaryTitle'));
    replace(
      container,
      h(
        'section',
        { 'aria-labelledby': 'grant-summary-title' },
        heading,
        problemSlot,
        h(
          'div',
          { class: 'summary', id: 'grant-summary' },
          h('p', {}, t('grantSummary', { agency, docs, procedure: procedureName(purpose), date: formatDay(until) })),
          state.once ? h('p', {}, t('grantSummaryOnce')) : null,
          h('p', {}, t('grantSummaryRevoke')),
        ),
        h('div', { class: 'actions' }, confirmButton, h('button', { type: 'button', class: 'secondary', onclick: () => (showForm(), document.getElementById('grant-agency')?.focus()) }, t('grantBack'))),
      ),
    );
    heading.focus();
  };

  const level1 = ctx.session.citizen.identityLevel < 2;
  showForm();
  return [
    h('p', {}, h('a', { href: '#/consents' }, `← ${t('consentsTitle')}`)),
    h('h1', { tabindex: '-1' }, t('grantTitle')),
    level1 ? h('div', { class: 'notice warn' }, h('p', {}, t('errors.level'))) : h('p', { class: 'lead' }, t('grantLead')),
    level1 ? null : container,
  ];
}
