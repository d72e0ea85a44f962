import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { scopesOf, tokenize, type Token } from '../support/grammar';

/** The WAAS grammar on real line shapes (values varied from the seed), tokenized by vscode-textmate. */

async function line(text: string): Promise<Token[]> {
  const [tokens] = await tokenize('waas-log', text);
  return tokens!;
}

function has(scopes: string[], fragment: string): boolean {
  return scopes.some((s) => s.includes(fragment));
}

function assertScope(tokens: Token[], needle: string, fragment: string): void {
  const scopes = scopesOf(tokens, needle);
  assert.ok(has(scopes, fragment), `${JSON.stringify(needle)} should have a scope with ${fragment}, got ${scopes.join(' ')}`);
}

/** Scopes of the token whose text is exactly `text` (for one-character values such as a syslog severity). */
function assertExactScope(tokens: Token[], text: string, fragment: string, present = true): void {
  const token = tokens.find((t) => t.text === text);
  assert.ok(token, `no token ${JSON.stringify(text)} in ${JSON.stringify(tokens.map((t) => t.text))}`);
  assert.equal(has(token.scopes, fragment), present, `${JSON.stringify(text)}: ${token.scopes.join(' ')}`);
}

function assertNoScope(tokens: Token[], needle: string, fragment: string): void {
  const scopes = scopesOf(tokens, needle);
  assert.ok(!has(scopes, fragment), `${JSON.stringify(needle)} should not have ${fragment}, got ${scopes.join(' ')}`);
}

describe('waas-log grammar: errorlog', () => {
  test('time stamp, zone, pid, thread, level, usec, flow and source reference', async () => {
    const t = await line('03/14/2013 09:02:11.868(Local)(9120 0.1) ERRO (868390) (fl=5517) ContextHandle.IsNull() [EdgeTcpConnectionEmsMdbLayer.cpp:1612]');
    assert.ok(scopesOf(t, '03/14/2013')[0] === 'source.waas-log');
    assertScope(t, '03/14/2013 09:02:11.868', 'constant.numeric.timestamp');
    assertScope(t, '(Local)', 'storage.modifier.zone');
    assertScope(t, '9120', 'constant.numeric.pid');
    assertScope(t, '0.1', 'variable.other.thread');
    assertScope(t, 'ERRO', 'invalid.illegal.level.error');
    assertScope(t, '(868390)', 'constant.numeric.usec');
    assertScope(t, '5517', 'variable.other.flow');
    assertScope(t, 'fl=', 'keyword.other.flow');
    assertScope(t, 'EdgeTcpConnectionEmsMdbLayer.cpp', 'entity.name.filename');
    assertScope(t, '1612', 'comment.line.source-ref');
    assertNoScope(t, 'ContextHandle', 'invalid');
  });

  test('levels by severity', async () => {
    const crit = await line('05/02/2014 12:00:01.002(Local)(311 2.0) CRIT (2210) Out of memory [Mem.cpp:77]');
    assertScope(crit, 'CRIT', 'invalid.illegal');
    const warn = await line('11/30/2013 23:14:02.119(Local)(2210 4.0) WARN (119877) ssl_read returned 0 bytes [open_ssl.cpp:1190]');
    assertScope(warn, 'WARN', 'level.warning');
    assertNoScope(warn, 'WARN', 'invalid');
    const info = await line('07/14/2013 08:02:51.004(Local) (4411 1.5) NTCE (4120) Adding Identity BranchSvcAcct to map active list in SRMain [SRMain.cpp:215]');
    assertScope(info, 'NTCE', 'level.info');
    assertScope(info, '4411', 'constant.numeric.pid');
  });

  test('connection tuple, addresses, ports, hex values, SPNs and quoted reasons', async () => {
    const t = await line('03/14/2013 09:02:41.092(Local)(7742 0.0) NTCE (92814) (fl=44) Core TCP connection initiated (11892640), Conn: [10.82.14.56:61204 <=> 10.80.2.31:29115], Flavor: 0 [CoreTcpConnectionDceRpcLayer.cpp:99]');
    assertScope(t, '10.82.14.56', 'constant.numeric.ip');
    assertScope(t, '61204', 'constant.numeric.port');
    assertScope(t, '<=>', 'keyword.operator.connection');
    assertScope(t, '10.80.2.31', 'meta.connection.tuple');
    assertScope(t, '29115', 'constant.numeric.port');
    const hex = await line('03/14/2013 09:02:11.312(Local)(9120 0.1) NTCE (312719) (fl=5517) OnNewConnection - Client IP 10.82.14.56 (0xa520e38), nDstPort=29115, nAssociationGroup=0x2b31c,conn_fd=30 [ConnectionReservationManager.cpp:255]');
    assertScope(hex, '0x2b31c', 'constant.numeric.hex');
    assertScope(hex, '0xa520e38', 'constant.numeric.hex');
    const spn = await line('02/17/2013 09:12:44.609(Local)(4471 0.1) ERRO (609870) session(0x517fa0) Failed to Retrieve Key from AD for SPN:exchangeMDB/mail.sicredi-test.com.br error:16 [SRKeyRetriever.cpp:267]');
    assertScope(spn, 'exchangeMDB/mail.sicredi-test.com.br', 'string.unquoted.spn');
    const quoted = await line("03/11/2013 14:24:30.118(Local)(5939 4.0) ERRO (118004) certificate verification failed 'self signed certificate' [open_ssl.cpp:1213]");
    assertScope(quoted, "'self signed certificate'", 'string.quoted.single');
    const apostrophe = await line("02/17/2013 08:15:02.685(Local)(4471 0.1) NTCE (685583) Send Key response to the Client for spn: exchangeMDB/mbx02.corp.northwind.local, # of req's : 1 [SRKeyMgr.cpp:296]");
    assertNoScope(apostrophe, "req's", 'string.quoted');
  });

  test('glued entries with wiki markers keep their scopes mid-line', async () => {
    const t = await line("'''10/08/2012 20:04:34.430(Local)(6120 4.0) ERRO (430001) certificate verification failed 'self signed certificate' [open_ssl.cpp:1213] '''10/08/2012 20:04:34.430(Local)(6120 4.0) WARN (430047) ssl_read failed: 'SSL_ERROR_SSL' [open_ssl.cpp:1217]");
    assertScope(t, "'''", 'comment.other.wiki-marker');
    const warn = t.find((x) => x.text === 'WARN');
    assert.ok(warn && has(warn.scopes, 'level.warning'), 'second glued entry has its level scope');
    const stamps = t.filter((x) => x.text === '10/08/2012 20:04:34.430');
    assert.equal(stamps.length, 2);
    for (const s of stamps) assert.ok(has(s.scopes, 'constant.numeric.timestamp'));
  });
});

