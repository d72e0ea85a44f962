import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyzeText } from '../../server/src/service/analyze';
import type { ParsedLog } from '../../server/src/model/log';
import { findings } from '../support/golden';
import { fixturePath } from '../support/paths';

function read(family: string, name: string): string {
  return readFileSync(fixturePath(family, name), 'utf8');
}

function analyze(name: string, text = read('iis', name)): ParsedLog {
  return analyzeText(text, { fileName: name, uri: `file:///fixtures/iis/${name}` });
}

describe('IIS W3C golden files', () => {
  test('IIS 7 fields on a load-balanced SCMDM Device Management Server: loopback 401.1', () => {
    const text = read('iis', 'u_ex090314.log');
    assert.ok(text.includes('\r\n'));
    const parsed = analyze('u_ex090314.log', text);
    assert.equal(parsed.family, 'iis');
    assert.equal(parsed.formatId, 'iis-w3c');
    assert.equal(parsed.entries.length, 10);
    assert.deepEqual(parsed.entries.slice(0, 4).map((e) => e.level), ['debug', 'debug', 'debug', 'debug']);
    assert.deepEqual(parsed.entries.slice(4).map((e) => e.level), ['warning', 'warning', 'warning', 'info', 'warning', 'error']);
    const loop = parsed.entries[5]!;
    assert.deepEqual(
      ['sIp', 'cIp', 'sPort', 'status', 'substatus', 'win32Status', 'timeTaken'].map((n) => loop.fields[n]?.value),
      ['10.20.1.21', '10.20.1.21', '8446', '401', '1', '2148074254', '15'],
    );
    assert.equal(loop.time, Date.UTC(2009, 2, 14, 10, 2, 12));
    assert.deepEqual(findings(parsed), [
      '4:iis.http.challenge-unanswered:warning',
      '5:iis.mdm.loopback-401-1:error',
      '8:level.warning:warning',
      '9:iis.http.server-error:error',
    ]);
    // The peer server's challenge (line 6) is answered by a 200 right after: no finding.
    assert.equal(parsed.flows.get('iis.client:10.20.1.22')!.outcome.status, 'ok');
    assert.equal(parsed.flows.get('iis.client:10.20.1.21')!.outcome.status, 'failed');
    assert.equal(parsed.findings[1]!.values.mdmPort, '8446');
  });

  test('IIS 8.5+ fields on an Exchange CAS: one phone fails every time, another is challenged and succeeds', () => {
    const parsed = analyze('u_ex231127.log');
    assert.equal(parsed.entries.length, 12);
    assert.equal(parsed.entries[10]!.fields.referer!.value, 'https://portal.contoso.com/');
    assert.equal(parsed.entries[4]!.fields.cmd!.value, 'Sync');
    assert.equal(parsed.entries[4]!.fields.deviceType!.value, 'WindowsPhone');
    assert.deepEqual(findings(parsed), [
      // Three 401.1 of one phone: one finding on the first, naming lines 5-7.
      '4:iis.http.logon-failed:warning',
      '6:iis.eas.unauthorized-repeated:error',
      '9:iis.eas.mailbox-full:error',
      '11:iis.eas.service-unavailable:error',
    ]);
    const phone = 'eas.device:6E27A1F09B3C4D5E8F10A2B3C4D5E6F7';
    assert.deepEqual(parsed.flows.get(phone)!.entries, [4, 5, 6]);
    assert.deepEqual(parsed.flows.get('eas.device:SEC1D2A7F0B99C84')!.entries, [7, 8, 9, 11]);
    assert.deepEqual(parsed.flows.get('iis.client:198.51.100.77')!.entries, [4, 5, 6]);
    assert.equal(parsed.findings.find((f) => f.rule === 'iis.eas.unauthorized-repeated')!.flowId, phone);
  });

  test('the ActiveSync device key is the same in the IIS log and the mailbox log (global flows)', () => {
    const iis = analyze('u_ex231127.log');
    const mailbox = analyzeText(read('eas', 'EASMailboxLog-pokafor.txt'), { fileName: 'EASMailboxLog-pokafor.txt' });
    for (const id of ['eas.device:6E27A1F09B3C4D5E8F10A2B3C4D5E6F7', 'eas.device:SEC1D2A7F0B99C84']) {
      assert.equal(iis.flows.get(id)?.scope, 'global');
      assert.equal(mailbox.flows.get(id)?.scope, 'global');
    }
  });

  test('IIS 6 fields (site name, no time-taken) on the Enrollment Server', () => {
    const parsed = analyze('ex091109.log');
    assert.equal(parsed.formatId, 'iis-w3c');
    assert.equal(parsed.entries[5]!.fields.siteName!.value, 'W3SVC1');
    assert.equal(parsed.entries[5]!.fields.timeTaken, undefined);
    assert.deepEqual(findings(parsed), ['4:iis.http.challenge-unanswered:warning', '5:iis.mdm.loopback-401-1:error']);
  });

  test('columns follow the #Fields directive of the file', () => {
    const text = '#Fields: date time c-ip cs-method cs-uri-stem sc-status\r\n2024-01-05 08:00:00 10.9.9.9 GET /owa/ 401\r\n';
    const parsed = analyzeText(text);
    assert.equal(parsed.entries[1]?.fields.status?.value, '401');
  });
});
