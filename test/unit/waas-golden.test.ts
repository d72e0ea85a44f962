import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { analyzeLog, analyzeText } from '../../server/src/service/analyze';
import type { IndexedAnalysis } from '../../server/src/engine/analysis';
import type { ParsedLog } from '../../server/src/model/log';
import { fixturePath } from '../support/paths';

/**
 * Golden tests for the Cisco WAAS family: every fixture under test/fixtures/waas is analysed as a whole and the
 * detected format, the exact set of findings (rule, 0-based line, severity) and the flows are compared.
 * Findings of a multi-line CLI entry sit on the line where the signature's match starts (e.g. the
 * `Status: FAILED` line of a failed check), not on the prompt line.
 */

type Row = [rule: string, line: number, severity: string];

function read(relative: string): string {
  return readFileSync(fixturePath('waas', ...relative.split('/')), 'utf8');
}

function analyze(relative: string, text = read(relative), peers?: IndexedAnalysis[]): ParsedLog {
  return analyzeText(text, {
    fileName: basename(relative),
    uri: `file:///fixtures/waas/${relative}`,
    peers: peers ? () => peers.map((p) => ({ uri: p.uri, family: p.family, index: p.index })) : undefined,
  });
}

function rows(log: ParsedLog): Row[] {
  return log.findings.map((f): Row => [f.rule, f.line, f.severity]).sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]));
}

function sorted(expected: Row[]): Row[] {
  return [...expected].sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]));
}

function toggleLineEnds(text: string): string {
  return text.includes('\r\n') ? text.replace(/\r\n/g, '\n') : text.replace(/\n/g, '\r\n');
}

function flowSizes(log: ParsedLog): Record<string, number> {
  return Object.fromEntries([...log.flows.values()].map((f) => [f.id, f.entries.length]));
}

const TUPLE = 'tcp:10.82.14.56:61204 <=> 10.80.2.31:29115';

interface Golden {
  file: string;
  format: string;
  findings: Row[];
  flows?: Record<string, number>;
}

