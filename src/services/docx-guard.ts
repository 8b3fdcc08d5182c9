/**
 * Checks an uploaded .docx before anything parses it (issue #12: a 175 KB file whose
 * word/document.xml inflated to 60 MB drove the server to 4.4 GB and "JavaScript heap
 * out of memory"). A Word document is a ZIP archive of a few dozen parts; the checks
 * read its central directory with yauzl and inflate each XML part as a stream, counting
 * bytes and stopping at the limit, so a bomb costs a bounded amount of memory and time.
 */
import yauzl from 'yauzl';
import { PayloadTooLargeError, ValidationError } from './errors.js';

export interface DocxLimits {
  /** Parts in the archive: Word writes a few dozen, an image-heavy file a few hundred. */
  maxEntries: number;
  /** Inflated bytes of one XML part (document.xml of a 300-page book is ~15 MB). */
  maxXmlBytes: number;
  /** Inflated bytes of all parts together, as their headers declare them. */
  maxTotalBytes: number;
  /** Inflated ÷ compressed size of a part above 1 MiB; XML compresses ~5–20×, bombs ~1000×. */
  maxRatio: number;
}

export const DOCX_LIMITS: DocxLimits = {
  maxEntries: 5_000,
  maxXmlBytes: 64 * 1024 * 1024,
  maxTotalBytes: 256 * 1024 * 1024,
  maxRatio: 200,
};

const MIB = 1024 * 1024;
const isXmlPart = (name: string) => /\.(xml|rels)$/i.test(name);

/**
 * Resolves when `bytes` is a ZIP archive within `limits`; otherwise throws a
 * PayloadTooLargeError (a bomb or a file too large to read) or a ValidationError (not a
 * ZIP, damaged, encrypted) whose message names the file and what to do.
 */
export async function checkDocxArchive(bytes: Uint8Array, name: string, limits: DocxLimits = DOCX_LIMITS): Promise<void> {
  const tooLarge = (what: string) => new PayloadTooLargeError(
    `"${name}" ${what}, more than a Word document of this size can hold: it looks like a ZIP bomb, so it was not opened. Save the document again from Word, or paste its text.`,
  );
  const damaged = (detail: string) => new ValidationError(`"${name}" is not a readable .docx file (${detail}). Save it again as .docx, or paste its text.`, { code: 'invalid_file' });
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { lazyEntries: true, validateEntrySizes: true });
  } catch (error) {
    throw damaged(error instanceof Error ? error.message : 'not a ZIP archive');
  }
  try {
    if (zip.entryCount > limits.maxEntries) throw tooLarge(`holds ${zip.entryCount.toLocaleString('en')} parts`);
    let declared = 0;
    for await (const entry of zip.eachEntry()) {
      if (entry.isEncrypted()) throw new ValidationError(`"${name}" is password-protected. Remove the password in Word and upload it again.`, { code: 'invalid_file' });
      declared += entry.uncompressedSize;
      if (declared > limits.maxTotalBytes) throw tooLarge(`would inflate to more than ${limits.maxTotalBytes / MIB} MB`);
      if (entry.uncompressedSize > MIB && entry.uncompressedSize > limits.maxRatio * Math.max(1, entry.compressedSize)) {
        throw tooLarge(`has a part (${entry.fileName}) that inflates ${Math.round(entry.uncompressedSize / Math.max(1, entry.compressedSize))} times`);
      }
      if (!isXmlPart(entry.fileName)) continue;
      if (entry.uncompressedSize > limits.maxXmlBytes) throw tooLarge(`has a part (${entry.fileName}) of ${Math.round(entry.uncompressedSize / MIB)} MB`);
      // Headers can lie: inflate the part as a stream and count what really comes out.
      // yauzl also fails the stream when the data exceeds the declared size.
      await countInflated(zip, entry, limits.maxXmlBytes, () => tooLarge(`has a part (${entry.fileName}) of more than ${limits.maxXmlBytes / MIB} MB`));
    }
  } catch (error) {
    if (error instanceof PayloadTooLargeError || error instanceof ValidationError) throw error;
    throw damaged(error instanceof Error ? error.message : String(error));
  } finally {
    zip.close();
  }
}

async function countInflated(zip: yauzl.ZipFile, entry: yauzl.Entry, limit: number, onLimit: () => Error): Promise<void> {
  const stream = await zip.openReadStreamPromise(entry);
  let total = 0;
  try {
    for await (const chunk of stream) {
      total += (chunk as Buffer).length;
      if (total > limit) throw onLimit();
    }
  } finally {
    stream.destroy();
  }
}
