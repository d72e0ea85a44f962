// `npm run bench`: generates the five 1,000,000-line logs (pluto, WAAS, IAG, a Wireshark text capture, an IIS
// log of ActiveSync requests; once, bench/data is git-ignored), then measures on this machine, in one run: the
// CLI (full analysis), the service API in memory, the large-file path (Open Large Log),
// the language server over stdio (bench/lspSection.mjs, bench/lspBench.ts), and the same files through `grep -c`
// (the floor) and lnav (the peer). Prints a table of medians and ratios and writes it to bench/RESULTS.md.
//
// Environment: BENCH_LINES (default 1000000), BENCH_RUNS (default 3; a measurement slower than 20 s runs once),
// BENCH_TIMEOUT_S (default 300, per run), BENCH_ONLY=pluto,waas,iag,nettrace,activesync,
// BENCH_SERVICE=1 (also the old in-memory analyzeText); the language server's own (BENCH_LSP=0 skips it,
// BENCH_LSP_ONLY=1 measures only it and replaces only its section of RESULTS.md) in bench/lspSection.mjs.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { FAMILIES, generate } from './generate.mjs';
import { languageServerSection, lspOnly, measureLanguageServer, replaceSection } from './lspSection.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const dataDir = join(here, 'data');
const LINES = Number(process.env.BENCH_LINES ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const TIMEOUT_S = Number(process.env.BENCH_TIMEOUT_S ?? 300);
const ONLY = (process.env.BENCH_ONLY ?? 'pluto,waas,iag,nettrace,activesync').split(',');
/** The old in-memory analysis (analyzeText), slow on these sizes: measured only when asked. */
const WITH_SERVICE = process.env.BENCH_SERVICE === '1';
const ERROR_WORD = { pluto: 'fail', waas: 'ERRO', iag: 'ERROR', nettrace: 'RST', activesync: ' 401 ' };

const say = (text) => process.stdout.write(`${text}\n`);
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.floor((sorted.length - 1) / 2)];
};

/** The bench's own bundle of bench/measure.ts, with the format and signature data the build gathers. */
async function bundleMeasure() {
  const folders = { 'logsleuth:formats': 'server/src/formats/definitions', 'logsleuth:signatures': 'server/src/knowledge/signatures' };
  const data = {
    name: 'logsleuth-data',
    setup(build) {
      build.onResolve({ filter: /^logsleuth:/ }, (args) => ({ path: args.path, namespace: 'logsleuth-data' }));
      build.onLoad({ filter: /.*/, namespace: 'logsleuth-data' }, (args) => {
        const dir = join(root, folders[args.path]);
        const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
        const items = files.map((f) => `{ file: ${JSON.stringify(f)}, data: ${readFileSync(join(dir, f), 'utf8')} }`);
        return { contents: `export default [${items.join(',\n')}];`, loader: 'js' };
      });
    },
  };
  const outfile = join(dataDir, 'measure.js');
  await esbuild.build({ entryPoints: [join(here, 'measure.ts')], bundle: true, platform: 'node', target: 'node18', format: 'cjs', outfile, logLevel: 'warning', plugins: [data] });
  return outfile;
}

const hasTimeV = existsSync('/usr/bin/time');

/** Runs a command, returns wall seconds and peak RSS (MB, from /usr/bin/time -v when present), or a failure. */
function timed(command, args, { json = false } = {}) {
  const wrapped = hasTimeV ? ['/usr/bin/time', ['-f', '__TIME__ %e %M', command, ...args]] : [command, args];
  const t0 = performance.now();
  const run = spawnSync(wrapped[0], wrapped[1], { encoding: 'utf8', maxBuffer: 1 << 30, timeout: TIMEOUT_S * 1000, killSignal: 'SIGKILL' });
  const seconds = (performance.now() - t0) / 1000;
  if (run.error || run.signal) return { failed: run.signal === 'SIGKILL' || run.error?.code === 'ETIMEDOUT' ? `timed out (> ${TIMEOUT_S} s)` : String(run.error ?? run.signal) };
  const timeLine = (run.stderr ?? '').split('\n').find((l) => l.startsWith('__TIME__'));
  const peakMB = timeLine ? Math.round(Number(timeLine.split(' ')[2]) / 1024) : undefined;
  if (run.status !== 0 && !(command === 'grep' && run.status === 1)) return { failed: `exit ${run.status}: ${(run.stderr ?? '').split('\n').slice(-3).join(' ')}` };
  const result = { seconds, peakMB, stdout: run.stdout };
  if (json) result.data = JSON.parse(run.stdout.trim().split('\n').pop());
  return result;
}

