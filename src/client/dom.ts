/** Small DOM helpers shared by the browser modules. User text always goes in as textContent. */

/** A new element with an optional class and text: element('p', 'muted', 'Saved') */
export function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The element the server-rendered markup must contain; a missing one is a bug, so it throws. */
export function required(root: ParentNode, selector: string): HTMLElement {
  const found = root.querySelector<HTMLElement>(selector);
  if (!found) throw new Error(`The page markup is missing ${selector}`);
  return found;
}

/** Shows a message at the bottom of the page: errors stay 7 s, notices 2.5 s (or `ms`). */
export function toast(box: HTMLElement, message: string, kind: 'error' | 'info' = 'error', ms?: number): void {
  box.textContent = message;
  box.className = `toast toast-${kind}`;
  box.hidden = false;
  window.clearTimeout(Number(box.dataset.timer ?? 0));
  box.dataset.timer = String(window.setTimeout(() => { box.hidden = true; }, ms ?? (kind === 'info' ? 2500 : 7000)));
}

/** Shows `message` in the alert just above `form` (a server-rendered one, or one made here). */
export function showFormAlert(form: HTMLFormElement, message: string): void {
  let alert = form.parentElement?.querySelector<HTMLElement>('.alert');
  if (!alert) {
    alert = element('p', 'alert');
    alert.setAttribute('role', 'alert');
    form.before(alert);
  }
  alert.textContent = message;
}
