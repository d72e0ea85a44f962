/** A worker thread that scans ranges of a log for `indexTextInParallel` (started by `ScanWorkers`). */
import { parentPort } from 'node:worker_threads';
import { scanJob, type PartJob } from '../engine/parallel';
import { partBuffers } from './scanWorkers';

const port = parentPort;
if (port) {
  port.on('message', ({ id, job }: { id: number; job: PartJob }) => {
    try {
      const part = scanJob(job);
      port.postMessage({ id, part }, partBuffers(part));
    } catch (error) {
      port.postMessage({ id, error: (error as Error).stack ?? String(error) });
    }
  });
}
