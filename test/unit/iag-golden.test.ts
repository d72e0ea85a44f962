import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeText } from '../../server/src/service/analyze';
import type { ParsedLog } from '../../server/src/model/log';
import { findings, flowLines } from '../support/golden';
import { fixturePath, repoRoot } from '../support/paths';

function analyzeFixture(name: string): ParsedLog {
  return analyzeText(readFileSync(fixturePath('iag', name), 'utf8'), { fileName: name, uri: `file:///fixtures/iag/${name}` });
}

const SESSION_OK = '9F1C2A77-3B0D-4E55-8C21-0A6B7D3E4F12';
const SESSION_FAILED = '5D0E4B21-77C3-4F0A-9B6E-1C2D3E4F5A6B';
const SESSION_SECOND = 'C41A9E03-2B6F-4D8C-A1E7-6F3B2D9C0E55';

describe('IAG golden files', () => {
  for (const name of ['easportal.usermgrcom.xheavy.log', 'easportal.usermgrcom.crlf.log']) {
    test(`UserMgrCom trace with interleaved threads and sessions (${name})`, () => {
      const parsed = analyzeFixture(name);
      assert.equal(parsed.family, 'iag');
      assert.equal(parsed.formatId, 'iag-trace');
      assert.equal(parsed.entries.length, 17);
      assert.deepEqual(findings(parsed), [
        '1:iag.auth.request:info',
        '18:iag.auth.request:info',
        '52:iag.auth.no-success:error',
        '56:iag.auth.request:info',
        '81:iag.trace.enabled:info',
      ]);
      // Thread flows interleave: T3348 succeeds, T2716 stops after the bind, T4410 succeeds later.
      assert.deepEqual(flowLines(parsed, 'iag.thread:3348'), [0, 14, 31, 37, 43, 49]);
      assert.deepEqual(flowLines(parsed, 'iag.thread:2716'), [17, 34, 40, 46, 52]);
      assert.deepEqual(flowLines(parsed, 'iag.thread:4410'), [55, 69, 72, 75, 78, 81]);
      assert.equal(parsed.flows.get('iag.thread:3348')!.outcome.status, 'ok');
      assert.equal(parsed.flows.get('iag.thread:4410')!.outcome.status, 'ok');
      assert.equal(parsed.flows.get('iag.thread:2716')!.outcome.status, 'failed');
      assert.deepEqual(flowLines(parsed, `iag.session:${SESSION_OK}`), [0]);
      assert.deepEqual(flowLines(parsed, `iag.session:${SESSION_FAILED}`), [17]);
      assert.deepEqual(flowLines(parsed, `iag.session:${SESSION_SECOND}`), [55]);
      assert.equal(parsed.flows.get(`iag.session:${SESSION_OK}`)!.scope, 'global');

      // The request dump becomes fields; the placeholders of the findings are filled from them.
      const request = parsed.entries[2]!;
      assert.equal(request.thread, '2716');
      assert.equal(request.component, 'USERMGR_SERVICE');
      assert.equal(request.fields.user!.value, 'mlopez');
      assert.equal(request.fields.domain!.value, 'fabrikam');
      assert.equal(request.fields.site!.value, 'easportal');
      assert.equal(request.fields.sourceIp!.value, '172.16.40.57');
      assert.equal(request.fields.sessionId!.value, SESSION_FAILED);
      assert.equal(request.fields.srcLine!.value, '334');
      assert.equal(request.fields.srcFile!.value, 'src/UserMgrCore.cpp');
      assert.equal(request.time, Date.UTC(2009, 2, 14, 16, 41, 7, 20));
      assert.equal(parsed.entries[6]!.fields.ldapServer!.value, '10.12.0.5');
      const failure = parsed.findings.find((f) => f.rule === 'iag.auth.no-success')!;
      assert.equal(failure.flowId, 'iag.thread:2716');
      assert.match(failure.message, /fabrikam\\mlopez from 172\.16\.40\.57/);
      assert.match(failure.message, new RegExp(SESSION_FAILED));
      assert.deepEqual(failure.related.map((r) => r.line), [17]);
      // The last entry of the capture has no trailer and still ends the file cleanly.
      assert.equal(parsed.entries[16]!.startLine, 81);
      assert.ok(parsed.entries[16]!.endLine >= 82);
      assert.match(parsed.entries[16]!.message, /^Connect success\s*$/);
      assert.equal(parsed.entries[16]!.fields.srcLine, undefined);
    });
  }

  test('CRLF and LF copies give the same entries and flows', () => {
    const lf = analyzeFixture('easportal.usermgrcom.xheavy.log');
    const crlf = analyzeFixture('easportal.usermgrcom.crlf.log');
    assert.deepEqual(crlf.entries.map((e) => e.message), lf.entries.map((e) => e.message));
    assert.deepEqual([...crlf.flows.keys()], [...lf.flows.keys()]);
  });

  test('WhlFilter trace: threads split after a silence, sessions picked from the messages', () => {
    const parsed = analyzeFixture('easportal.whlfilter.xheavy.log');
    assert.equal(parsed.formatId, 'iag-trace');
    assert.equal(parsed.entries.length, 7);
    assert.deepEqual(findings(parsed), ['18:iag.trace.enabled:info']);
    assert.deepEqual(flowLines(parsed, 'iag.thread:1904'), [0, 3, 9, 12]);
    assert.deepEqual(flowLines(parsed, 'iag.thread:1904@2'), [18]);
    assert.deepEqual(flowLines(parsed, 'iag.thread:2288'), [6]);
    assert.deepEqual(flowLines(parsed, 'iag.thread:2288@2'), [15]);
    assert.deepEqual(flowLines(parsed, `iag.session:${SESSION_OK}`), [9]);
    assert.deepEqual(flowLines(parsed, `iag.session:${SESSION_FAILED}`), [15]);
    // The capture ends inside an entry that has no trailer.
    assert.equal(parsed.entries[6]!.startLine, 18);
    assert.ok(parsed.entries[6]!.endLine >= 19);
    assert.match(parsed.entries[6]!.message, /^OnPreprocHeaders: new request from \[172\.16\.40\.22\]/);
  });

  test('URL filter log (*WhlFilter.log): decisions, levels, clients and sessions', () => {
    const parsed = analyzeFixture('easportal_WhlFilter.log');
    assert.equal(parsed.formatId, 'iag-urlfilter');
    assert.equal(parsed.entries.length, 6);
    assert.deepEqual(findings(parsed), ['3:iag.urlfilter.rejected:warning', '5:iag.urlfilter.rejected:warning']);
    assert.deepEqual(parsed.entries.map((e) => e.level), ['info', 'info', 'info', 'warning', 'info', 'warning']);
    assert.deepEqual(flowLines(parsed, 'iag.client:172.16.40.22'), [0, 2, 4]);
    assert.deepEqual(flowLines(parsed, 'iag.client:172.16.40.90'), [3, 5]);
    assert.deepEqual(flowLines(parsed, `iag.session:${SESSION_OK}`), [2]);
    assert.deepEqual(flowLines(parsed, `iag.session:${SESSION_SECOND}`), [4]);
    const rejected = parsed.findings[0]!;
    assert.equal(rejected.values.method, 'OPTIONS');
    assert.equal(rejected.values.url, '/Microsoft-Server-ActiveSync');
    assert.equal(rejected.values.sourceIp, '172.16.40.90');
    assert.equal(parsed.entries[2]!.fields.user!.value, 'jsmith');
    assert.equal(parsed.entries[2]!.fields.domain!.value, 'fabrikam');
    assert.equal(parsed.entries[0]!.time, Date.UTC(2009, 2, 14, 16, 41, 6));
  });

  test('a ticket mixing prose, a UserMgrCom excerpt and Network Monitor lines', () => {
    const parsed = analyzeFixture('ticket-eas-sync-error.txt');
    assert.deepEqual(parsed.sections.map((s) => `${s.formatId}:${s.startLine}-${s.endLine}`), ['iag-trace:4-23', 'netmon-summary:24-25']);
    assert.equal(parsed.family, 'iag');
    assert.deepEqual(findings(parsed), ['5:iag.auth.request:info', '25:nettrace.dns.name-error:error']);
    assert.equal(parsed.flows.get('iag.thread:2208')!.outcome.status, 'ok');
    assert.deepEqual(flowLines(parsed, 'dns.query:0x51D0'), [24, 25]);
    // The Network Monitor lines after the last (trailer-less) IAG entry are not swallowed by it.
    assert.equal(parsed.entries[2]!.endLine, 23);
  });
});