const goldens: Golden[] = [
  {
    file: 'edge/mapiao-errorlog.current',
    format: 'waas-errorlog',
    findings: [
      ['waas.mapi.edge-tcp-connection', 0, 'info'],
      ['waas.mapi.association-group', 8, 'info'],
      // W11: an ERRO line no signature explains is reported from its level alone.
      ['level.error', 14, 'error'],
    ],
    flows: { 'waas.flow:5517': 13, [TUPLE]: 4, 'mapi.agid:0x2b31c': 1 },
  },
  {
    file: 'core/mapiao-errorlog.current',
    format: 'waas-errorlog',
    findings: [['waas.mapi.core-tcp-connection', 0, 'info']],
    flows: { 'waas.flow:44': 4, [TUPLE]: 2 },
  },
  {
    file: 'sr-errorlog.current',
    format: 'waas-errorlog',
    findings: [
      // error:16 is the permission case: the AD replication-rights explanation, not the generic failure.
      ['waas.sr.key-permission', 8, 'error'],
      ['level.error', 9, 'error'],
      ['waas.sr.identity-blacklisted', 10, 'error'],
      ['waas.sr.key-permission', 11, 'error'],
      ['waas.sr.identity-blacklisted', 12, 'error'],
      ['level.error', 16, 'error'],
      ['level.error', 17, 'error'],
      ['waas.sr.clock-skew', 18, 'error'],
      ['level.error', 19, 'error'],
      ['level.error', 20, 'error'],
      ['waas.sr.key-retrieval-failed', 21, 'error'],
      ['level.error', 22, 'error'],
      ['waas.sr.no-identity-for-domain', 24, 'error'],
    ],
    // Key retrievals group by SPN (comparable across core WAEs) and by sr session object.
    flows: {
      'waas.spn:exchangeMDB/ex2010-cas1.emea.fabrikam.com': 1,
      'waas.spn:exchangeMDB/mail.sicredi-test.com.br': 1,
      'waas.spn:exchangeMDB/mbx02.corp.northwind.local': 1,
      'waas.sr.session:0x2aaaac0008c0': 2,
      'waas.sr.session:0x50aa00': 2,
      'waas.sr.session:0x517fa0': 1,
    },
  },
  {
    file: 'pushdown/wsao-errorlog.current',
    format: 'waas-errorlog',
    findings: [
      ['waas.wsao.peer-cert-self-signed', 0, 'error'],
      ['waas.wsao.ssl-read-failed', 1, 'error'],
      ['waas.wsao.server-cert-verify-failed', 2, 'error'],
      ['level.warning', 3, 'warning'],
      ['waas.wsao.peer-cert-self-signed', 4, 'error'],
      ['waas.wsao.ssl-read-failed', 5, 'error'],
    ],
  },
  {
    file: 'pushdown/mapiao-errorlog.current',
    format: 'waas-errorlog',
    findings: [
      ['waas.mapi.push-down-generic', 0, 'error'],
      ['waas.emapi.ntlm-unsupported', 7, 'error'],
      // The bind of fl=88131 is explained by its own "Unsupported Auth Type" line; fl=88140 has none.
      ['waas.emapi.ntlm-bind', 8, 'warning'],
    ],
    flows: { 'waas.flow:88120': 6, 'waas.flow:88131': 2, 'waas.flow:88140': 1 },
  },
  {
    file: 'syslog.txt',
    format: 'waas-syslog',
    findings: [
      ['waas.mapi.encrypted-connection', 0, 'warning'],
      ['waas.mapi.encrypted-connection', 1, 'warning'],
      ['level.warning', 2, 'warning'],
      ['waas.mapi.encrypted-connection', 4, 'warning'],
    ],
  },
  {
    file: 'tfo_log_10.72.3.9_20130307_090000.txt',
    format: 'waas-tfo',
    findings: [],
    flows: {
      'waas.tfo:4410': 3,
      'waas.tfo:4412': 2,
      'tcp:10.72.3.55:52114 <=> 10.2.8.20:6001': 3,
      'tcp:10.72.3.55:52116 <=> 10.2.8.20:6001': 2,
    },
  },
  {
    file: 'cli-verify-failed.txt',
    format: 'waas-cli',
    findings: [
      ['waas.emapi.verify.mapi-accelerator', 4, 'error'],
      ['waas.emapi.verify.ssl-accelerator', 13, 'error'],
      ['waas.emapi.verify.wan-secure', 22, 'error'],
      ['waas.emapi.verify.wan-secure-mode', 31, 'error'],
      ['waas.emapi.verify.ntp', 39, 'error'],
      ['waas.emapi.verify.edge-not-ready', 44, 'error'],
      ['waas.emapi.verify.encryption-service', 49, 'error'],
      ['waas.emapi.verify.identity', 58, 'error'],
      ['waas.emapi.verify.core-not-ready', 64, 'error'],
      ['waas.mapi.accelerator-shutdown', 68, 'error'],
    ],
    flows: {},
  },
  { file: 'cli-verify-ok.txt', format: 'waas-cli', findings: [], flows: {} },
  {
    file: 'cli-mapi-status.txt',
    format: 'waas-cli',
    findings: [
      // Every generic-AO row of the table is reported (the signature asks for each match).
      ['waas.mapi.generic-ao-connection', 28, 'warning'],
      ['waas.mapi.generic-ao-connection', 29, 'warning'],
      ['waas.mapi.secured-connections', 44, 'warning'],
    ],
  },
  {
    file: 'glued-copy.txt',
    format: 'waas-errorlog',
    findings: [
      ['waas.mapi.edge-tcp-connection', 1, 'info'],
      ['waas.mapi.association-group', 1, 'info'],
      ['level.error', 1, 'error'],
      ['waas.mapi.core-tcp-connection', 3, 'info'],
      ['waas.sr.key-permission', 5, 'error'],
      ['level.error', 5, 'error'],
      ['waas.sr.identity-blacklisted', 5, 'error'],
      ['waas.sr.key-permission', 5, 'error'],
      ['waas.sr.identity-blacklisted', 5, 'error'],
    ],
    flows: { 'waas.flow:5517': 13, 'waas.flow:44': 4, [TUPLE]: 6, 'mapi.agid:0x2b31c': 1, 'waas.spn:exchangeMDB/mail.sicredi-test.com.br': 1, 'waas.sr.session:0x517fa0': 1 },
  },
  {
    file: 'glued-cli-copy.txt',
    format: 'waas-cli',
    findings: [
      ['waas.mapi.generic-ao-connection', 1, 'warning'],
      ['waas.mapi.secured-connections', 2, 'warning'],
      ['waas.emapi.verify.ssl-accelerator', 3, 'error'],
      ['waas.emapi.verify.edge-not-ready', 3, 'error'],
      // Errorlog lines printed by find-pattern are part of the CLI entry's output and still match.
      ['waas.emapi.ntlm-unsupported', 5, 'error'],
    ],
  },
];

