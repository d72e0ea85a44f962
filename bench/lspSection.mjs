// The language-server part of `npm run bench`: bundles bench/lspBench.ts, runs it (one process per run, against
// `dist/server.js --stdio`) on the first N lines of generated logs, and writes its section of bench/RESULTS.md.
//
// Environment: BENCH_LSP=0 (skip), BENCH_LSP_ONLY=1 (only this section: the rest of RESULTS.md is kept),
// BENCH_LSP_LINES (default 100000,300000), BENCH_LSP_RUNS (default 2, runs of each size, every one reported),
// BENCH_LSP_FAMILIES (default pluto; waas and iag also work), BENCH_LSP_SAMPLES / BENCH_LSP_WHOLE /
// BENCH_LSP_TIMEOUT_S / BENCH_LSP_DIAGNOSTICS (see bench/lspBench.ts), BENCH_LSP_PROCESS_TIMEOUT_S (one run, 1800).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { FAMILIES, generate } from './generate.mjs';

const env = process.env;
const SIZES = (env.BENCH_LSP_LINES ?? '100000,300000').split(',').map(Number);
const RUNS = Number(env.BENCH_LSP_RUNS ?? 2);
const LSP_FAMILIES = (env.BENCH_LSP_FAMILIES ?? 'pluto').split(',');
const PROCESS_TIMEOUT_S = Number(env.BENCH_LSP_PROCESS_TIMEOUT_S ?? 1800);
const APPEND = 1000;
const START = '<!-- language-server:start -->';
const END = '<!-- language-server:end -->';

/** Targets of issue 10 (ms; memory as a multiple of the document's bytes). */
const ROWS = [
  ['firstDiagnostics', 'first diagnostics after didOpen (pull; a preview of the first 5,000 lines above 40,000)', 500, '≤ 0.5 s on 300k lines'],
  ['wholeDiagnostics', 'every diagnostic of the document after didOpen (pull, refresh, pull)', undefined, '–'],
  ['hover', 'hover p99', 20, '< 20 ms'],
  ['definition', 'definition p99', 20, '< 20 ms'],
  ['references', 'references p99', 20, '< 20 ms'],
  ['codeLensList', 'code lens list p99', 20, '< 20 ms'],
  ['codeLensResolve', 'code lens resolve p99 (30 nearest the view)', 20, '< 20 ms'],
  ['documentSymbols', 'document symbols p99', 20, '< 20 ms'],
  ['semanticTokensFull', 'semantic tokens full p99', 20, '< 20 ms'],
  ['semanticTokensRange', 'semantic tokens range p99 (60 lines)', 20, '< 20 ms'],
  ['foldingRanges', 'folding ranges p99', 20, '< 20 ms'],
  ['appendDiagnostics', `${APPEND.toLocaleString('en')}-line append (didChange) → its diagnostics`, 100, '≤ 100 ms'],
];
export const MEMORY_TARGET = 3;

export const lspEnabled = () => env.BENCH_LSP !== '0';
export const lspOnly = () => env.BENCH_LSP_ONLY === '1';

async function bundle(here, dataDir) {
  const outfile = join(dataDir, 'lspBench.js');
  await esbuild.build({ entryPoints: [join(here, 'lspBench.ts')], bundle: true, platform: 'node', target: 'node18', format: 'cjs', outfile, logLevel: 'warning' });
  return outfile;
}

const lineCount = (path) => (existsSync(`${path}.lines`) ? Number(readFileSync(`${path}.lines`, 'utf8')) : 0);

/** A generated file with enough lines: the bench's own when long enough, else one of its own (same seed, same first lines). */
async function fileFor(family, dataDir, needed, say) {
  const main = join(dataDir, FAMILIES[family].file);
  if (existsSync(main) && lineCount(main) >= needed) return main;
  const own = join(dataDir, `lsp-${FAMILIES[family].file}`);
  if (!existsSync(own) || lineCount(own) < needed) {
    say(`generating ${needed} lines of ${family} for the language server ...`);
    await generate(family, own, { lines: needed });
    writeFileSync(`${own}.lines`, String(needed));
  }
  return own;
}

