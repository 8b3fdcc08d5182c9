/**
 * One date format everywhere, the same as the server's pages: "2026-12-01 17:34 UTC",
 * unambiguous for a team in several time zones (web/view-models/documents.ts formatTime).
 */
export function formatWhen(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const utc = date.toISOString();
  return `${utc.slice(0, 10)} ${utc.slice(11, 16)} UTC`;
}

/** Just the day, "2026-12-01", for dense lists (TM match origins). */
export function formatDay(iso: string | null): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toISOString().slice(0, 10);
}
