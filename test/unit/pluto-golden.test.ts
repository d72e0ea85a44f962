import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyzeText } from '../../server/src/service/analyze';
import type { ParsedLog } from '../../server/src/model/log';
import { fixturePath } from '../support/paths';

/**
 * Golden files for the pluto family: every fixture is analysed end to end and the exact set of findings
 * (rule, 0-based line, severity) and the outcome of each negotiation (flow `pluto.state:<serial>`) are checked.
 */
interface Golden {
  file: string;
  newestFirst?: boolean;
  findings: Array<[line: number, rule: string, severity: 'error' | 'warning' | 'info']>;
  outcomes: Record<string, 'ok' | 'failed' | 'unknown' | 'open'>;
  parents?: Record<string, string>;
}

const GOLDEN: Golden[] = [
  {
    file: 'healthy-main-quick-rekey.log',
    findings: [],
    outcomes: { '1': 'ok', '2': 'ok', '3': 'ok', '4': 'ok' },
    parents: { '2': '1', '4': '3' },
  },
  {
    file: 'main-i1-no-response.log',
    findings: [
      // Two retransmissions of one negotiation: one finding, "2 times, lines 3-4".
      [2, 'pluto.retransmission', 'warning'],
      [4, 'pluto.ikev1.main-no-response', 'error'],
      [5, 'libreswan.keying-attempt-retry', 'warning'],
      [5, 'pluto.ikev1.phase1-not-established', 'error'],
    ],
    outcomes: { '1': 'failed' },
  },
  {
    file: 'no-proposal-chosen.log',
    findings: [
      [3, 'pluto.ikev1.oakley-attribute-refused', 'info'],
      [5, 'pluto.ikev1.no-acceptable-oakley', 'error'],
      [6, 'ike.notify.no-proposal-chosen.sent', 'error'],
      // The state deleted unfinished says how phase 1 ended: it refines "never established", which leaves the line.
      [7, 'libreswan.state.abandoned', 'warning'],
    ],
    outcomes: { '41': 'failed' },
  },
  {
    file: 'psk-mismatch.log',
    findings: [
      [7, 'pluto.psk.unknown-next-payload', 'warning'],
      // The negotiation ended on this error: "never established" is not said again on its line.
      [8, 'pluto.psk.malformed-payload', 'error'],
    ],
    outcomes: { '3': 'failed' },
  },
  {
    file: 'ikev2-auth-failed.log',
    findings: [
      [4, 'ike.notify.authentication-failed.received', 'error'],
      [5, 'pluto.ikev2.not-established', 'error'],
    ],
    outcomes: { '3': 'failed' },
  },
  {
    file: 'ipcop-newest-first.log',
    newestFirst: true,
    // #55 is the oldest negotiation (bottom of the page); its chronologically last line is the top one of its group.
    findings: [[9, 'pluto.ikev1.phase1-not-established', 'error']],
    outcomes: { '55': 'failed', '56': 'ok', '57': 'ok' },
  },
  {
    file: 'crlf-quick-no-proposal.log',
    findings: [
      [5, 'ike.notify.no-proposal-chosen.received', 'error'],
      [7, 'pluto.ikev1.quick-no-response', 'error'],
    ],
    outcomes: { '6': 'ok', '7': 'failed' },
    parents: { '7': '6' },
  },
  {
    file: 'iso-dpd.log',
    findings: [[4, 'pluto.dpd.peer-dead', 'error']],
    outcomes: { '31': 'failed', '32': 'ok' },
    parents: { '32': '31' },
  },
];

function analyze(file: string): { text: string; parsed: ParsedLog } {
  const text = readFileSync(fixturePath('pluto', file), 'utf8');
  return { text, parsed: analyzeText(text, { fileName: file, uri: `file:///fixtures/pluto/${file}` }) };
}

function key(f: [number, string, string]): string {
  return `${f[0]} ${f[1]} ${f[2]}`;
}

describe('pluto golden files', () => {
  for (const golden of GOLDEN) {
    describe(golden.file, () => {
      const { text, parsed } = analyze(golden.file);

      test('is detected as the pluto format', () => {
        assert.equal(parsed.family, 'pluto');
        assert.equal(parsed.formatId, 'pluto');
        assert.equal(parsed.newestFirst, golden.newestFirst ?? false);
        // Every non-empty line is an entry: no line of these fixtures may fall through the line patterns.
        const lines = text.split(/\r?\n/);
        for (let i = 0; i < lines.length; i++) {
          if (lines[i]!.trim() !== '') assert.notEqual(parsed.entryAtLine[i], -1, `line ${i} is not parsed: ${lines[i]}`);
        }
      });

      test('has exactly the expected findings', () => {
        const actual = parsed.findings.map((f) => key([f.line, f.rule, f.severity])).sort();
        const expected = golden.findings.map(key).sort();
        assert.deepEqual(actual, expected);
      });

      test('debug lines never carry findings', () => {
        for (const finding of parsed.findings) {
          assert.notEqual(parsed.entries[finding.entryIndex]!.level, 'debug', `finding ${finding.rule} on a debug line`);
        }
      });

      test('negotiations have the expected outcomes', () => {
        for (const [serial, status] of Object.entries(golden.outcomes)) {
          const flow = parsed.flows.get(`pluto.state:${serial}`);
          assert.ok(flow, `no flow for #${serial}`);
          assert.equal(flow.outcome.status, status, `#${serial}: ${flow.outcome.text}`);
        }
        for (const [child, parent] of Object.entries(golden.parents ?? {})) {
          assert.equal(parsed.flows.get(`pluto.state:${child}`)?.parent, `pluto.state:${parent}`);
        }
      });
    });
  }

  test('a failed negotiation names the state it stopped in', () => {
    const { parsed } = analyze('main-i1-no-response.log');
    const absence = parsed.findings.find((f) => f.rule === 'pluto.ikev1.phase1-not-established');
    assert.ok(absence);
    assert.match(absence.message, /STATE_MAIN_I1/);
    assert.equal(absence.values.state, 'STATE_MAIN_I1');
    assert.match(parsed.flows.get('pluto.state:1')!.outcome.text, /STATE_MAIN_I1/);
  });

  test('typographic quotes and no dates parse like the syslog form', () => {
    const { parsed } = analyze('ipcop-newest-first.log');
    const first = parsed.entries[0]!;
    assert.equal(first.fields.conn?.value, 'zentrale');
    assert.equal(first.fields.serial?.value, '57');
    assert.equal(first.fields.pid?.value, '1731');
    // Times without a date still order the page: the top line is the newest.
    assert.ok(parsed.entries[0]!.time! > parsed.entries[parsed.entries.length - 1]!.time!);
  });

  test('CRLF line ends keep messages clean and line numbers right', () => {
    const { text, parsed } = analyze('crlf-quick-no-proposal.log');
    assert.ok(text.includes('\r\n'));
    for (const entry of parsed.entries) assert.ok(!entry.message.endsWith('\r'), `message ends with CR: ${entry.message}`);
    assert.equal(parsed.entries[7]!.startLine, 7);
  });

  test('ISO time stamps with offsets are converted to UTC', () => {
    const { parsed } = analyze('iso-dpd.log');
    assert.equal(new Date(parsed.entries[0]!.time!).toISOString(), '2025-03-06T01:40:17.021Z');
  });

  test('the whack status code sets the level', () => {
    const { parsed } = analyze('main-i1-no-response.log');
    assert.deepEqual(parsed.entries.map((e) => e.level), ['info', 'info', 'warning', 'warning', 'error', 'warning']);
    assert.equal(parsed.entries[4]!.fields.rc?.value, '031');
  });
});