describe('IAG snippets', () => {
  /** The text a snippet body inserts (escapes resolved, placeholders replaced by their defaults). */
  function inserted(body: string[]): string {
    return body
      .join('\n')
      .replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1')
      .replace(/\$\{\d+:([^}]*)\}/g, '$1')
      .replace(/\$\d+/g, '')
      .replace(/\\([\\$}])/g, '$1');
  }
  const snippets = JSON.parse(readFileSync(join(repoRoot(), 'snippets', 'iag.code-snippets'), 'utf8')) as Record<string, { prefix: string[]; body: string[]; description: string }>;

  test('trace.ini sections, trace.inc switch and the LogFlag registry commands', () => {
    const bodies = Object.values(snippets).map((s) => inserted(s.body));
    assert.ok(bodies.includes('[Trace\\WhlFilter]\n*=xheavy\n[Trace\\UserMgrCom]\n*=xheavy\n'));
    assert.ok(bodies.includes('trace_on = true'));
    assert.ok(bodies.includes('reg add "HKLM\\SOFTWARE\\WhaleCom\\e-Gap\\von\\UrlFilter" /v LogFlag /t REG_DWORD /d 4 /f'));
    assert.ok(bodies.includes('reg add "HKLM\\SOFTWARE\\WhaleCom\\e-Gap\\von\\UrlFilter" /v LogFlag /t REG_DWORD /d 0 /f'));
  });

  test('every snippet that turns logging on warns about disk space', () => {
    for (const [name, snippet] of Object.entries(snippets)) {
      assert.ok(snippet.prefix.length > 0, name);
      if (/xheavy|LogFlag \(on\)|trace\.inc/.test(name)) assert.match(snippet.description, /fill the disk/, name);
    }
  });
});