describe('waas-log grammar: syslog', () => {
  test('WAAS syslog.txt line with error severity', async () => {
    const t = await line('2013 Mar 14 08:22:31 br-wae-07 mapi_ao: %WAAS-MAPIAO-3-132104: (1188213) Encrypted connection. Client ip: 192.168.40.17');
    assertScope(t, '2013 Mar 14 08:22:31', 'constant.numeric.timestamp');
    assertScope(t, 'br-wae-07', 'entity.name.tag.host');
    assertScope(t, 'mapi_ao', 'entity.name.function.process');
    assertScope(t, '%WAAS-MAPIAO-', 'keyword.other.message-id');
    assertExactScope(t, '3', 'invalid.illegal.level.error');
    assertScope(t, '192.168.40.17', 'constant.numeric.ip');
  });

  test('RFC 3164 prefix, warning and informational severities', async () => {
    const warn = await line('Feb 11 06:40:02 dc-wae-2 sysmon: %WAAS-SYSMON-4-445015: Fault detected: disk02 is nearly full.');
    assertScope(warn, 'Feb 11 06:40:02', 'constant.numeric.timestamp');
    assertExactScope(warn, '4', 'level.warning');
    const info = await line('<134>Sep  9 17:03:11 wae-core1 cms: %WAAS-CMS-6-700005: Management service started.');
    assertScope(info, '<134>', 'constant.numeric.priority');
    assertExactScope(info, '6', 'level.info');
    assertExactScope(info, '6', 'invalid', false);
  });
});

describe('waas-log grammar: TFO transaction log', () => {
  test('record fields', async () => {
    const t = await line('Thu Mar  7 09:03:18 2013 :4410 :10.72.3.55 :52114 :10.2.8.20 :6001 :OT :END :EXTERNAL CLIENT :(MAPI) :4758 :15914 :6436 :2006');
    assertScope(t, 'Thu Mar  7 09:03:18 2013', 'constant.numeric.timestamp');
    assertScope(t, '4410', 'variable.other.connection-id');
    assertScope(t, '10.72.3.55', 'constant.numeric.ip');
    assertScope(t, '52114', 'constant.numeric.port');
    assertScope(t, 'OT', 'entity.name.type.record');
    assertScope(t, 'END', 'keyword.other.event');
    assertScope(t, 'MAPI', 'entity.name.type.accelerator');
  });
});