describe('WAAS golden files', () => {
  for (const golden of goldens) {
    describe(golden.file, () => {
      const log = analyze(golden.file);

      test('is detected as its format', () => {
        assert.equal(log.family, 'waas');
        assert.equal(log.formatId, golden.format);
      });

      test('has exactly the expected findings', () => {
        assert.deepEqual(rows(log), sorted(golden.findings));
      });

      if (golden.flows) {
        test('has exactly the expected flows', () => {
          assert.deepEqual(flowSizes(log), golden.flows);
        });
      }

      test('gives the same results with the other line ends', () => {
        const other = analyze(golden.file, toggleLineEnds(read(golden.file)));
        assert.equal(other.formatId, golden.format);
        assert.deepEqual(rows(other), rows(log));
        assert.deepEqual(flowSizes(other), flowSizes(log));
      });
    });
  }
});

describe('WAAS details', () => {
  test('fixtures really contain both line-end styles', () => {
    assert.ok(read('core/mapiao-errorlog.current').includes('\r\n'));
    assert.ok(!read('edge/mapiao-errorlog.current').includes('\r'));
  });

  test('edge and core logs share the TCP tuple while their fl= numbers differ', () => {
    const edge = analyze('edge/mapiao-errorlog.current');
    const core = analyze('core/mapiao-errorlog.current');
    assert.equal(edge.flows.get(TUPLE)?.scope, 'global');
    assert.equal(core.flows.get(TUPLE)?.scope, 'global');
    assert.equal(edge.flows.get('waas.flow:5517')?.label, 'fl=5517');
    assert.equal(core.flows.get('waas.flow:44')?.label, 'fl=44');
    assert.equal(edge.flows.get('waas.flow:5517')?.outcome.status, 'ok');
    const edgeFinding = edge.findings.find((f) => f.rule === 'waas.mapi.edge-tcp-connection');
    assert.equal(edgeFinding?.values.src, '10.82.14.56');
    assert.equal(edgeFinding?.values.dport, '29115');
    assert.equal(edgeFinding?.flowId, 'waas.flow:5517');
  });

  test('the ERRO line without a signature belongs to its flow', () => {
    const edge = analyze('edge/mapiao-errorlog.current');
    const level = edge.findings.find((f) => f.rule === 'level.error');
    assert.equal(level?.flowId, 'waas.flow:5517');
    assert.match(level?.message ?? '', /ContextHandle\.IsNull\(\)/);
  });

  test('association group 0x0 is not a key, a real AGID is', () => {
    const edge = analyze('edge/mapiao-errorlog.current');
    assert.ok(!edge.flows.has('mapi.agid:0x0'));
    assert.equal(edge.findings.find((f) => f.rule === 'waas.mapi.association-group')?.values.agid, '0x2b31c');
  });

  test('clock skew is related to the key retrieval failure that follows it', () => {
    const sr = analyze('sr-errorlog.current');
    const skew = sr.findings.find((f) => f.rule === 'waas.sr.clock-skew');
    assert.deepEqual(skew?.related.map((r) => r.line), [21]);
  });

  test('clock skew alone is not reported as the clock-skew sequence', () => {
    const text = read('sr-errorlog.current').split('\n').slice(16, 21).join('\n');
    assert.ok(!analyze('sr-errorlog.current', text).findings.some((f) => f.rule === 'waas.sr.clock-skew'));
  });

  test('SPNs, identities and domains are captured from varied logs', () => {
    const sr = analyze('sr-errorlog.current');
    const values = (rule: string) => sr.findings.filter((f) => f.rule === rule).map((f) => f.values);
    assert.deepEqual(values('waas.sr.key-retrieval-failed').map((v) => [v.spn, v.code]), [['exchangeMDB/ex2010-cas1.emea.fabrikam.com', '1']]);
    // The SPN names the Exchange server and its domain, which the fix commands use.
    assert.deepEqual(values('waas.sr.key-permission').filter((v) => v.spn).map((v) => [v.spn, v.exchangeServer, v.domain, v.code]), [
      ['exchangeMDB/mail.sicredi-test.com.br', 'mail.sicredi-test.com.br', 'sicredi-test.com.br', '16'],
    ]);
    assert.deepEqual(values('waas.sr.identity-blacklisted').map((v) => v.identity), ['SvcWaasKeys', 'SvcWaasKeys']);
    assert.equal(values('waas.sr.no-identity-for-domain')[0]?.domain, 'contoso.org');
  });

  test('the push-down is explained by the wsao-errorlog only when that file is open', () => {
    const wsao = analyzeLog(read('pushdown/wsao-errorlog.current'), { fileName: 'wsao-errorlog.current', uri: 'file:///fixtures/waas/pushdown/wsao-errorlog.current' });
    const alone = analyze('pushdown/mapiao-errorlog.current');
    assert.ok(!alone.findings.some((f) => f.rule === 'waas.mapi.push-down-wan-secure-cert'));
    const together = analyze('pushdown/mapiao-errorlog.current', undefined, [wsao]);
    const finding = together.findings.find((f) => f.rule === 'waas.mapi.push-down-wan-secure-cert');
    assert.equal(finding?.line, 0);
    assert.equal(finding?.related[0]?.uri, wsao.uri);
    assert.equal(finding?.related[0]?.line, 0);
    assert.equal(together.flows.get('waas.flow:88120')?.outcome.status, 'failed');
  });

  test('a wsao-errorlog far from the push-down in time does not explain it', () => {
    const shifted = read('pushdown/wsao-errorlog.current').replace(/03\/11\/2013 14:2/g, '03/11/2013 19:2');
    const wsao = analyzeLog(shifted, { fileName: 'wsao-errorlog.current', uri: 'file:///fixtures/waas/pushdown/wsao-errorlog.current' });
    const together = analyze('pushdown/mapiao-errorlog.current', undefined, [wsao]);
    assert.ok(!together.findings.some((f) => f.rule === 'waas.mapi.push-down-wan-secure-cert'));
  });

  test('syslog severities map to levels and client addresses are captured', () => {
    const log = analyze('syslog.txt');
    assert.deepEqual(log.entries.map((e) => e.level), ['error', 'error', 'warning', 'info', 'error', 'info']);
    assert.deepEqual(
      log.findings.filter((f) => f.rule === 'waas.mapi.encrypted-connection').map((f) => f.values.client),
      ['192.168.40.17', '192.168.40.52', '10.120.7.201'],
    );
    assert.equal(log.entries[0]?.fields.host?.value, 'br-wae-07');
    assert.equal(log.entries[4]?.fields.msgId?.value, '132104');
  });

  test('TFO records are keyed by ConnID and tuple, with the accelerator captured', () => {
    const log = analyze('tfo_log_10.72.3.9_20130307_090000.txt');
    assert.equal(log.flows.get('waas.tfo:4410')?.outcome.status, 'ok');
    assert.equal(log.entries[1]?.fields.accel?.value, 'MAPI');
    assert.equal(log.entries[0]?.fields.application?.value, 'Email-and-Messaging');
    assert.equal(log.entries[0]?.time, Date.UTC(2013, 2, 7, 9, 3, 11));
  });

  test('each CLI command with its output is one entry and one fold', () => {
    const log = analyze('cli-mapi-status.txt');
    assert.deepEqual(log.entries.map((e) => e.fields.command?.value), [
      'show accelerator mapi',
      'show statistics connection optimized mapi',
      'show statistics accelerator mapi',
      'show license',
    ]);
    assert.deepEqual(log.entries.map((e) => [e.startLine, e.endLine]), [[0, 12], [13, 29], [30, 46], [47, 52]]);
    const folds = new Set(log.folds.map((f) => `${f.startLine}-${f.endLine}`));
    for (const e of log.entries) assert.ok(folds.has(`${e.startLine}-${e.endLine}`), `fold for ${e.startLine}`);
    assert.match(log.entries[2]!.message, /\nSecured Connections: +3$/m);
  });

  test('a failed check carries the >> remediation lines and sits on its Status line', () => {
    const log = analyze('cli-verify-failed.txt');
    const mapi = log.findings.find((f) => f.rule === 'waas.emapi.verify.mapi-accelerator');
    assert.equal(mapi?.values.remedy, 'Mapi Accelerator should be Enabled');
    assert.equal(mapi?.values.next, 'Mapi Accelerator should be in Running state');
    assert.match(mapi?.message ?? '', /Mapi Accelerator should be Enabled Mapi Accelerator should be in Running state/);
    const ssl = log.findings.find((f) => f.rule === 'waas.emapi.verify.ssl-accelerator');
    assert.equal(ssl?.values.remedy, 'SSL Accelerator should be Enabled');
    const ntp = log.findings.find((f) => f.rule === 'waas.emapi.verify.ntp');
    assert.equal(ntp?.values.remedy, 'NTP status should be enabled and configured');
    assert.equal(ntp?.values.next, '');
    const identity = log.findings.find((f) => f.rule === 'waas.emapi.verify.identity');
    assert.equal(identity?.values.next, 'Please configure an active Windows Domain Encryption Service Identity.');
    for (const f of log.findings.filter((x) => x.rule.startsWith('waas.emapi.verify.') && !x.rule.endsWith('-not-ready'))) {
      assert.equal(log.entries[f.entryIndex]?.startLine, 0);
      assert.ok(f.line > 0, `${f.rule} placed on its Status: FAILED line`);
    }
  });

  test('glued copies split into entries and keep the remediation text', () => {
    const cli = analyze('glued-cli-copy.txt');
    assert.deepEqual(cli.entries.map((e) => e.fields.host?.value), ['WAE8841', 'wae', 'wae-dc-4', 'wae-dc-4', 'wae-dc-4', 'wae-dc-4', 'wae-dc-4', 'waas-br-3']);
    assert.deepEqual(cli.entries.slice(3, 7).map((e) => e.fields.mode?.value), ['config', 'config-ssl-peering', 'config', 'config']);
    const ssl = cli.findings.find((f) => f.rule === 'waas.emapi.verify.ssl-accelerator');
    assert.equal(ssl?.values.remedy, 'SSL Accelerator should be Enabled');
    assert.equal(ssl?.values.next, 'SSL Accelerator should be in Running state');
    const row = cli.findings.find((f) => f.rule === 'waas.mapi.generic-ao-connection');
    assert.deepEqual([row?.values.connId, row?.values.accel, row?.values.peer], ['9021', 'TGDL', '0:24:e8:11:3a:c7']);

    const errorlog = analyze('glued-copy.txt');
    const level = errorlog.findings.find((f) => f.rule === 'level.error' && f.line === 1);
    const entry = errorlog.entries[level!.entryIndex]!;
    assert.equal(entry.message, 'ContextHandle.IsNull()');
    assert.ok(level!.startChar > 0, 'finding starts inside the glued line');
  });
});
