import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyzeText } from '../../server/src/service/analyze';
import type { ParsedLog } from '../../server/src/model/log';
import { findings, flowLines } from '../support/golden';
import { fixturePath } from '../support/paths';

function read(name: string): string {
  return readFileSync(fixturePath('eas', name), 'utf8');
}

function analyze(name: string, text = read(name)): ParsedLog {
  return analyzeText(text, { fileName: name, uri: `file:///fixtures/eas/${name}` });
}

function field(parsed: ParsedLog, entry: number, name: string): string | undefined {
  return parsed.entries[entry]!.fields[name]?.value;
}

const IPHONE = 'eas.device:ApplF17XK2MNPQ4R';
const SAMSUNG = 'eas.device:androidc1584720345';

describe('EAS mailbox log golden files', () => {
  test('kmiller: iPhone and Samsung, sync key errors, throttling, hierarchy change, send quota', () => {
    const text = read('EASMailboxLog-kmiller.txt');
    assert.ok(text.includes('\r\n'), 'the fixture keeps the CRLF line ends Exchange writes');
    const parsed = analyze('EASMailboxLog-kmiller.txt', text);
    assert.equal(parsed.family, 'eas');
    assert.equal(parsed.formatId, 'eas-mailbox');
    assert.equal(parsed.entries.length, 14);
    // Each entry starts on its " Log Entry: N" line and runs to the next one.
    assert.deepEqual(parsed.entries.map((e) => field(parsed, e.index, 'entryNo')), Array.from({ length: 14 }, (_, i) => String(i)));
    assert.equal(parsed.entries[0]!.startLine, 2);
    assert.equal(parsed.entries[1]!.startLine, parsed.entries[0]!.endLine + 1);

    assert.deepEqual(findings(parsed), [
      '284:eas.sync.invalid-sync-key:warning',
      '752:eas.foldersync.invalid-sync-key:warning',
      '810:eas.http.service-unavailable:warning',
      '876:eas.ping.hierarchy-sync-required:warning',
      '936:eas.common.send-quota-exceeded:error',
    ]);
    // Status lines inside the response bodies carry the findings.
    const lines = text.split(/\r\n/);
    assert.equal(lines[284]!.trim(), '<Status>3</Status>');
    assert.equal(lines[752]!.trim(), '<Status>9</Status>');
    assert.equal(lines[810]!.trim(), 'HTTP/1.1 503 Service Unavailable');
    assert.equal(lines[936]!.trim(), '<Status>115</Status>');

    // The Samsung's 142 (not provisioned) is followed by Provision: the normal flow, no finding.
    assert.equal(field(parsed, 5, 'easStatus'), '142');
    assert.equal(field(parsed, 6, 'cmd'), 'Provision');

    // Request fields from the request line and headers; the response status line gives httpStatus.
    assert.equal(field(parsed, 3, 'cmd'), 'Sync');
    assert.equal(field(parsed, 3, 'user'), 'kmiller%40fabrikam.com');
    assert.equal(field(parsed, 3, 'deviceType'), 'iPhone');
    assert.equal(field(parsed, 3, 'httpStatus'), '200');
    assert.equal(field(parsed, 3, 'easStatus'), '3');
    assert.equal(field(parsed, 3, 'timestamp'), '3/11/2024 8:14:06 AM');
    assert.equal(field(parsed, 11, 'httpStatus'), '503');
    assert.equal(field(parsed, 11, 'retryAfter'), '300');

    // One flow per device, global scope (the same DeviceId appears in IIS logs).
    assert.deepEqual(flowLines(parsed, IPHONE), [2, 77, 148, 222, 294, 638, 702, 884]);
    assert.deepEqual(flowLines(parsed, SAMSUNG), [366, 424, 499, 566, 760, 820]);
    assert.equal(parsed.flows.get(IPHONE)!.scope, 'global');
    assert.equal(parsed.flows.get(IPHONE)!.label, 'iPhone ApplF17XK2MNPQ4R');
    assert.equal(parsed.flows.get(SAMSUNG)!.outcome.status, 'ok');
    assert.equal(parsed.findings.find((f) => f.rule === 'eas.http.service-unavailable')!.flowId, SAMSUNG);
    assert.match(parsed.findings.find((f) => f.rule === 'eas.common.send-quota-exceeded')!.message, /kmiller%40fabrikam\.com cannot send from iPhone ApplF17XK2MNPQ4R.*Status 115/);
  });

  test('pokafor: repeated 401 never followed by success, 401 challenge that succeeds, 507, 451, 177, blocked iPad', () => {
    const parsed = analyze('EASMailboxLog-pokafor.txt');
    assert.equal(parsed.formatId, 'eas-mailbox');
    assert.equal(parsed.entries.length, 10);
    assert.deepEqual(findings(parsed), [
      // The phone's three 401s are one finding (3 times, lines 46-150), on the first of them.
      '45:eas.http.unauthorized:warning',
      '149:eas.http.unauthorized-repeated:error',
      '326:eas.http.insufficient-storage:error',
      '385:eas.http.redirect:warning',
      '512:eas.common.max-devices-reached:error',
      '564:eas.access.quarantined-or-blocked:warning',
      '570:eas.http.forbidden:error',
    ]);
    const phone = 'eas.device:6E27A1F09B3C4D5E8F10A2B3C4D5E6F7';
    const samsung = 'eas.device:SEC1D2A7F0B99C84';
    const ipad = 'eas.device:ApplDMPHX0Q7Q1GC';
    assert.deepEqual([...parsed.flows.keys()].filter((id) => id.startsWith('eas.device:')), [phone, samsung, ipad]);
    // Each device's commands are flows of their own too.
    assert.deepEqual(
      [...parsed.flows.keys()].filter((id) => id.startsWith('eas.command:')),
      ['eas.command:6E27A1F09B3C4D5E8F10A2B3C4D5E6F7 Sync', 'eas.command:SEC1D2A7F0B99C84 FolderSync', 'eas.command:SEC1D2A7F0B99C84 Sync', 'eas.command:SEC1D2A7F0B99C84 Settings', 'eas.command:ApplDMPHX0Q7Q1GC Provision', 'eas.command:ApplDMPHX0Q7Q1GC Sync'],
    );
    assert.equal(parsed.flows.get(phone)!.entries.length, 3);
    const unauthorized = parsed.findings.find((f) => f.rule === 'eas.http.unauthorized')!;
    assert.deepEqual([unauthorized.repeats?.count, unauthorized.repeats?.firstLine, unauthorized.repeats?.lastLine], [3, 45, 149]);
    assert.match(unauthorized.message, /\(3 times, lines 46-150\)$/);
    assert.equal(parsed.flows.get(phone)!.outcome.status, 'failed');
    assert.equal(parsed.findings.find((f) => f.rule === 'eas.http.unauthorized-repeated')!.flowId, phone);
    // The Samsung's 401 is the normal challenge: the next request succeeds, so no 401 finding in its flow.
    assert.ok(!parsed.findings.some((f) => f.rule.startsWith('eas.http.unauthorized') && f.flowId === samsung));
    assert.equal(parsed.flows.get(ipad)!.outcome.status, 'failed');
    const redirect = parsed.findings.find((f) => f.rule === 'eas.http.redirect')!;
    assert.equal(redirect.values.location, 'https://mail.contoso.com/Microsoft-Server-ActiveSync');
    assert.equal(parsed.findings.find((f) => f.rule === 'eas.access.quarantined-or-blocked')!.values.accessState, 'Blocked');
  });

  test('the same log with LF line ends gives the same findings', () => {
    const crlf = analyze('EASMailboxLog-pokafor.txt');
    const lf = analyze('EASMailboxLog-pokafor.txt', read('EASMailboxLog-pokafor.txt').replace(/\r\n/g, '\n'));
    assert.deepEqual(findings(lf), findings(crlf));
  });

  test('an excerpt pasted without the file name is still recognised', () => {
    const text = read('EASMailboxLog-kmiller.txt').split(/\r\n/).slice(218, 370).join('\n');
    const parsed = analyzeText(text);
    assert.equal(parsed.formatId, 'eas-mailbox');
    assert.ok(parsed.findings.some((f) => f.rule === 'eas.sync.invalid-sync-key'));
  });

  test('RequestTime gives each entry its time', () => {
    const parsed = analyze('EASMailboxLog-kmiller.txt');
    assert.equal(parsed.entries[3]!.time, Date.UTC(2024, 2, 11, 8, 14, 6));
  });

  test('HTTP status sets the entry level (4xx warning, 5xx error)', () => {
    const parsed = analyze('EASMailboxLog-kmiller.txt');
    assert.equal(parsed.entries[11]!.level, 'error');
    assert.equal(parsed.entries[3]!.level, 'info');
  });
});
