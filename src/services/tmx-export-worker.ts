/**
 * Writes `<tu>`s of a TMX export in a worker thread (issue #15): reads its own snapshot of
 * the database and encodes its blocks of the export (export-blocks.ts: every block when
 * alone, every `producers`-th of them when several share the export) into UTF-8 chunks,
 * which it transfers to the main thread (export-tmx-workers.ts), which writes them. It
 * never gets more than `ahead` chunks ahead of what the main thread has taken, and stops
 * when told to (the download was abandoned). It then waits for the next export's job.
 * Started by services/worker-start.ts: dist/services/tmx-export-worker.js once built, this file from sources.
 */
import { parentPort } from 'node:worker_threads';
import { writeTmxUnits } from '../formats/tmx-writer.js';
import { openReadSnapshotAt, type ReadSnapshot } from '../store/snapshot.js';
import { planBlocks, type ExportBlock } from './export-blocks.js';
import { exportReader } from './export-run.js';
import { tmxUnitsAsBytes } from './export-tmx-bytes.js';
import { tmxUnits } from './export-tmx-units.js';
import { STOP, TAKEN, type TmxWorkerCounts, type TmxWorkerJob, type TmxWorkerMessage } from './tmx-export-protocol.js';

function run(job: TmxWorkerJob, post: (message: TmxWorkerMessage, transfer?: ArrayBuffer[]) => void): void {
  const control = new Int32Array(job.control);
  let snapshot: ReadSnapshot | undefined;
  try {
    snapshot = openReadSnapshotAt(job.path);
    post({ type: 'ready' });
    const open = snapshot;
    const reader = exportReader(job.spec, () => open);
    const { stats } = reader;
    const counts = (): TmxWorkerCounts => ({ units: stats.units, removedChars: stats.removedChars, groups: stats.groups, skippedGroups: stats.skippedGroups });
    const blocks: ExportBlock[] = job.producers === 1
      ? job.spec.documents.map((_, document) => ({ document, range: { from: 0, to: Infinity } }))
      : planBlocks(job.spec.documents.map((d) => {
        const langs = job.spec.langs.filter((l) => d.langs.includes(l));
        return { segments: open.exports.countExportSegments(d.id), continued: open.exports.listContinuedPositions(d.id, langs) };
      }), job.blockSegments);
    let sent = 0;
    for (let b = job.producer; b < blocks.length; b += job.producers) {
      const { document, range } = blocks[b]!;
      const doc = job.spec.documents[document]!;
      // Notes go through the string writer; everything else through the bytes path.
      const chunks = job.spec.wantNotes
        ? writeTmxUnits(tmxUnits(reader, reader.groupsOf(doc, false, job.spec.langs, range)), job.srclang, stats, job.chunkBytes)
        : tmxUnitsAsBytes({ reader, srclang: job.srclang, stats }, doc, job.spec.langs.filter((l) => doc.langs.includes(l)), range, job.chunkBytes);
      for (const chunk of chunks) {
        if (Atomics.load(control, STOP) !== 0) return;
        post({ type: 'chunk', chunk }, [chunk.buffer as ArrayBuffer]);
        sent += 1;
        for (let taken = Atomics.load(control, TAKEN); sent - taken > job.ahead; taken = Atomics.load(control, TAKEN)) {
          if (Atomics.load(control, STOP) !== 0) return;
          Atomics.wait(control, TAKEN, taken, 1000);
        }
      }
      post({ type: 'block-end', counts: counts() });
    }
    post({ type: 'done', counts: counts() });
  } catch (error) {
    const code = error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
    post({ type: 'error', message: error instanceof Error ? error.message : String(error), ...(code && { code }) });
  } finally {
    snapshot?.close();
  }
}

// One job after another: the main thread keeps a worker that finished for the next export.
parentPort?.on('message', (job: TmxWorkerJob) => {
  const post = (message: TmxWorkerMessage, transfer?: ArrayBuffer[]) => parentPort!.postMessage(message, transfer);
  run(job, post);
  post({ type: 'finished' });
});