/** Runs every size RUNS times (sizes interleaved, so load that comes and goes falls on all alike). */
export async function measureLanguageServer({ here, root, dataDir, say }) {
  if (!lspEnabled()) return { skipped: 'not measured in this run (BENCH_LSP=0)' };
  const script = await bundle(here, dataDir);
  const server = join(root, 'dist', 'server.js');
  // Always the server of this checkout, built now, and the commit it was built from.
  spawnSync('node', [join(root, 'esbuild.mjs')], { cwd: root, stdio: 'inherit' });
  const git = (...args) => spawnSync('git', args, { cwd: root, encoding: 'utf8' }).stdout?.trim() ?? '';
  const commit = `${git('rev-parse', '--short', 'HEAD') || 'unknown'}${git('status', '--porcelain', '--untracked-files=no', '--', 'server', 'shared') ? ' with uncommitted server changes' : ''}`;
  const runs = [];
  for (const family of LSP_FAMILIES) {
    const file = await fileFor(family, dataDir, Math.max(...SIZES) + APPEND, say);
    for (let round = 0; round < RUNS; round++) {
      for (const lines of SIZES) {
        const load = loadavg()[0];
        say(`language server over stdio: ${family}, ${lines} lines, run ${round + 1} of ${RUNS} (load ${load.toFixed(1)}) ...`);
        const run = spawnSync('node', [script, file, String(lines), family], {
          encoding: 'utf8',
          maxBuffer: 1 << 26,
          timeout: PROCESS_TIMEOUT_S * 1000,
          killSignal: 'SIGKILL',
          env: { ...env, BENCH_LSP_SERVER: server },
        });
        const entry = { family, lines, round: round + 1, load, loadAfter: loadavg()[0] };
        if (run.error || run.signal) entry.failed = run.signal === 'SIGKILL' ? `timed out after ${PROCESS_TIMEOUT_S} s (whole run)` : String(run.error ?? run.signal);
        else if (run.status !== 0) entry.failed = `exit ${run.status}: ${(run.stderr ?? '').trim().split('\n').slice(-3).join(' ')}`;
        else entry.result = JSON.parse(run.stdout.trim().split('\n').pop());
        say(`  ${entry.failed ?? summary(entry.result)}`);
        runs.push(entry);
      }
    }
  }
  return { runs, commit };
}

function summary(r) {
  return ROWS.map(([key]) => `${key} ${cell(r.metrics[key], undefined)}`).join(', ') + `, peak ${(r.peakBytes / 2 ** 20).toFixed(0)} MiB`;
}

const ms = (v) => (v >= 1000 ? `${(v / 1000).toFixed(2)} s` : v >= 10 ? `${v.toFixed(0)} ms` : `${v.toFixed(1)} ms`);

function cell(m, target) {
  if (!m) return '–';
  if (m.failed) return /not offered/.test(m.failed) ? 'not offered' : m.failed.replace(/\|/g, '\\|');
  const mark = target === undefined ? '' : m.ms <= target ? ' ✓' : ' ✗';
  const median = m.count > 1 ? ` (median ${ms(m.median)})` : '';
  return `${ms(m.ms)}${median}${mark}`;
}