/**
 * Measures several commands round-robin (run 1 of each, then run 2 of each, ...), so load that comes and goes
 * on the machine falls on all of them alike; a command slower than 20 s is not repeated. Keeps the medians.
 */
function roundRobin(contestants) {
  const runs = new Map(contestants.map((c) => [c.label, []]));
  const failed = new Map();
  for (let round = 0; round < RUNS; round++) {
    for (const c of contestants) {
      if (failed.has(c.label)) continue;
      const list = runs.get(c.label);
      if (round > 0 && list.some((r) => r.seconds > 20)) continue;
      const run = timed(c.command, c.args, c.options);
      if (run.failed) {
        say(`  ${c.label}: ${run.failed}`);
        failed.set(c.label, run);
      } else list.push(run);
    }
  }
  const results = {};
  for (const c of contestants) {
    if (failed.has(c.label)) {
      results[c.key] = failed.get(c.label);
      continue;
    }
    const list = runs.get(c.label);
    results[c.key] = {
      seconds: median(list.map((r) => r.seconds)),
      peakMB: median(list.map((r) => r.peakMB ?? r.data?.maxRssMB ?? NaN)),
      runs: list.length,
      last: list[list.length - 1],
    };
    say(`  ${c.label}: ${results[c.key].seconds.toFixed(2)} s, peak ${results[c.key].peakMB} MB (median of ${list.length})`);
  }
  return results;
}

function ensureLnav() {
  const found = spawnSync('sh', ['-c', 'command -v lnav'], { encoding: 'utf8' }).stdout.trim();
  if (found) return found;
  if (process.getuid?.() === 0) {
    say('lnav missing: trying apt-get install -y lnav');
    spawnSync('sh', ['-c', 'apt-get install -y lnav >/dev/null 2>&1 || (apt-get update >/dev/null 2>&1 && apt-get install -y lnav >/dev/null 2>&1)'], { stdio: 'ignore', timeout: 300_000 });
    return spawnSync('sh', ['-c', 'command -v lnav'], { encoding: 'utf8' }).stdout.trim() || undefined;
  }
  return undefined;
}

const fmtS = (r) => (r.failed ? r.failed : `${r.seconds.toFixed(2)} s`);
const fmtMB = (r) => (r.failed || r.peakMB === undefined || Number.isNaN(r.peakMB) ? '–' : `${r.peakMB} MB`);
const ratio = (a, b) => (a.failed || !b || b.failed ? '–' : `${(a.seconds / b.seconds).toFixed(1)}×`);

/** BENCH_LSP_ONLY=1: the language server alone, its section of RESULTS.md replaced, the table before it kept, the notes after it read again. */
async function languageServerOnly() {
  const measured = await measureLanguageServer({ here, root, dataDir, say });
  const section = languageServerSection(measured);
  say('');
  say(section);
  const path = join(here, 'RESULTS.md');
  const notesPath = join(here, 'NOTES.md');
  const notes = existsSync(notesPath) ? readFileSync(notesPath, 'utf8') : '';
  writeFileSync(path, replaceSection(existsSync(path) ? readFileSync(path, 'utf8') : '', section, notes));
  say(`written to ${path}`);
}

