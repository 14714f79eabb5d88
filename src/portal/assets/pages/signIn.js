import { api } from '../api.js';
import { h } from '../dom.js';
import { formatDate } from '../format.js';
import { lang, t } from '../i18n.js';

const SIGN_IN_ERRORS = ['cancelled', 'expired', 'state_mismatch', 'provider_unavailable', 'token_rejected', 'id_token_invalid', 'no_citizen_id'];

export async function signInPage(ctx) {
  const methods = await api('/portal/sign-in-methods');
  const params = new URLSearchParams(location.search);
  const failure = params.get('signin_error');
  if (failure) history.replaceState(null, '', location.pathname + location.hash);

  const devSignIn = async (citizenId, identityLevel, errorTarget) => {
    try {
      await api('/portal/dev/sign-in', { method: 'POST', body: { citizenId, identityLevel } });
      location.hash = '#/';
      await ctx.render();
    } catch (error) {
      errorTarget.textContent = ctx.errorText(error);
    }
  };

  const content = [
    h('h1', { tabindex: '-1' }, t('signInTitle')),
    failure && SIGN_IN_ERRORS.includes(failure) ? h('div', { class: 'notice bad', role: 'alert' }, h('p', {}, t(`signInErrors.${failure}`))) : null,
    h('p', { class: 'lead' }, t('signInLead')),
  ];
  if (methods.provider) {
    const problem = h('p', { class: 'error-text', role: 'alert' });
    const start = async () => {
      try {
        const { authorizationUrl } = await api(methods.provider.href, { query: { lang: lang() } });
        location.assign(authorizationUrl);
      } catch (error) {
        problem.textContent = error.status === 503 ? t('signInErrors.provider_unavailable') : ctx.errorText(error);
      }
    };
    content.push(h('p', {}, h('button', { type: 'button', class: 'primary', id: 'provider-sign-in', onclick: start }, t('signInWith', { name: methods.provider.name }))), problem);
  }
  if (!methods.provider && !methods.dev) content.push(h('div', { class: 'notice warn' }, h('p', {}, t('signInNone'))));

  if (methods.dev) {
    const level1 = h('input', { type: 'checkbox', id: 'dev-level-1' });
    const problem = h('p', { class: 'error-text', role: 'alert' });
    const level = () => (level1.checked ? 1 : 2);
    const idInput = h('input', { type: 'text', id: 'dev-citizen-id', inputmode: 'numeric', autocomplete: 'off', maxlength: '12', 'aria-describedby': 'dev-citizen-id-error' });
    const idError = h('p', { id: 'dev-citizen-id-error', class: 'error-text' });
    const other = h(
      'form',
      {
        novalidate: true,
        onsubmit: (event) => {
          event.preventDefault();
          const id = idInput.value.replace(/\s/g, '');
          if (!/^\d{12}$/.test(id)) {
            idError.textContent = t('devIdInvalid');
            idInput.setAttribute('aria-invalid', 'true');
            idInput.focus();
            return;
          }
          void devSignIn(id, level(), problem);
        },
      },
      h('div', { class: 'field' }, h('label', { for: 'dev-citizen-id' }, t('devOtherLabel')), idError, idInput),
      h('button', { type: 'submit', class: 'secondary' }, t('devOtherButton')),
    );
    content.push(
      h(
        'section',
        { 'aria-labelledby': 'dev-title', class: 'citizen-list' },
        h('h2', { id: 'dev-title' }, t('devTitle')),
        h('p', {}, t('devLead')),
        problem,
        h('div', { class: 'choice' }, level1, h('label', { for: 'dev-level-1' }, t('devLevel1'))),
        h(
          'ul',
          { class: 'cards two' },
          methods.dev.citizens.map((c) =>
            h(
              'li',
              { class: 'card' },
              h('h3', {}, c.name),
              h('p', { class: 'muted' }, `${t('devBorn', { date: formatDate(c.birthDate) })} · ${c.id}`),
              h('p', {}, lang() === 'vi' ? c.story.vi : c.story.en),
              h('button', { type: 'button', class: 'primary', 'data-citizen': c.id, onclick: () => devSignIn(c.id, level(), problem) }, t('devAs', { name: c.name })),
            ),
          ),
        ),
        h('h3', {}, t('devOther')),
        other,
      ),
    );
  }
  return content;
}
