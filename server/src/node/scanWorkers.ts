/** Worker threads that scan ranges of a log (`server/src/node/scanWorker.ts`, bundled as `scanWorker.js`). */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PartJob, PartRunner } from '../engine/parallel';
import type { ScanPart } from '../engine/scan';

/** The buffers of a part's columns, moved to the receiving thread instead of copied. */
export function partBuffers(part: ScanPart): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const value of [...Object.values(part), ...Object.values(part.facts)]) {
    const arrays = Array.isArray(value) ? value : [value];
    for (const array of arrays) if (ArrayBuffer.isView(array)) buffers.add(array.buffer as ArrayBuffer);
  }
  return [...buffers];
}

/** The bundled worker script: beside this bundle (dist/), or in dist/ above it (the tests run from out/test/). */
export function scanWorkerScript(): string | undefined {
  let dir = __dirname;
  for (;;) {
    for (const candidate of [join(dir, 'scanWorker.js'), join(dir, 'dist', 'scanWorker.js')]) if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Threads beside this one that a log is split over by default: one per further core, at most three. */
export function defaultWorkerCount(): number {
  return Math.max(0, Math.min(3, availableParallelism() - 1));
}

/**
 * Threads the language server splits a long document over: none below four cores. Measured on two cores
 * (300,000 pluto lines over stdio), one thread made the whole analysis slower (3.25 s against 2.97 s: the
 * flows and findings are built in this thread either way) and held 170 MiB more for as long as the server runs.
 */
export function languageServerWorkerCount(): number {
  return availableParallelism() >= 4 ? defaultWorkerCount() : 0;
}

/** A pool of scan threads, started when first needed; they do not keep the process alive. */
export class ScanWorkers {
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly waiting: Array<() => void> = [];
  private nextId = 0;

  constructor(
    readonly size: number,
    private readonly script = scanWorkerScript(),
  ) {}

  /** Parts a log is cut into: the threads and this one; 1 when no thread can start. */
  get parts(): number {
    return this.script && this.size > 0 ? this.size + 1 : 1;
  }

  readonly run: PartRunner = async (job: PartJob): Promise<ScanPart> => {
    const worker = await this.take();
    try {
      return await new Promise<ScanPart>((resolve, reject) => {
        const id = this.nextId++;
        const onMessage = (message: { id: number; part?: ScanPart; error?: string }) => {
          if (message.id !== id) return;
          cleanUp();
          if (message.part) resolve(message.part);
          else reject(new Error(`a scan thread failed: ${message.error}`));
        };
        const onError = (error: Error) => {
          cleanUp();
          reject(error);
        };
        const cleanUp = () => {
          worker.off('message', onMessage);
          worker.off('error', onError);
        };
        worker.on('message', onMessage);
        worker.on('error', onError);
        worker.postMessage({ id, job });
      });
    } finally {
      this.give(worker);
    }
  };

  private async take(): Promise<Worker> {
    const ready = this.idle.pop();
    if (ready) return ready;
    if (this.all.length < this.size && this.script) {
      const worker = new Worker(this.script);
      worker.unref();
      this.all.push(worker);
      return worker;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
    return this.take();
  }

  private give(worker: Worker): void {
    this.idle.push(worker);
    this.waiting.shift()?.();
  }

  async close(): Promise<void> {
    await Promise.all(this.all.map((w) => w.terminate()));
    this.all.length = 0;
    this.idle.length = 0;
  }
}
