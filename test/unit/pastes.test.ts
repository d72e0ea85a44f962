import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isPasteFrame, PASTE_PATTERN_SOURCES, withPasteLead } from '../../server/src/formats/pasteText';
import { checkRegexSafety } from '../../server/src/util/regexSafety';
import { analyzeText } from '../../server/src/service/analyze';
import type { ParsedLog } from '../../server/src/model/log';

function formatsOf(parsed: ParsedLog): string[] {
  return parsed.entries.map((e) => e.formatId);
}

/** Start lines (0-based) of the entries, and their end lines when the entry spans several. */
function spans(parsed: ParsedLog): string[] {
  return parsed.entries.map((e) => (e.endLine > e.startLine ? `${e.startLine}-${e.endLine}` : `${e.startLine}`));
}

describe('pasted log text', () => {
  test('quote markers do not hide a pluto entry; fields keep their document columns', () => {
    const lines = [
      'On Tue, Jan 22, 2019 at 09:30, Dana wrote:',
      '> Jan 22 09:14:51 gw pluto[1408]: "roadwarrior" #1: initiating Main Mode',
      '> Jan 22 09:14:52 gw pluto[1408]: "roadwarrior" #1: STATE_MAIN_I1: retransmission; will wait 1s for response',
      '> > Jan 22 09:15:52 gw pluto[1408]: "roadwarrior" #1: max number of retransmissions (8) reached STATE_MAIN_I1.  No response (or no acceptable response) to our first IKEv1 message',
    ];
    const parsed = analyzeText(lines.join('\n'));
    assert.equal(parsed.family, 'pluto');
    assert.deepEqual(spans(parsed), ['1', '2', '3']);
    const first = parsed.entries[0]!;
    assert.equal(first.fields.conn!.value, 'roadwarrior');
    assert.equal(lines[1]!.slice(first.fields.conn!.start, first.fields.conn!.end), 'roadwarrior');
    assert.equal(first.fields.timestamp!.start, 2);
    const last = parsed.entries[2]!;
    assert.equal(lines[3]!.slice(last.messageSpan.start, last.messageSpan.start + 8), 'max numb');
    assert.ok(parsed.findings.some((f) => f.line === 3 && f.severity === 'error'), 'the no-response line is still diagnosed');
  });

  test('a markdown fence with an indented block, CRLF line ends', () => {
    const text = [
      'Here is what charon says:',
      '',
      '```',
      '    Mar  3 17:40:12 vpn-edge charon: 09[IKE] initiating IKE_SA home[3] to 203.0.113.54',
      '    Mar  3 17:40:12 vpn-edge charon: 09[ENC] generating IKE_SA_INIT request 0 [ SA KE No N(NATD_S_IP) N(NATD_D_IP) ]',
      '    Mar  3 17:40:16 vpn-edge charon: 11[IKE] retransmit 1 of request with message ID 0',
      '```',
      'Any idea?',
    ].join('\r\n');
    const parsed = analyzeText(text);
    assert.equal(parsed.family, 'pluto');
    assert.deepEqual(formatsOf(parsed), ['strongswan', 'strongswan', 'strongswan']);
    assert.equal(parsed.entries[0]!.fields.conn?.value, 'home');
    assert.equal(parsed.entries[0]!.fields.timestamp!.start, 4);
  });

  test('BBCode tags around and inside the lines', () => {
    const lines = [
      '[quote="mkoenig"][code]Oct 12 22:03:17 fw01 pluto[2211]: "site-b" #12: STATE_MAIN_I2: sent MI2, expecting MR2',
      'Oct 12 22:03:18 fw01 pluto[2211]: "site-b" #12: ignoring informational payload INVALID_ID_INFORMATION, msgid=00000000, length=12[/code][/quote]',
    ];
    const parsed = analyzeText(lines.join('\n'));
    assert.equal(parsed.family, 'pluto');
    assert.deepEqual(spans(parsed), ['0', '1']);
    const entry = parsed.entries[1]!;
    assert.equal(entry.fields.conn!.value, 'site-b');
    assert.equal(lines[1]!.slice(entry.fields.conn!.start, entry.fields.conn!.end), 'site-b');
    assert.equal(entry.fields.serial!.value, '12');
    assert.match(entry.message, /length=12$/, 'the closing tags are not part of the message');
    assert.equal(parsed.entries[0]!.fields.timestamp!.start, lines[0]!.indexOf('Oct 12'));
  });

  test('shell prompts and the commands typed stay out of the entries', () => {
    const text = [
      'root@gw-ost:~# ipsec auto --up office',
      '104 "office" #5: STATE_MAIN_I1: initiate',
      '003 "office" #5: received Vendor ID payload [Dead Peer Detection]',
      '010 "office" #5: STATE_MAIN_I1: retransmission; will wait 20s for response',
      '[admin@gw-ost ~]$ sudo journalctl -u strongswan --since today',
      '-- Logs begin at Mon 2021-02-01 08:00:01 CET, end at Mon 2021-02-01 10:12:44 CET. --',
      'Feb 01 10:12:40 gw-ost charon[977]: 06[IKE] received AUTHENTICATION_FAILED notify error',
      '$ ipsec status',
    ].join('\n');
    const parsed = analyzeText(text);
    assert.equal(parsed.family, 'pluto');
    assert.deepEqual(spans(parsed), ['1', '2', '3', '6']);
    assert.ok(!parsed.findings.some((f) => f.line === 0 || f.line === 4 || f.line === 7));
  });

  test('tail -f headers of several files, and several daemons in one syslog', () => {
    const text = [
      '==> /var/log/secure <==',
      'Jan 22 09:14:51 gw pluto[1408]: "l2tp-psk"[3] 198.51.100.77 #9: responding to Main Mode from unknown peer 198.51.100.77:500',
      'Jan 22 09:14:51 gw kernel: [1234.5678] device eth0 entered promiscuous mode',
      'Jan 22 09:14:52 gw charon: 13[IKE] 198.51.100.78 is initiating a Main Mode IKE_SA',
      '',
      '==> /var/log/messages <==',
      'Jan 22 09:14:53 gw pluto[1408]: "l2tp-psk"[3] 198.51.100.77 #9: STATE_MAIN_R1: sent MR1, expecting MI2',
    ].join('\n');
    const parsed = analyzeText(text, { fileName: '/tmp/tail.txt' });
    assert.equal(parsed.family, 'pluto');
    assert.deepEqual(spans(parsed), ['1', '3', '6']);
    assert.deepEqual(formatsOf(parsed), ['pluto', 'strongswan', 'pluto']);
  });

  test('a multi-line entry ends at a fence or a prompt, not at the next entry', () => {
    const text = [
      '```',
      '** 25.07.08 10:05:52.257 USERMGR_SERVICE:GENERAL T5900',
      'AuthenticateUser got [CAuthenticateUserIn:',
      'm_user = [jlarsen]',
      ']',
      '```',
      'C:\\Whale-Com\\e-Gap\\logs> type easportal.usermgrcom.log',
      '** 25.07.08 10:05:53.004 USERMGR_SERVICE:GENERAL T5900',
      'Connect success',
    ].join('\n');
    const parsed = analyzeText(text);
    assert.equal(parsed.family, 'iag');
    assert.deepEqual(spans(parsed), ['1-4', '7-8']);
  });

  test('a quoted multi-line entry keeps its body', () => {
    const text = [
      '> ** 25.07.08 10:05:52.257 USERMGR_SERVICE:GENERAL T5900',
      '> AuthenticateUser got [CAuthenticateUserIn:',
      '> m_user = [okafor]',
      '> ]',
    ].join('\r\n');
    const parsed = analyzeText(text);
    assert.equal(parsed.family, 'iag');
    assert.deepEqual(spans(parsed), ['0-3']);
    assert.equal(parsed.entries[0]!.fields.user?.value, 'okafor');
  });

  test('a quoted Windows event keeps its indented fields in one entry', () => {
    const text = [
      '> Event[0]',
      '>   Log Name: Application',
      '>   Source: MSExchange ActiveSync',
      '>   Date: 2023-11-27T09:41:22.0000000Z',
      '>   Event ID: 1053',
      '>   Level: Warning',
      '>   Description: ',
      '> Exchange ActiveSync doesn\'t have sufficient permissions to create the container under Active Directory user.',
    ].join('\r\n');
    const parsed = analyzeText(text);
    assert.equal(parsed.family, 'winevent');
    assert.deepEqual(spans(parsed), ['0-7']);
    assert.equal(parsed.entries[0]!.level, 'warning');
  });

  test('two formats in one file make two sections', () => {
    const text = [
      'Jan 22 09:14:51 gw pluto[1408]: "x" #1: initiating Main Mode',
      'Jan 22 09:14:52 gw pluto[1408]: "x" #1: STATE_MAIN_I1: sent MI1, expecting MR1',
      'On the WAE, at the same time',
      '10/23/2012 17:56:23.369(Local)(8311 0.0) NTCE (369128) (fl=2433) ConnectRequestCommon (CallId 2) [EdgeTcpConnectionEmsMdbLayer.cpp:1522]',
      '10/23/2012 17:56:23.868(Local)(8311 0.1) ERRO (868390) (fl=2433) ContextHandle.IsNull() [EdgeTcpConnectionEmsMdbLayer.cpp:1612]',
      '10/23/2012 17:56:23.901(Local)(8311 0.1) NTCE (901002) (fl=2433) Disconnect (CallId 2) [EdgeTcpConnectionEmsMdbLayer.cpp:1630]',
    ].join('\n');
    const parsed = analyzeText(text);
    assert.deepEqual(parsed.sections.map((s) => [s.formatId, s.startLine, s.endLine]), [['pluto', 0, 1], ['waas-errorlog', 3, 5]]);
    assert.equal(parsed.family, 'waas');
  });
});

