/**
 * Compact rows (the default: two lines a slot, the active row in full, 15+ rows on a
 * laptop screen) or comfortable rows (every slot in full). Remembered per person in this
 * browser.
 */
export type Density = 'compact' | 'comfortable';

function storageKey(userId: number): string {
  return `duizhao:density:${userId}`;
}

export function loadDensity(userId: number): Density {
  try {
    return window.localStorage.getItem(storageKey(userId)) === 'comfortable' ? 'comfortable' : 'compact';
  } catch {
    return 'compact';
  }
}

export function saveDensity(userId: number, density: Density): void {
  try {
    window.localStorage.setItem(storageKey(userId), density);
  } catch {
    // Storage disabled: the choice holds for this page only.
  }
}

export function applyDensity(root: HTMLElement, density: Density): void {
  root.classList.toggle('is-compact', density === 'compact');
  root.classList.toggle('is-comfortable', density === 'comfortable');
}
