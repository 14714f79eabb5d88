// Elements are built, never parsed from strings: text from the API can never become markup.

/** h('p', { class: 'lead' }, 'text', child, …): attributes starting with "on" become listeners. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2).toLowerCase(), value);
    else if (value === true) el.setAttribute(name, '');
    else el.setAttribute(name, String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

/** A definition list of [term, value] pairs; empty values are left out. */
export function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.filter(([, value]) => value !== undefined && value !== null && value !== '').map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]));
}

let announcer;
/** Says a short message to screen-reader users without moving their focus. */
export function announce(message) {
  announcer ??= document.getElementById('announcer');
  announcer.textContent = '';
  setTimeout(() => (announcer.textContent = message), 50);
}

/**
 * A modal question with two answers; resolves true for the first. The native dialog keeps focus
 * inside and closes on Escape; focus returns to the button that opened it.
 */
export function confirmDialog({ title, text, yes, no, danger = false }) {
  return new Promise((resolve) => {
    const opener = document.activeElement;
    const titleId = `dialog-title-${Math.random().toString(36).slice(2)}`;
    const textId = `${titleId}-text`;
    const finish = (answer) => {
      dialog.close();
      dialog.remove();
      if (opener instanceof HTMLElement) opener.focus();
      resolve(answer);
    };
    const yesButton = h('button', { type: 'button', class: danger ? 'danger' : 'primary', onclick: () => finish(true) }, yes);
    const noButton = h('button', { type: 'button', class: 'secondary', onclick: () => finish(false) }, no);
    const dialog = h('dialog', { 'aria-labelledby': titleId, 'aria-describedby': textId }, h('h2', { id: titleId }, title), h('p', { id: textId }, text), h('div', { class: 'actions' }, yesButton, noButton));
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      finish(false);
    });
    document.body.append(dialog);
    dialog.showModal();
    noButton.focus();
  });
}

let flash = null;
/** A message for the next page shown (after a change that navigates), spoken once it is there. */
export function setFlash(message, bad = false) {
  flash = { message, bad };
}

export function takeFlash() {
  const taken = flash;
  flash = null;
  if (!taken) return h('div', { id: 'page-notice' });
  setTimeout(() => announce(taken.message), 100);
  return h('div', { id: 'page-notice' }, h('div', { class: `notice ${taken.bad ? 'bad' : 'ok'}`, role: taken.bad ? 'alert' : 'status' }, h('p', {}, taken.message)));
}