async function main() {
  if (lspOnly()) return languageServerOnly();
  const startLoad = loadavg()[0];
  const files = {};
  for (const family of ONLY) {
    const path = join(dataDir, FAMILIES[family].file);
    const stamp = `${path}.lines`;
    if (!existsSync(path) || !existsSync(stamp) || readFileSync(stamp, 'utf8') !== String(LINES)) {
      say(`generating ${LINES} lines of ${family} ...`);
      await generate(family, path, { lines: LINES });
      writeFileSync(stamp, String(LINES));
    }
    files[family] = path;
  }
  const cli = join(root, 'dist', 'cli.js');
  if (!existsSync(cli)) execFileSync('node', [join(root, 'esbuild.mjs')], { cwd: root, stdio: 'inherit' });
  const measure = await bundleMeasure();
  const lnav = ensureLnav();
  say(`machine: ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB; node ${process.version}; lnav ${lnav ? spawnSync(lnav, ['-V'], { encoding: 'utf8' }).stdout.trim() : 'not installed'}`);

  const rows = [];
  for (const family of ONLY) {
    const path = files[family];
    const size = statSync(path).size;
    say(`${family}: ${path} (${(size / 1e6).toFixed(0)} MB, ${LINES} lines)`);
    const contestants = [
      { key: 'grep', label: 'grep -c', command: 'grep', args: ['-c', ERROR_WORD[family], path] },
      ...(lnav ? [{ key: 'lnav', label: 'lnav', command: lnav, args: ['-n', '-c', ';SELECT count(*) FROM all_logs WHERE log_level >= "error"', path] }] : []),
      { key: 'cli', label: 'CLI (log-sleuth analyze, the indexed engine)', command: 'node', args: [cli, 'analyze', path, '--format', 'json'] },
      { key: 'stream', label: 'file path (Open Large Log: FileIndex, line offsets kept)', command: 'node', args: [measure, 'stream', path], options: { json: true } },
      ...(WITH_SERVICE ? [{ key: 'service', label: 'service API (analyzeText)', command: 'node', args: [measure, 'service', path], options: { json: true } }] : []),
    ];
    const measured = roundRobin(contestants);
    const { grep, cli: cliRun, stream } = measured;
    const lnavRun = measured.lnav ?? { failed: 'lnav not installed' };
    const service = measured.service ?? { failed: 'not measured (BENCH_SERVICE=1)' };
    let cliFindings;
    try {
      cliFindings = cliRun.failed ? undefined : JSON.parse(cliRun.last.stdout).files[0].findings.length;
    } catch {
      cliFindings = undefined;
    }
    rows.push({ family, size, grep, lnav: lnavRun, stream, service, cli: cliRun, cliFindings });
  }

  const lspMeasured = await measureLanguageServer({ here, root, dataDir, say });

  const lines = [];
  lines.push('# Benchmark: Log Sleuth on 1,000,000-line logs, side by side with grep and lnav');
  lines.push('');
  lines.push(`Measured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}, lnav ${lnav ? spawnSync(lnav, ['-V'], { encoding: 'utf8' }).stdout.trim() : 'not installed'}. Whole-process wall time (start-up included), median of up to ${RUNS} runs taken round-robin (one when a run takes over 20 s); peak = max RSS of the process; load average ${startLoad.toFixed(1)} at the start (other work on the machine inflates every figure alike). CLI = \`log-sleuth analyze FILE --format json\` on the indexed engine, every finding listed. Files from \`bench/generate.mjs\` (deterministic).`);
  lines.push('');
  lines.push('| family | file | grep -c (floor) | lnav (peer) | file path (Open Large Log) | service API | CLI | file path / lnav | CLI / lnav | file path MB/s | peak: lnav / file path / service / CLI | findings (file path, logsleuth.maxFindings / CLI) |');
  lines.push('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const mbps = r.stream.failed ? '–' : `${(r.size / 1e6 / r.stream.seconds).toFixed(0)}`;
    lines.push(
      `| ${r.family} | ${(r.size / 1e6).toFixed(0)} MB, ${LINES.toLocaleString('en')} lines | ${fmtS(r.grep)} | ${fmtS(r.lnav)} | ${fmtS(r.stream)} | ${fmtS(r.service)} | ${fmtS(r.cli)} | ${ratio(r.stream, r.lnav)} | ${ratio(r.cli, r.lnav)} | ${mbps} | ${fmtMB(r.lnav)} / ${fmtMB(r.stream)} / ${fmtMB(r.service)} / ${fmtMB(r.cli)} | ${r.stream.last?.data?.findings ?? '–'} / ${r.cliFindings ?? '–'} |`,
    );
  }
  lines.push('');
  lines.push(languageServerSection(lspMeasured));
  lines.push('');
  const table = lines.join('\n');
  say('');
  say(table);
  const notesPath = join(here, 'NOTES.md');
  const notes = existsSync(notesPath) ? `\n${readFileSync(notesPath, 'utf8')}` : '';
  writeFileSync(join(here, 'RESULTS.md'), `${table}${notes}`);
  say(`written to ${join(here, 'RESULTS.md')}`);
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exitCode = 1;
});
