/**
 * Which page of rows the editor shows. Pages start at multiples of the page size (the
 * server widens a page so no slot is cut, so a page may begin a row or two earlier and end
 * a row or two later): Next then Previous always comes back to the same page.
 */
export class Paging {
  /** The nominal first position (0-based) of the page shown: a multiple of `size`. */
  start = 0;

  constructor(readonly size: number) {}

  /** The page that holds the 0-based `position`. */
  pageOf(position: number): number {
    return Math.max(0, Math.floor(position / this.size) * this.size);
  }

  next(): number {
    return this.start + this.size;
  }

  previous(): number {
    return Math.max(0, this.start - this.size);
  }

  /** Is there a page after this one? `lastPosition` is the last row shown, `total` the rows (or flagged slots) in all. */
  hasNext(lastPosition: number | undefined, total: number, filtered: boolean): boolean {
    return filtered ? this.start + this.size < total : lastPosition !== undefined && lastPosition + 1 < total;
  }
}
