import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyzeText } from '../../server/src/service/analyze';
import type { ParsedLog } from '../../server/src/model/log';
import { findings, flowLines } from '../support/golden';
import { fixturePath } from '../support/paths';

function analyzeFixture(name: string): ParsedLog {
  return analyzeText(readFileSync(fixturePath('nettrace', name), 'utf8'), { fileName: name, uri: `file:///fixtures/nettrace/${name}` });
}

function flowIds(parsed: ParsedLog, kind: string): string[] {
  return [...parsed.flows.values()].filter((f) => f.kind === kind).map((f) => f.id);
}

describe('network trace golden files', () => {
  test('untrusted CA: handshake completes, the client closes without a request (Network Monitor with detail tree)', () => {
    const parsed = analyzeFixture('untrusted-ca.netmon.txt');
    assert.equal(parsed.family, 'nettrace');
    assert.equal(parsed.formatId, 'netmon-summary');
    assert.equal(parsed.entries.length, 21);
    assert.deepEqual(findings(parsed), [
      '22:nettrace.tls.server-certificate:info',
      '31:nettrace.x509.validity:warning',
      '40:nettrace.tls.handshake-then-client-close:error',
    ]);
    const [certificate, validity, closed] = parsed.findings;
    assert.equal(certificate!.values.certIssuer, 'Northwind Enterprise CA,northwind,local');
    assert.equal(certificate!.values.certSubject, 'mail.northwind.com');
    assert.equal(validity!.values.notBefore, '02/11/08 14:20:05 UTC');
    assert.equal(validity!.values.notAfter, '02/11/10 14:30:05 UTC');
    assert.equal(closed!.values.src, '198.51.100.23');
    assert.equal(closed!.values.dst, '203.0.113.10');
    assert.deepEqual(closed!.related.map((r) => r.line), [42]);
    // The Server Hello frame owns its detail tree (lines 5-39); each '- ' node folds.
    const serverHello = parsed.entries[parsed.entryAtLine[4]!]!;
    assert.deepEqual([serverHello.startLine, serverHello.endLine], [4, 39]);
    assert.equal(parsed.entryAtLine[31], serverHello.index);
    assert.equal(serverHello.fields.issuer!.value, 'Northwind Enterprise CA,northwind,local');
    assert.equal(serverHello.fields.certSerial!.value, '0x1a2b3c4d000000000012');
    assert.ok(parsed.folds.some((f) => f.startLine === 4 && f.endLine === 39));
    assert.ok(parsed.folds.some((f) => f.startLine === 22 && f.endLine === 23 && f.kind === 'region'), JSON.stringify(parsed.folds));
    assert.ok(parsed.folds.some((f) => f.startLine === 24 && f.endLine === 39 && f.kind === 'region'), JSON.stringify(parsed.folds));
    // TCP frames carry the 4-tuple; the second client (which sends data) has its own conversation.
    assert.deepEqual(flowLines(parsed, 'tcp:198.51.100.23:1187 <=> 203.0.113.10:443'), [0, 1, 2, 42, 43, 44, 45]);
    assert.deepEqual(flowLines(parsed, 'tcp:198.51.100.77:3401 <=> 203.0.113.10:443'), [46, 47, 48, 55]);
    assert.deepEqual(flowLines(parsed, 'ip:198.51.100.23 <=> 203.0.113.10'), [0, 1, 2, 3, 4, 40, 41, 42, 43, 44, 45]);
    assert.equal(parsed.entries[0]!.fields.flags!.value, '......S.');
    assert.equal(parsed.entries[0]!.fields.dstPort!.value, '443');
    assert.equal(parsed.entries[0]!.fields.dstPortName!.value, 'HTTPS');
  });

  test('DNS Name Error for the Exchange host (Network Monitor)', () => {
    const parsed = analyzeFixture('dns-name-error.netmon.txt');
    assert.equal(parsed.formatId, 'netmon-summary');
    assert.deepEqual(findings(parsed), ['1:nettrace.dns.name-error:error', '7:nettrace.dns.name-error:error']);
    assert.deepEqual(flowIds(parsed, 'dns.query'), ['dns.query:0x1F3A', 'dns.query:0x1F3B', 'dns.query:0x1F40']);
    assert.deepEqual(flowLines(parsed, 'dns.query:0x1F3A'), [0, 1]);
    assert.equal(parsed.flows.get('dns.query:0x1F3A')!.label, 'DNS 0x1F3A exch07.corp.northwind.local');
    assert.equal(parsed.flows.get('dns.query:0x1F3A')!.outcome.status, 'failed');
    assert.equal(parsed.flows.get('dns.query:0x1F3B')!.outcome.status, 'ok');
    assert.equal(parsed.findings[0]!.values.queryId, '0x1F3A');
    assert.equal(parsed.findings[0]!.values.src, '10.50.1.2');
    assert.equal(parsed.entries[0]!.fields.queryName!.value, 'exch07.corp.northwind.local');
    assert.equal(parsed.entries[1]!.fields.dnsResult!.value, 'Name Error');
  });

  test('ActiveSync answered 401 again and again, never a success (Network Monitor)', () => {
    const parsed = analyzeFixture('eas-401-loop.netmon.txt');
    assert.deepEqual(findings(parsed), ['11:nettrace.http.eas-401-loop:error']);
    const finding = parsed.findings[0]!;
    assert.equal(finding.values.status, '401');
    assert.match(finding.values.url!, /^\/Microsoft-Server-ActiveSync\?User=kmiller/);
    assert.equal(finding.flowId, 'ip:10.30.8.11 <=> 10.30.8.40');
    assert.equal(parsed.flows.get('ip:10.30.8.11 <=> 10.30.8.40')!.outcome.status, 'failed');
    assert.deepEqual(flowLines(parsed, 'tcp:10.30.8.11:4120 <=> 10.30.8.40:80'), [2, 3, 4, 9, 12, 13]);
    assert.deepEqual(flowLines(parsed, 'dns.query:0x6C02'), [0, 1]);
  });

  test('a normal 401 challenge followed by 100 and 200 is not a finding', () => {
    const parsed = analyzeFixture('eas-401-challenge-ok.netmon.txt');
    assert.deepEqual(findings(parsed), []);
    assert.equal(parsed.flows.get('ip:10.30.8.11 <=> 10.30.8.40')!.outcome.status, 'ok');
    assert.equal(parsed.entries[5]!.fields.method!.value, 'POST');
    assert.equal(parsed.entries[11]!.fields.status!.value, '100');
  });

  test('CSV export from Network Monitor: header skipped, suffix-search Name Error reported, a TLS session with data is fine', () => {
    const parsed = analyzeFixture('dns-tls.netmon.csv');
    assert.equal(parsed.formatId, 'netmon-summary');
    assert.equal(parsed.entries.length, 14);
    assert.equal(parsed.entryAtLine[0], -1);
    assert.deepEqual(findings(parsed), ['2:nettrace.dns.name-error:error']);
    assert.equal(parsed.entries[0]!.fields.frame!.value, '1');
    assert.equal(parsed.entries[0]!.fields.timeOffset!.value, '0.0000000');
    assert.deepEqual(flowIds(parsed, 'dns.query'), ['dns.query:0x0C4E', 'dns.query:0x0C4F']);
    assert.deepEqual(flowLines(parsed, 'tcp:10.60.2.31:3877 <=> 10.60.2.40:443'), [5, 6, 7, 14]);
  });

  test('Wireshark summary export: DNS "No such name" and a handshake the client abandons', () => {
    const parsed = analyzeFixture('eas-external.wireshark.txt');
    assert.equal(parsed.formatId, 'wireshark-text');
    assert.equal(parsed.entries.length, 15);
    assert.equal(parsed.entries[0]!.level, 'debug');
    assert.deepEqual(findings(parsed), ['2:nettrace.dns.name-error:error', '10:nettrace.tls.handshake-then-client-close:error']);
    assert.equal(parsed.findings[0]!.values.queryName, 'exch-cas2.tailspin.local');
    assert.deepEqual(parsed.findings[1]!.related.map((r) => r.line), [12]);
    assert.deepEqual(flowLines(parsed, 'dns.query:0xa1c7'), [1, 2]);
    assert.equal(parsed.flows.get('dns.query:0xa1c8')!.outcome.status, 'ok');
    assert.deepEqual(flowLines(parsed, 'tcp:192.0.2.145:49811 <=> 198.51.100.9:443'), [5, 6, 7, 12, 13, 14]);
    assert.equal(parsed.entries[12]!.fields.flags!.value, 'FIN, ACK');
    assert.equal(parsed.entries[1]!.fields.frame!.value, '1');
  });

  test('Wireshark export with packet details (CRLF): 401 loop found through the request URI of the responses', () => {
    const parsed = analyzeFixture('eas-401.wireshark-details.txt');
    assert.equal(parsed.formatId, 'wireshark-text');
    assert.equal(parsed.entries.length, 20);
    assert.deepEqual(findings(parsed), ['116:nettrace.http.eas-401-loop:error']);
    // Ports come from the detail block, so HTTP rows join the TCP conversation too.
    assert.deepEqual(flowLines(parsed, 'tcp:10.20.30.5:3310 <=> 10.20.30.6:80'), [1, 9, 17, 25, 40, 62, 78, 100, 116, 138]);
    const response = parsed.entries[parsed.entryAtLine[116]!]!;
    assert.equal(response.fields.status!.value, '401');
    assert.equal(response.fields.reason!.value, 'Unauthorized');
    assert.match(response.fields.url!.value, /^\/Microsoft-Server-ActiveSync\?User=pokafor/);
    // Each protocol layer of the detail folds up to the blank line that closes the packet.
    assert.ok(parsed.folds.some((f) => f.kind === 'region' && f.startLine === 122 && f.endLine === 133), JSON.stringify(parsed.folds.filter((f) => f.startLine > 110)));
  });

  test('TCP conversations are one flow for both directions', () => {
    const parsed = analyzeFixture('untrusted-ca.netmon.txt');
    const flow = parsed.flows.get('tcp:198.51.100.23:1187 <=> 203.0.113.10:443') ?? parsed.flows.get('tcp:203.0.113.10:443 <=> 198.51.100.23:1187');
    assert.ok(flow);
    assert.deepEqual(flow.entries.map((i) => parsed.entries[i]!.startLine), [0, 1, 2, 42, 43, 44, 45]);
  });
});
