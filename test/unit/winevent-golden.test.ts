import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyzeText } from '../../server/src/service/analyze';
import { decodeBytes } from '../../server/src/service/decode';
import type { ParsedLog } from '../../server/src/model/log';
import { findings } from '../support/golden';
import { fixturePath } from '../support/paths';

function analyze(name: string, text = readFileSync(fixturePath('winevent', name), 'utf8')): ParsedLog {
  return analyzeText(text, { fileName: name, uri: `file:///fixtures/winevent/${name}` });
}

const FAILED = 'winevent.mdm.enrollment-connection-failed';
const RECOVERED = 'winevent.mdm.enrollment-connection-recovered';
const LOOPBACK = 'winevent.mdm.loopback-401-1';

describe('Windows event golden files (SCMDM Mobile Device Manager log)', () => {
  test('details copies: DM01 recovers (1003 then 1004), DM02 stays down with 401.1', () => {
    const text = readFileSync(fixturePath('winevent', 'mdm-event-details.txt'), 'utf8');
    assert.ok(text.includes('\r\n'));
    const parsed = analyze('mdm-event-details.txt', text);
    assert.equal(parsed.family, 'winevent');
    assert.equal(parsed.formatId, 'winevent-details');
    assert.equal(parsed.entries.length, 5);
    assert.deepEqual(parsed.entries.map((e) => e.startLine), [0, 31, 43, 73, 103]);
    assert.deepEqual(parsed.entries.map((e) => e.fields.eventId?.value), ['1003', '4202', '1004', '1003', '1074']);
    assert.deepEqual(parsed.entries.map((e) => e.fields.source?.value), ['Device Manager', 'MSDTC', 'Device Manager', 'Device Manager', 'W3SVC']);
    assert.equal(parsed.entries[3]!.fields.computer!.value, 'MDMDM02.corp.fabrikam.com');
    assert.equal(parsed.entries[3]!.fields.logName!.value, 'Mobile Device Manager');
    // The two Warning events no signature explains are still reported, on their Level: line.
    assert.deepEqual(findings(parsed), [`3:${RECOVERED}:warning`, '36:level.warning:warning', `76:${FAILED}:error`, `83:${LOOPBACK}:error`, '108:level.warning:warning']);
    const lines = text.split('\r\n');
    assert.match(lines[76]!, /^Event ID:\s+1003$/);
    assert.match(lines[83]!, /HTTP 401\.1 - Unauthorized: Logon Failed/);

    // One flow per server; the last 1003/1004 decides the outcome.
    const dm1 = parsed.flows.get('mdm.server:MDMDM01.corp.fabrikam.com')!;
    const dm2 = parsed.flows.get('mdm.server:MDMDM02.corp.fabrikam.com')!;
    assert.deepEqual(dm1.entries, [0, 1, 2]);
    assert.deepEqual(dm2.entries, [3, 4]);
    assert.equal(dm1.scope, 'global');
    assert.equal(dm1.outcome.status, 'ok');
    assert.equal(dm2.outcome.status, 'failed');
    assert.equal(parsed.findings.find((f) => f.rule === FAILED)!.flowId, dm2.id);
  });

  test('tab-delimited export, newest first: both outages recovered, one caused by the loopback check', () => {
    const parsed = analyze('mdm-saved-tab.txt');
    assert.equal(parsed.formatId, 'winevent-tab');
    assert.equal(parsed.newestFirst, true);
    assert.equal(parsed.entries.length, 5);
    assert.equal(parsed.entries[0]!.level, 'debug', 'the column header is not an event');
    assert.deepEqual(parsed.entries.slice(1).map((e) => e.level), ['info', 'error', 'info', 'error']);
    assert.equal(parsed.entries[2]!.time, Date.UTC(2010, 5, 2, 16, 32, 10));
    // "Later" is later in time: the 1004 listed above each 1003 follows it.
    assert.deepEqual(findings(parsed), [`2:${RECOVERED}:warning`, `4:${RECOVERED}:warning`, `4:${LOOPBACK}:error`]);
    assert.equal(parsed.findings.find((f) => f.rule === RECOVERED)!.related[0]!.line, 1);
  });

  test('CSV export with a quoted multi-line description: the 1003 is the newest event', () => {
    const parsed = analyze('mdm-events.csv');
    assert.equal(parsed.formatId, 'winevent-csv');
    assert.equal(parsed.entries.length, 4);
    assert.equal(parsed.entries[1]!.endLine, 2, 'the quoted description continues on the next line');
    assert.match(parsed.entries[1]!.message, /actively refused it 172\.16\.8\.30:8445"$/);
    assert.deepEqual(findings(parsed), [`1:${FAILED}:error`, '3:level.warning:warning']);
  });

  test('UTF-16 LE export with BOM decodes and still shows the unresolved 1003', () => {
    const decoded = decodeBytes(readFileSync(fixturePath('winevent', 'mdm-saved-utf16le.txt')));
    assert.equal(decoded.encoding, 'utf-16le');
    assert.equal(decoded.binary, false);
    assert.ok(decoded.text.startsWith('Level\tDate and Time'), 'the BOM is not part of the text');
    const parsed = analyze('mdm-saved-utf16le.txt', decoded.text);
    assert.equal(parsed.formatId, 'winevent-tab');
    assert.deepEqual(findings(parsed), [`1:${FAILED}:error`, '2:level.warning:warning']);
  });

  test('details copies take level and time from their Level: and Date: lines', () => {
    const parsed = analyze('mdm-event-details.txt');
    assert.equal(parsed.entries[0]!.level, 'error');
    assert.equal(parsed.entries[0]!.time, Date.UTC(2009, 2, 14, 9, 14, 22));
  });
});
