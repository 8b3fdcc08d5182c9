import { diffChars, diffWords } from 'diff';

/**
 * Renders a diff of two texts into `container` with <ins>/<del> elements. Changes are
 * marked by underline/strike-through and by hidden words for screen readers, not by
 * colour alone. Chinese is compared by character, other languages by word.
 */
export function renderDiff(container: HTMLElement, before: string, after: string, lang: string): void {
  container.replaceChildren();
  const parts = lang.startsWith('zh') || lang.startsWith('ja') ? diffChars(before, after) : diffWords(before, after);
  for (const part of parts) {
    if (!part.added && !part.removed) {
      container.append(document.createTextNode(part.value));
      continue;
    }
    const element = document.createElement(part.added ? 'ins' : 'del');
    const label = document.createElement('span');
    label.className = 'visually-hidden';
    label.textContent = part.added ? ' [inserted: ' : ' [deleted: ';
    const end = document.createElement('span');
    end.className = 'visually-hidden';
    end.textContent = '] ';
    element.append(label, document.createTextNode(part.value), end);
    container.append(element);
  }
}
