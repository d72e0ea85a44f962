import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeLog, analyzeText } from '../../server/src/service/analyze';
import { doHover } from '../../server/src/service/features/hover';
import { builtInKnowledgeBase } from '../../server/src/knowledge/knowledgeBase';

const FAILING_PING =
  '2011-10-03 14:22:51 192.168.0.1 POST /Microsoft-Server-ActiveSync/default.eas User=kcho&DeviceId=ApplDLXQ81ZKF4JV&DeviceType=iPhone&Cmd=Ping&Log=PrxTo:cas2.contoso.com_LdapC3_Error:AirSyncPermanentException%3a+_Mbx:mbx.contoso.com_ 443 CONTOSO\\kcho 192.168.0.11 Apple-iPhone3C1/902.206 500 0 0 631180';

describe('Exchange ActiveSync in IIS lines without a #Fields header', () => {
  test("the Log= error token is a field of the line and the 500's hover names it", () => {
    const parsed = analyzeLog(FAILING_PING, { uri: 'file:///logs/u_ex111003.log' });
    assert.equal(parsed.formatId, 'iis-w3c');
    assert.equal(parsed.entry(0).fields.easError!.value, 'AirSyncPermanentException');
    assert.deepEqual(parsed.findings.map((f) => f.rule), ['iis.eas.server-error']);
    const hover = doHover(parsed, 0, 5, builtInKnowledgeBase());
    const text = (hover!.contents as { value: string }).value;
    assert.match(text, /easError: AirSyncPermanentException/);
    assert.match(parsed.findings[0]!.message, /Ping from iPhone ApplDLXQ81ZKF4JV \(kcho\) failed with HTTP 500/);
  });

  test('a 449 followed by a successful Provision is the normal provisioning dance, one that never completes is a warning', () => {
    const folderSync = '2014-05-06 08:00:01 10.0.0.5 POST /Microsoft-Server-ActiveSync/default.eas User=bvance&DeviceId=WP8AF07C2D19E3&DeviceType=WP8&Cmd=FolderSync 443 CONTOSO\\bvance 100.64.2.9 MSFT-WP/8.0.10512 449 0 0 15';
    const provision = (status: number) => `2014-05-06 08:00:02 10.0.0.5 POST /Microsoft-Server-ActiveSync/default.eas User=bvance&DeviceId=WP8AF07C2D19E3&DeviceType=WP8&Cmd=Provision 443 CONTOSO\\bvance 100.64.2.9 MSFT-WP/8.0.10512 ${status} 0 0 31`;
    const ok = analyzeText([folderSync, provision(200)].join('\n'), { uri: 'file:///logs/u_ex140506.log' });
    assert.deepEqual(ok.findings, []);
    const stuck = analyzeText([folderSync, provision(403)].join('\n'), { uri: 'file:///logs/u_ex140506.log' });
    assert.deepEqual(stuck.findings.map((f) => `${f.line}:${f.rule}:${f.severity}`), ['0:iis.eas.provisioning-required:warning', '1:iis.http.forbidden:warning']);
  });
});
