/**
 * Bytes gathered into chunks of a fixed size (issue #15's bytes path of the TMX export):
 * a writer asks for room, writes into `buf` from `at` itself and moves `at`, and gets back
 * each chunk that was full, to hand on whole. Strings go in through TextEncoder.encodeInto,
 * straight into the chunk. Pure.
 */
export class ByteChunks {
  buf: Uint8Array;
  at = 0;
  /** Bytes in the chunks taken so far. */
  bytes = 0;
  private readonly encoder = new TextEncoder();

  constructor(private readonly size: number) {
    this.buf = new Uint8Array(size);
  }

  /**
   * Makes `n` bytes free at `at`; returns the chunk it took to do so, if it did. A unit
   * larger than a chunk (a very long segment) gets a chunk of its own, as large as it needs.
   */
  room(n: number): Uint8Array | undefined {
    if (this.buf.length - this.at >= n) return undefined;
    const full = this.take();
    if (n > this.buf.length) this.buf = new Uint8Array(n);
    return full;
  }

  /** Adds `text` as UTF-8; returns the chunk it took to make room, if it did. */
  addString(text: string): Uint8Array | undefined {
    // One UTF-16 unit is at most 3 UTF-8 bytes (a surrogate pair: 4 bytes for 2 units).
    const full = this.room(text.length * 3);
    this.at += this.encoder.encodeInto(text, this.buf.subarray(this.at)).written;
    return full;
  }

  /** Adds `bytes` as they are (room must have been made). */
  put(bytes: Uint8Array): void {
    this.buf.set(bytes, this.at);
    this.at += bytes.length;
  }

  /** The bytes written since the last chunk was taken (possibly none), as a chunk. */
  take(): Uint8Array | undefined {
    if (this.at === 0) return undefined;
    const out = this.buf.subarray(0, this.at);
    this.bytes += this.at;
    this.buf = new Uint8Array(this.size);
    this.at = 0;
    return out;
  }
}