describe('paste marks', () => {
  test('the paste lead goes before anchored patterns only', () => {
    assert.equal(withPasteLead('pluto\\[\\d{1,7}\\]', false), 'pluto\\[\\d{1,7}\\]');
    const lead = new RegExp(withPasteLead('^(?<ts>\\d{2}:\\d{2}) x$', false));
    for (const line of ['10:01 x', '> 10:01 x', '> > 10:01 x', '    10:01 x', '\t10:01 x', '[quote="a b"]10:01 x']) assert.equal(lead.exec(line)?.groups?.ts, '10:01', line);
    const multiline = new RegExp(withPasteLead('^Log Name: (?<n>\\w{1,20})$', true));
    assert.equal(multiline.exec('> Log Name: System')?.groups?.n, 'System');
    assert.equal(multiline.exec('>   Log Name: System'), null, 'a quoted body line keeps its indentation');
    assert.equal(multiline.exec('    Log Name: System'), null, 'indentation is the log\'s own in multi-line formats');
  });

  test('frames: fences, lone tags, tail headers, journal banners, prompts', () => {
    for (const frame of ['```', '~~~text', '  ```log', '[code]', '[/quote]', '==> /var/log/auth.log <==', '-- Reboot --', 'root@vpn1:/etc/ipsec.d# ipsec status', '[root@gw ~]# tail -f /var/log/secure', '$ sudo ipsec up home', '# ipsec auto --up x', 'PS C:\\Users\\admin> Get-WinEvent -LogName Application', 'C:\\inetpub\\logs> findstr 503 u_ex231127.log']) {
      assert.ok(isPasteFrame(frame), frame);
    }
    for (const body of ['m_user = [administrator]', '    Frame 23: 1514 bytes on wire', 'Description:', '#Fields: date time s-ip cs-method', 'The tunnel is established here', '000 "x": policy: PSK+ENCRYPT']) {
      assert.ok(!isPasteFrame(body), body);
    }
  });

  test('every pattern passes the backtracking check', () => {
    for (const source of PASTE_PATTERN_SOURCES) assert.ok(checkRegexSafety(source).ok, `${source}: ${checkRegexSafety(source).reason}`);
  });
});
