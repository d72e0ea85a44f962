import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../server/src/service/analyze';

describe('parser', () => {
  test('WAAS errorlog entries, levels, flows and glued lines', () => {
    const text = [
      '10/23/2012 17:56:23.369(Local)(8311 0.0) NTCE (369128) (fl=2433) ConnectRequestCommon (CallId 2) [EdgeTcpConnectionEmsMdbLayer.cpp:1522]',
      '10/23/2012 17:56:23.868(Local)(8311 0.1) ERRO (868390) (fl=2433) ContextHandle.IsNull() [EdgeTcpConnectionEmsMdbLayer.cpp:1612]',
      "'''10/23/2012 17:56:24.001(Local)(8311 0.1) NTCE (1001) (fl=2434) first [A.cpp:1] 10/23/2012 17:56:24.002(Local)(8311 0.1) WARN (1002) (fl=2434) second [B.cpp:2]'''",
    ].join('\r\n');
    const parsed = analyzeText(text, { fileName: 'mapiao-errorlog.current' });
    assert.equal(parsed.formatId, 'waas-errorlog');
    assert.equal(parsed.entries.length, 4);
    assert.equal(parsed.entries[1]!.level, 'error');
    assert.equal(parsed.entries[1]!.message, 'ContextHandle.IsNull()');
    assert.equal(parsed.entries[3]!.startLine, 2);
    assert.ok(parsed.entries[3]!.startChar > 50);
    assert.equal(parsed.entries[3]!.level, 'warning');
    assert.equal(parsed.flows.get('waas.flow:2433')!.entries.length, 2);
    assert.equal(parsed.entries[0]!.time, Date.UTC(2012, 9, 23, 17, 56, 23, 369));
    const rules = parsed.findings.map((f) => `${f.line}:${f.rule}`);
    assert.deepEqual(rules, ['1:level.error', '2:level.warning']);
  });

  test('IAG multi-line entries with trailer and fields from the body', () => {
    const text = [
      '** 25.07.08 10:05:52.257 USERMGR_SERVICE:GENERAL T5900',
      'AuthenticateUser got [CAuthenticateUserIn:',
      'm_user = [administrator]',
      'm_session_id = [22B36058-D0B7-4A6E-A8A6-EDD7DF35E325]',
      ']',
      '* at line 334, file "src/UserMgrCore.cpp".',
      'Some prose between entries',
      '** 25.07.08 10:05:52.288 USERMGR_SERVICE:GENERAL T5900',
      'Connect success',
    ].join('\n');
    const parsed = analyzeText(text);
    assert.equal(parsed.family, 'iag');
    assert.equal(parsed.entries.length, 2);
    const first = parsed.entries[0]!;
    assert.equal(first.endLine, 5);
    assert.equal(first.fields.user!.value, 'administrator');
    assert.equal(first.fields.user!.line, 2);
    assert.equal(first.fields.srcLine!.value, '334');
    assert.equal(parsed.entryAtLine[6], -1);
    assert.equal(parsed.entries[1]!.message, 'Connect success');
    assert.deepEqual(parsed.folds.map((f) => [f.startLine, f.endLine]), [[0, 5], [7, 8]]);
    const thread = parsed.flows.get('iag.thread:5900')!;
    assert.equal(thread.entries.length, 2);
    assert.equal(thread.outcome.status, 'ok');
  });

  test('pluto newest first without dates', () => {
    const text = [
      '22:49:47 pluto[585] "abc" #625: STATE_QUICK_I2 sent QI2, IPsec SA established',
      '22:49:47 pluto[585] “abc” #625: initiating Quick Mode PSK+ENCRYPT+TUNNEL {using isakmp#624 msgid:1234}',
      '22:49:46 pluto[585] “abc” #624: sent MR3, ISAKMP SA established',
      '22:49:46 pluto[585] “abc” #624: responding to Main Mode',
    ].join('\n');
    const parsed = analyzeText(text);
    assert.equal(parsed.family, 'pluto');
    assert.equal(parsed.newestFirst, true);
    const sa = parsed.flows.get('pluto.state:625')!;
    assert.equal(sa.parent, 'pluto.state:624');
    assert.equal(sa.outcome.status, 'ok');
    assert.equal(parsed.entries[1]!.fields.conn!.value, 'abc');
  });

  test('unknown text gets no entries and no findings', () => {
    const parsed = analyzeText('Dear team,\nplease find the logs attached.\nERROR: this is prose\n');
    assert.equal(parsed.family, undefined);
    assert.equal(parsed.findings.length, 0);
  });
});

describe('robustness', () => {
  test('a 1 MB line is analysed on its first part with a notice, and nothing crashes', () => {
    const long = `06/07/2013 01:02:03.004(Local)(1 0.1) ERRO (4) (fl=9) ${'x'.repeat(1024 * 1024)} [Big.cpp:1]`;
    const parsed = analyzeText(`${long}\n06/07/2013 01:02:04.004(Local)(1 0.1) NTCE (4) (fl=9) after [Big.cpp:2]`);
    assert.equal(parsed.entries.length, 2);
    assert.ok(parsed.notices.some((n) => /only its first/.test(n)));
  });

  test('a mixed ticket is parsed section by section', () => {
    const text = [
      'Customer reports Outlook hangs at the branch. Syslog excerpt:',
      '2013 Feb  4 09:10:11 wae-br1 mapi_ao: %WAAS-MAPIAO-3-132104: (112233) Encrypted connection. Client ip: 10.9.8.7',
      'and the errorlog:',
      '02/04/2013 09:10:12.001(Local)(800 0.1) ERRO (1001) (fl=44) ContextHandle.IsNull() [EdgeTcpConnectionEmsMdbLayer.cpp:1612]',
      '02/04/2013 09:10:12.002(Local)(800 0.1) NTCE (1002) (fl=44) more [EdgeTcpConnectionEmsMdbLayer.cpp:1613]',
    ].join('\n');
    const parsed = analyzeText(text);
    assert.deepEqual(parsed.sections.map((s) => [s.formatId, s.startLine]), [['waas-syslog', 1], ['waas-errorlog', 3]]);
    assert.equal(parsed.entryAtLine[0], -1);
    assert.equal(parsed.entryAtLine[2], -1);
  });

  test('truncated IAG entry at the end of a capture still parses', () => {
    const parsed = analyzeText('** 01.02.09 11:12:13.141 USERMGR_SERVICE:GENERAL T77\nAuthenticateUser got [CAuthenticateUserIn:\nm_user = [kim]');
    assert.equal(parsed.entries.length, 1);
    assert.equal(parsed.entries[0]!.endLine, 2);
    assert.equal(parsed.entries[0]!.fields.user!.value, 'kim');
  });

  test('syslog year inference keeps a December to January log in order', () => {
    const parsed = analyzeText(
      ['Dec 31 23:59:58 gw pluto[10]: "a" #1: initiating Main Mode', 'Jan  1 00:00:02 gw pluto[10]: "a" #1: transition from state (null) to state STATE_MAIN_I1'].join('\n'),
      { referenceYear: 2026 },
    );
    const [a, b] = parsed.entries;
    assert.equal(b!.time! - a!.time!, 4000);
    assert.equal(new Date(b!.time!).getUTCFullYear(), 2026);
  });
});