/** The section of RESULTS.md, between markers so that BENCH_LSP_ONLY=1 can replace it alone. */
export function languageServerSection(measured) {
  const out = [START, '## Language server over stdio'];
  out.push('');
  if (measured.skipped) {
    out.push(`Language server: ${measured.skipped}.`, '', END);
    return out.join('\n');
  }
  const runs = measured.runs;
  const first = runs.find((r) => r.result)?.result;
  const date = new Date().toISOString().slice(0, 10);
  out.push(
    `Measured by \`${lspOnly() ? 'BENCH_LSP_ONLY=1 ' : ''}npm run bench\` (bench/lspBench.ts) on ${date}: ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}, ` +
      `the 1-minute load average at the start of each run in its column (the machine is shared; load inflates every figure). ` +
      `\`dist/server.js --stdio\` (built from ${measured.commit}) in its own process, a client declaring VS Code's capabilities: ${first ? `${first.diagnosticsMode} diagnostics, ${first.sync} sync, code lens resolve ${first.lensResolve ? 'offered' : 'not offered'}, semantic tokens range ${first.semanticRange ? 'offered' : 'not offered'}` : 'no run finished'}. ` +
      `Client-side round trips. Point requests (hover, definition, references; ${first?.metrics.hover?.count ?? '–'} each) at deterministic pseudo-random positions, every other one on a flow id written on its line (pluto \`#N\`, WAAS \`fl=N\`, IAG a session GUID); whole-document requests ${first?.metrics.documentSymbols?.count ?? '–'} times each (their p99 is the slowest, the first included), each code lens list followed by resolving the 30 lenses nearest a viewed line; a request is capped at ${first?.timeoutS ?? '–'} s and a metric's sampling at the same budget. ` +
      `Documents: the first N lines of \`bench/generate.mjs\` logs; the append is the next ${APPEND.toLocaleString('en')} lines, one incremental change at the end. Peak = VmHWM of the server process. ✓ met, ✗ missed.`,
  );
  out.push('');
  const heads = runs.map((r) => `${r.family} ${(r.lines / 1000).toFixed(0)}k #${r.round}`);
  out.push(`| metric | target | ${heads.join(' | ')} |`);
  out.push(`|---|---|${runs.map(() => '---|').join('')}`);
  out.push(`| document | | ${runs.map((r) => (r.result ? `${(r.result.bytes / 1e6).toFixed(1)} MB, ${r.lines.toLocaleString('en')} lines` : `${r.lines.toLocaleString('en')} lines`)).join(' | ')} |`);
  out.push(`| load average at start → end | | ${runs.map((r) => `${r.load.toFixed(1)} → ${r.loadAfter.toFixed(1)}`).join(' | ')} |`);
  for (const [key, label, target, targetText] of ROWS) {
    const judged = key === 'firstDiagnostics' ? (r) => (r.lines >= 300_000 ? target : undefined) : () => target;
    out.push(`| ${label} | ${targetText} | ${runs.map((r) => (r.failed ? r.failed : cell(r.result.metrics[key], judged(r)))).join(' | ')} |`);
  }
  out.push(
    `| server peak (VmHWM) | | ${runs.map((r) => (r.result?.peakBytes ? `${(r.result.peakBytes / 2 ** 20).toFixed(0)} MiB` : '–')).join(' | ')} |`,
    `| peak / document size | ≤ ${MEMORY_TARGET}× | ${runs.map((r) => (r.result?.peakRatio ? `${r.result.peakRatio.toFixed(1)}×${r.result.peakRatio <= MEMORY_TARGET ? ' ✓' : ' ✗'}` : '–')).join(' | ')} |`,
  );
  out.push('');
  const counts = runs.find((r) => r.result);
  if (counts) {
    const notes = ROWS.map(([key]) => [key, counts.result.metrics[key]]).filter(([, m]) => m && !m.failed && m.note);
    out.push(`What the requests found (${counts.family} ${(counts.lines / 1000).toFixed(0)}k #${counts.round}): ${notes.map(([key, m]) => `${key}: ${m.note}`).join('; ')}.`);
  }
  const errors = runs.flatMap((r) => (r.result?.serverErrors ?? []).map((e) => `${r.family} ${r.lines}: ${e}`));
  out.push('', errors.length ? `Errors the server logged: ${errors.slice(0, 5).join('; ')}` : 'The server logged no error in these runs.');
  out.push('', END);
  return out.join('\n');
}

/**
 * Puts the section into an existing RESULTS.md (between its markers, else in place of the old in-process section)
 * and the notes after it, as a full run writes them (table, this section, NOTES.md).
 */
export function replaceSection(results, section, notes) {
  const start = results.indexOf(START);
  const old = results.search(/^Language service, .*$/m);
  const before = start >= 0 ? results.slice(0, start) : old >= 0 ? results.slice(0, old) : `${results.trimEnd()}\n\n`;
  return `${before}${section}\n${notes ? `\n${notes}` : ''}`;
}
