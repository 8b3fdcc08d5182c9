/**
 * Keys on the term-suggestions page (issue #16): ↑/↓ move between terms, 1–9 accept that
 * candidate of the focused term (the same form the Accept button submits).
 */
export function enhanceTermSuggestions(root: HTMLElement): void {
  const terms = () => [...root.querySelectorAll<HTMLElement>('[data-suggestion]')];
  root.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target instanceof HTMLElement ? event.target : null;
    if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA')) return;
    const current = target?.closest<HTMLElement>('[data-suggestion]');
    if (!current) return;
    const list = terms();
    const at = list.indexOf(current);
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      const next = list[at + (event.key === 'ArrowDown' ? 1 : -1)];
      if (next) {
        event.preventDefault();
        next.focus();
      }
      return;
    }
    if (/^[1-9]$/.test(event.key)) {
      const form = current.querySelectorAll<HTMLFormElement>('form[data-accept]')[Number(event.key) - 1];
      if (!form) return;
      event.preventDefault();
      form.requestSubmit();
    }
  });
  // Start on the first term so the keys work at once.
  if (!root.contains(document.activeElement) || document.activeElement === document.body) terms()[0]?.focus();
}
