import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FAMILIES, rng } from '../../bench/generate.mjs';
import { analyzeText } from '../../server/src/service/analyze';
import { fixturePath, repoRoot } from '../support/paths';

function cli(...args: string[]) {
  return cliWith({}, ...args);
}

function cliWith(env: Record<string, string>, ...args: string[]) {
  const result = spawnSync(process.execPath, [join(repoRoot(), 'dist', 'cli.js'), ...args], { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 256 * 1024 * 1024 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const waas = fixturePath('cli', 'branch-mapiao-errorlog.log');
const pluto = fixturePath('cli', 'gw-ost-pluto.log');

describe('CLI analyze', () => {
  test('text: format, counts and path:line: severity rule message', () => {
    const { code, stdout } = cli('analyze', waas);
    assert.equal(code, 0);
    assert.match(stdout, /branch-mapiao-errorlog\.log: waas-errorlog \(waas\), \d+ lines, 3 entries, \d+ flows/);
    assert.match(stdout, /branch-mapiao-errorlog\.log:3: error level\.error ERRO: ContextHandle\.IsNull\(\)/);
  });

  test('json: the documented shape with 1-based lines', () => {
    const { code, stdout } = cli('analyze', waas, pluto, '--format', 'json');
    assert.equal(code, 0);
    const report = JSON.parse(stdout) as { files: Array<{ path: string; format: string; lines: number; entries: number; flows: number; findings: Array<Record<string, unknown>> }> };
    assert.equal(report.files.length, 2);
    const [first, second] = report.files;
    assert.equal(first!.format, 'waas-errorlog');
    assert.equal(second!.format, 'pluto');
    const finding = first!.findings.find((f) => f.rule === 'level.error')!;
    assert.deepEqual(Object.keys(finding).sort(), ['endLine', 'flow', 'line', 'message', 'rule', 'severity']);
    assert.equal(finding.line, 3);
    assert.equal(finding.flow, 'fl=7781');
    for (const f of report.files.flatMap((r) => r.findings)) assert.ok(['error', 'warning', 'info'].includes(f.severity as string));
  });

  test('sarif: a valid 2.1.0 log whose results point at the rules', () => {
    const { code, stdout } = cli('analyze', '--format=sarif', waas);
    assert.equal(code, 0);
    const sarif = JSON.parse(stdout);
    assert.equal(sarif.version, '2.1.0');
    const run = sarif.runs[0];
    assert.equal(run.tool.driver.name, 'Log Sleuth');
    const result = run.results.find((r: { ruleId: string }) => r.ruleId === 'level.error');
    assert.equal(run.tool.driver.rules[result.ruleIndex].id, 'level.error');
    assert.equal(result.locations[0].physicalLocation.region.startLine, 3);
    assert.equal(result.level, 'error');
  });

  test('a missing file: message on stderr, non-zero exit, the other files still analysed', () => {
    const { code, stdout, stderr } = cli('analyze', join(tmpdir(), 'no-such-log-4711.log'), waas);
    assert.equal(code, 1);
    assert.match(stderr, /no-such-log-4711\.log: cannot read: no such file/);
    assert.match(stdout, /waas-errorlog/);
  });

  test('a binary file is refused with a clear message', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ls-cli-'));
    const binary = join(dir, 'core.dump');
    writeFileSync(binary, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1, 2, 3, 0, 0, 0, 0, 9, 9]));
    const { code, stderr } = cli('analyze', binary);
    assert.equal(code, 1);
    assert.match(stderr, /binary file/);
  });

  test('every finding is listed; --max-findings caps the list and says so', () => {
    const fixture = fixturePath('waas', 'edge', 'mapiao-errorlog.current');
    const all = JSON.parse(cli('analyze', fixture, '--format', 'json').stdout).files[0];
    const expected = analyzeText(readFileSync(fixture, 'utf8'), { fileName: fixture, maxFindings: Number.MAX_SAFE_INTEGER });
    assert.ok(all.findings.length > 2);
    assert.deepEqual(all.findings.map((f: { line: number; rule: string }) => `${f.line}:${f.rule}`), expected.findings.map((f) => `${f.line + 1}:${f.rule}`));
    assert.deepEqual(all.notices, []);
    const capped = cli('analyze', fixture, '--format', 'json', '--max-findings', '2');
    assert.equal(capped.code, 0);
    const file = JSON.parse(capped.stdout).files[0];
    assert.equal(file.findings.length, 2);
    assert.match(file.notices.join('\n'), /Only 2 findings are shown, the errors first, then the most recent \(--max-findings\)/);
    assert.equal(cli('analyze', fixture, '--max-findings', 'many').code, 2);
  });

  test('usage errors exit with 2', () => {
    assert.equal(cli().code, 2);
    assert.equal(cli('analyze', waas, '--format', 'xml').code, 2);
    for (const bad of ['-1', 'two', '65', '1.5']) {
      const result = cli('analyze', waas, '--workers', bad);
      assert.equal(result.code, 2, `--workers ${bad}`);
      assert.match(result.stderr, /--workers must be a whole number from 0 to 64/);
    }
  });

  test('a long log split over worker threads gives the report of one thread', { timeout: 120_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'logsleuth-cli-workers-'));
    const files = (['pluto', 'waas'] as const).map((family) => {
      const spec = FAMILIES[family];
      const source = spec.lines(rng(spec.seed + 7));
      const lines: string[] = [];
      for (let i = 0; i < 70_000; i++) lines.push(source.next().value + spec.eol);
      const path = join(dir, family === 'pluto' ? 'pluto.log' : 'mapiao-errorlog.current');
      writeFileSync(path, lines.join(''));
      return path;
    });
    const one = cli('analyze', ...files, '--format', 'json', '--workers', '0');
    const split = cli('analyze', ...files, '--format', 'json', '--workers', '2');
    assert.equal(one.code, 0, one.stderr);
    assert.equal(split.code, 0, split.stderr);
    const report = JSON.parse(split.stdout) as { files: Array<{ entries: number; findings: unknown[] }> };
    for (const file of report.files) {
      assert.ok(file.entries > 60_000, 'the log is long enough to be split');
      assert.ok(file.findings.length > 0, 'it has findings');
    }
    assert.equal(split.stdout, one.stdout);
  });
});

describe('CLI on the sample logs of every family', () => {
  const expected: Record<string, string> = {
    'EASMailboxLog.txt': 'eas-mailbox',
    'IAG01.usermgrcom.20090314.log': 'iag-trace',
    'MDM-DMS02-MobileDeviceManager.txt': 'winevent-tab',
    'mapiao-errorlog.current': 'waas-errorlog',
    'netmon-iag-internal.txt': 'netmon-summary',
    'pluto.log': 'pluto',
    'sr-errorlog.current': 'waas-errorlog',
    'u_ex090314.log': 'iis-w3c',
    'wsao-errorlog.current': 'waas-errorlog',
  };
  test('reports the right format for each and at least one finding', () => {
    const files = Object.keys(expected).map((name) => join(repoRoot(), 'samples', name));
    const { code, stdout } = cli('analyze', ...files, '--format', 'json');
    assert.equal(code, 0);
    const report = JSON.parse(stdout) as { files: Array<{ path: string; format: string; findings: unknown[] }> };
    for (const file of report.files) {
      const name = file.path.split(/[\\/]/).pop()!;
      assert.equal(file.format, expected[name], name);
      assert.ok(file.findings.length > 0, `${name} has findings`);
    }
  });
});
