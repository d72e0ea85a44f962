import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeLog, analyzeText } from '../../server/src/service/analyze';
import { doHover } from '../../server/src/service/features/hover';
import { builtInKnowledgeBase } from '../../server/src/knowledge/knowledgeBase';

function hoverAt(text: string, line: number, character = 2, uri = 'file:///logs/sample.log'): string {
  const parsed = analyzeLog(text, { uri, referenceYear: 2013 });
  const hover = doHover(parsed, line, character, builtInKnowledgeBase());
  assert.ok(hover, `no hover at ${line}:${character}`);
  return (hover.contents as { value: string }).value;
}

describe('hovers', () => {
  test('a WAAS key-permission error explains the AD rights, with numbered steps, the diagnostic command and the flow', () => {
    const text = [
      '04/11/2013 16:20:31.101(Local)(5120 0.1) ERRO (101001) session(0x61a3f0) Failed to Retrieve Key from AD for SPN:exchangeMDB/mbx07.emea.contoso.net error:16 [SRKeyRetriever.cpp:267]',
      '04/11/2013 16:20:31.102(Local)(5120 0.1) ERRO (101044) Key retrieval failed due to permission issue [SRKeyMgr.cpp:167]',
    ].join('\n');
    const value = hoverAt(text, 1);
    assert.match(value, /^### /);
    assert.match(value, /`waas\.sr\.key-permission`/);
    assert.match(value, /\*\*How to fix\*\*\n\n1\. /);
    assert.match(value, /Replicating Directory Changes/);
    assert.match(value, /windows-domain diagnostics encryption-service get-key/);
    assert.match(value, /\*\*Why:\*\*/);
  });

  test('a pluto time-out in Main Mode names the state, the peer-facing tools and the flow with its outcome', () => {
    const text = [
      'Jul  2 08:14:03 fw-lyon pluto[3310]: "to-paris" #18: initiating Main Mode',
      'Jul  2 08:14:03 fw-lyon pluto[3310]: "to-paris" #18: transition from state (null) to state STATE_MAIN_I1',
      'Jul  2 08:15:03 fw-lyon pluto[3310]: "to-paris" #18: max number of retransmissions (2) reached STATE_MAIN_I1.  No response (or no acceptable response) to our first IKE message',
    ].join('\n');
    const value = hoverAt(text, 2, 40, 'file:///logs/messages');
    assert.match(value, /`pluto\.ikev1\.main-no-response`/);
    assert.match(value, /STATE\\_MAIN\\_I1/);
    assert.match(value, /\*\*Tools:\*\* .*`ping -c 4 <peer>`/);
    assert.match(value, /\*\*Flow\*\* \\"to\\-paris\\" \\#18 · 3 entries · 1 error · 1 min 0 s · failed/);
    assert.match(value, /\[first entry, line 1\]\(file:\/\/\/logs\/messages#L1\)/);
  });

  test('an error line without a signature says so and shows its flow', () => {
    const text = '06/01/2013 11:02:03.004(Local)(4100 0.1) ERRO (4) (fl=612) Unexpected ROP buffer size 0 [RopParser.cpp:91]';
    const value = hoverAt(text, 0);
    assert.match(value, /No known cause/);
    assert.match(value, /\*\*Flow\*\* fl\\=612 · 1 entry/);
    assert.doesNotMatch(value, /How to fix/);
  });

  test('a multi-line IAG entry explains its finding from any of its lines', () => {
    const text = [
      '** 19.05.09 07:45:10.331 USERMGR_SERVICE:GENERAL T2208',
      'AuthenticateUser got [CAuthenticateUserIn:',
      'm_repository = [AD]',
      'm_user = [mwagner]',
      'm_domain = [tailspin]',
      'm_site_name = [mobilesync]',
      'm_session_id = [5D1E7C20-93A4-4B77-A1F0-6C2E9B8D4A11]',
      'm_source_ip = [192.168.44.90]',
      ']',
      '* at line 334, file "src/UserMgrCore.cpp".',
    ].join('\r\n');
    const first = hoverAt(text, 0);
    const body = hoverAt(text, 6);
    assert.equal(body, first, 'every line of the entry shows the same hover');
    // One hover per entry: the error (the logon never succeeded) in full, the request itself one line.
    assert.deepEqual(body.match(/^### .*$/gm), ['### IAG authentication never succeeded']);
    assert.match(body, /\*\*Also on this entry\*\*\n\n(?:- .*\n)*- Info · `iag\.auth\.request` · IAG authentication request/);
    assert.match(body, /How to fix/);
  });
});

describe('hovers name the cause the line shows, with its own values', () => {
  const gateway = [
    '** 14.03.09 08:42:03.118 USERMGR_SERVICE:GENERAL T5900',
    'AuthenticateUser got [CAuthenticateUserIn:',
    'm_repository = [CORP-AD]',
    'm_user = [mlopez]',
    'm_domain = [fabrikam]',
    'm_site_name = [easportal]',
    'm_session_id = [C03D91E5-6A2F-4B70-8E19-D24F0A7735BC]',
    'm_source_ip = [172.20.16.203]',
    ']',
    '* at line 334, file "src/UserMgrCore.cpp".',
    '** 14.03.09 08:42:03.126 USERMGR_SERVICE:GENERAL T5900',
    'Authenticate the user [mlopez] domain [fabrikam] in the ldap server [10.40.2.12] port [389] dn [CN=Users,DC=fabrikam,DC=local] type [Active Directory]',
    '* at line 320, file "src/Ldap.cpp".',
    '** 14.03.09 08:42:05.135 USERMGR_SERVICE:ERROR T5900',
    'Connect failed: ldap_bind_s returned [81] Server Down for user [mlopez] domain [fabrikam] ldap server [10.40.2.12] port [389]',
    '* at line 2244, file "src/Ldap.cpp".',
  ].join('\r\n');

  test('IAG "ldap_bind_s returned [81] Server Down" is named as an unreachable LDAP server, with its server, port and domain', () => {
    const value = hoverAt(gateway, 14);
    assert.deepEqual(value.match(/^### .*$/gm), ['### LDAP server unreachable']);
    assert.match(value, /portqry -n 10\.40\.2\.12 -e 389/);
    assert.match(value, /nltest \/dsgetdc:fabrikam/);
    assert.doesNotMatch(value, /10\.12\.0\.5|mlopez \/domain/, 'no example values, no password fix for an unreachable server');
    // The session never succeeded, and it ended on this error: that is said once, by this error.
    assert.doesNotMatch(value, /iag\.auth\.no-success/);
  });

  test('an entry with two findings explains the more severe in full and lists the other on one line', () => {
    const text = [
      '002 "branch-9" #4: initiating Main Mode',
      '104 "branch-9" #4: STATE_MAIN_I1: initiate',
      '031 "branch-9" #4: max number of retransmissions (2) reached STATE_MAIN_I1.  No response (or no acceptable response) to our first IKE message',
      '000 "branch-9" #4: starting keying attempt 3 of an unlimited number, but releasing whack',
    ].join('\n');
    const value = hoverAt(text, 3, 20);
    assert.deepEqual(value.match(/^### .*$/gm), ['### Phase 1 never established']);
    assert.match(value, /\n- Warning · `libreswan\.keying-attempt-retry` · /);
  });

  test('a WAAS "Failed to Retrieve Key ... error:16" alone gives the replication-rights fix for its own server and domain', () => {
    const value = hoverAt('04/11/2013 16:20:31.101(Local)(5120 0.1) ERRO (101001) session(0x61a3f0) Failed to Retrieve Key from AD for SPN:exchangeMDB/mbx07.emea.contoso.net error:16 [SRKeyRetriever.cpp:267]', 0);
    assert.match(value, /`waas\.sr\.key-permission`/);
    assert.match(value, /Replicating Directory Changes All/);
    assert.match(value, /get-key mbx07\.emea\.contoso\.net emea\.contoso\.net/);
  });

  test('a lone "Clock skew too great" with no key failure after it keeps its level error', () => {
    const text = '05/21/2013 03:14:27.511(Local)(2207 1.6) ERRO (511177) GSS_MINOR ERROR:2529624064 msg_cnt:0, Clock skew too great [GssCli.cpp:29]';
    const parsed = analyzeText(text, { uri: 'file:///wae/sr-errorlog.current', referenceYear: 2013 });
    assert.deepEqual(parsed.findings.map((f) => f.rule), ['level.error']);
  });

  test('a phase 1 that never got a state says so without a placeholder', () => {
    // The log goes on for minutes after it (a negotiation that starts at the log's very end is still pending).
    const text = ['Nov 27 21:49:47 ipcop pluto[585]: "abc" #730: initiating Main Mode', 'Nov 27 21:53:02 ipcop pluto[585]: "def" #731: STATE_MAIN_I4: ISAKMP SA established'].join('\n');
    const parsed = analyzeText(text, { uri: 'file:///logs/messages', referenceYear: 2013 });
    const absence = parsed.findings.find((f) => f.rule === 'pluto.ikev1.phase1-not-established');
    assert.ok(absence, JSON.stringify(parsed.findings.map((f) => f.rule)));
    assert.doesNotMatch(absence.message, /[{}<]/);
    assert.match(hoverAt(text, 0, 40, 'file:///logs/messages'), /never reached \\"ISAKMP SA established\\"\\\./);
  });
});

describe('repeats of one finding in one flow', () => {
  const lines = ['Jul  2 08:14:03 fw-lyon pluto[3310]: "to-paris" #18: initiating Main Mode'];
  for (let i = 0; i < 6; i++) lines.push(`Jul  2 08:14:${String(13 + i * 10).padStart(2, '0')} fw-lyon pluto[3310]: "to-paris" #18: STATE_MAIN_I1: retransmission; will wait ${20 * 2 ** i} seconds for response`);
  const text = lines.join('\n');

  test('six retransmissions of one negotiation are one finding with the count and the first and last line', () => {
    const parsed = analyzeText(text, { uri: 'file:///logs/messages', referenceYear: 2013 });
    const retransmissions = parsed.findings.filter((f) => f.rule === 'pluto.retransmission');
    assert.equal(retransmissions.length, 1, JSON.stringify(parsed.findings.map((f) => [f.line, f.rule])));
    assert.equal(retransmissions[0]!.line, 1);
    assert.match(retransmissions[0]!.message, /\(6 times, lines 2-7\)$/);
  });

  test('a hover on any repeat shows the finding with its count', () => {
    const value = hoverAt(text, 4, 40, 'file:///logs/messages');
    assert.match(value, /`pluto\.retransmission`/);
    assert.match(value, /\*\*Repeated\*\* 6 times in this flow, lines 2-7/);
  });
});