describe('waas-log grammar: CLI captures', () => {
  test('prompts, modes and commands', async () => {
    const exec = await line('wae-br-07#show statistics connection optimized mapi');
    assertScope(exec, 'wae-br-07', 'entity.name.tag.prompt.host');
    assertScope(exec, '#', 'punctuation.definition.prompt');
    assertScope(exec, 'show', 'entity.name.function.command');
    const config = await line('wae-core7(config-ssl-peering)#no peer-cert-verify');
    assertScope(config, '(config-ssl-peering)', 'storage.modifier.prompt.mode');
    assertScope(config, 'no', 'entity.name.function.command');
  });

  test('check results, remediation lines and verdicts', async () => {
    const lines = await tokenize('waas-log', [
      'Verifying SSL Accelerator State',
      '-------------------------------',
      'Status: FAILED',
      '>>SSL Accelerator should be Enabled',
      'Status: OK',
      'Device has to be properly configured for one or more components',
      'Device has proper configuration to accelerate encrypted traffic',
      'Summary [CORE]: Applicable only on CORE WAEs',
    ].join('\n'));
    assertScope(lines[0]!, 'Verifying SSL Accelerator State', 'markup.heading.check');
    assertScope(lines[2]!, 'FAILED', 'invalid.illegal.status.failed');
    assertScope(lines[3]!, '>>', 'punctuation.definition.remediation');
    assertScope(lines[3]!, 'SSL Accelerator should be Enabled', 'markup.changed.remediation');
    assertScope(lines[4]!, 'OK', 'markup.inserted.status.ok');
    assertNoScope(lines[4]!, 'OK', 'invalid');
    assertScope(lines[5]!, 'Device has to be properly configured', 'invalid.illegal.verdict');
    assertScope(lines[6]!, 'Device has proper configuration', 'markup.inserted.verdict');
    assertScope(lines[7]!, 'Summary [CORE]:', 'markup.heading.role');
  });

  test('a glued capture: prompt, status and remediation mid-line', async () => {
    const t = await line('WAE-OSL2# accelerator mapi verify encryption-settings [EDGE:] Verifying SSL Accelerator State ------------------------------- Status: FAILED >>SSL Accelerator should be Enabled >>SSL Accelerator should be in Running state Verifying NTP State -------------------- Status: OK wae-dc-4(config)#no windows-domain encryption-service enable');
    assertScope(t, 'WAE-OSL2', 'entity.name.tag.prompt.host');
    assertScope(t, 'FAILED', 'invalid.illegal.status.failed');
    assertScope(t, 'SSL Accelerator should be in Running state', 'markup.changed.remediation');
    assertNoScope(t, 'Verifying NTP State', 'remediation');
    assertScope(t, 'wae-dc-4', 'entity.name.tag.prompt.host');
    assertScope(t, '(config)', 'storage.modifier.prompt.mode');
  });

  test('connection table: generic-AO and MAPI accelerator codes, peer id, ratio', async () => {
    const generic = await line('   523    10.61.4.40:51902        10.1.20.7:6004     00:1b:21:4c:9e:02  TGDL   12.4%');
    assertScope(generic, 'TGDL', 'accelerator.generic');
    assertScope(generic, '00:1b:21:4c:9e:02', 'constant.numeric.mac');
    assertScope(generic, '10.61.4.40', 'constant.numeric.ip');
    assertScope(generic, '51902', 'constant.numeric.port');
    assertScope(generic, '12.4%', 'constant.numeric.percent');
    const mapi = await line('342 10.56.94.101:4506 10.10.100.100:1456 0:1a:64:d3:2f:b8 TMDL 61.0%');
    assertScope(mapi, 'TMDL', 'accelerator.mapi');
    assertNoScope(mapi, 'TMDL', 'generic');
  });

  test('accelerator state table', async () => {
    const t = await line('mapi            No              Enabled         Shutdown');
    assertScope(t, 'Shutdown', 'markup.changed.state');
  });
});
