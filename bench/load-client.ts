/**
 * The load bench's clients in a process of their own (bench/load.ts, `--client-process`):
 * forked by the bench with an IPC channel, it says `ready` once loaded, runs one drive() when
 * sent its input, answers with the Run (its cpuMs: this process's CPU, the clients' alone) and
 * exits.
 */
import { drive, type DriveInput } from './load-drive.js';

if (!process.send) throw new Error('bench/load-client.ts runs forked by bench/load.ts, with an IPC channel.');

process.once('message', (input: DriveInput) => {
  void drive(input).then(
    (run) => process.send!({ run }, () => process.disconnect()),
    (error: unknown) => process.send!({ error: error instanceof Error ? error.stack ?? error.message : String(error) }, () => process.disconnect()),
  );
});
process.send({ ready: true });
