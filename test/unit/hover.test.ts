import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../server/src/service/analyze';
import { doHover } from '../../server/src/service/features/hover';
import { builtInKnowledgeBase } from '../../server/src/knowledge/knowledgeBase';

function hoverAt(text: string, line: number, character = 2, uri = 'file:///logs/sample.log'): string {
  const parsed = analyzeText(text, { uri, referenceYear: 2013 });
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
    for (const title of first.match(/^### .*$/gm) ?? []) assert.ok(body.includes(title), `${title} missing on a body line`);
    assert.match(body, /### IAG authentication request/);
    assert.match(body, /How to fix/);
  });
});
