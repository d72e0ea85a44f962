import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { scopesOf, tokenize } from '../support/grammar';

const has = (scopes: string[], scope: string) => assert.ok(scopes.some((s) => s.startsWith(scope)), `${scope} not in ${JSON.stringify(scopes)}`);

const ua = 'Mozilla/4.0+(compatible;+MSIE+6.0;+Windows+NT+5.2)';
describe('iis-log grammar', () => {
  test('# directives are comments', async () => {
    const lines = await tokenize('iis-log', '#Software: Microsoft Internet Information Services 7.0\n#Fields: date time s-ip cs-method cs-uri-stem sc-status');
    has(scopesOf(lines[0]!, '#'), 'comment.line.number-sign.iis-log');
    has(scopesOf(lines[1]!, 'Fields'), 'keyword.other.directive.iis-log');
    has(scopesOf(lines[1]!, 'cs-method'), 'comment.line.number-sign.iis-log');
  });

  test('date, time, IPs, method, URL and query', async () => {
    const [line] = await tokenize('iis-log', `2023-11-27 14:06:00 10.0.4.21 POST /Microsoft-Server-ActiveSync/default.eas Cmd=FolderSync&User=CONTOSO%5Cpokafor&DeviceId=SEC1D2A7F0B99C84&DeviceType=SAMSUNG 443 - 203.0.113.9 SAMSUNG-SM-A536B/101.1200 - 200 0 0 418`);
    has(scopesOf(line!, '2023-11-27'), 'constant.numeric.date.iis-log');
    has(scopesOf(line!, '14:06:00'), 'constant.numeric.time.iis-log');
    has(scopesOf(line!, '10.0.4.21'), 'constant.numeric.ip.iis-log');
    has(scopesOf(line!, '203.0.113.9'), 'constant.numeric.ip.iis-log');
    has(scopesOf(line!, 'POST'), 'keyword.control.http-method.iis-log');
    has(scopesOf(line!, '/Microsoft-Server-ActiveSync'), 'string.unquoted.url.iis-log');
    has(scopesOf(line!, 'SEC1D2A7F0B99C84'), 'constant.other.query-value.iis-log');
    has(scopesOf(line!, 'DeviceId'), 'variable.parameter.query.iis-log');
    // the status token itself (the user agent also contains "1200")
    has(line!.find((t) => t.text === '200')!.scopes, 'constant.numeric.status.success.iis-log');
  });

  test('status codes by class, with substatus and win32 status', async () => {
    const lines = await tokenize('iis-log', [
      `2009-03-14 10:02:12 10.20.1.21 POST /DeviceManagement/EnrollmentService.asmx - 8446 - 10.20.1.21 ${ua} 401 1 2148074254 15`,
      `2009-03-14 10:04:02 10.20.1.21 POST /DeviceManagement/DMService.asmx - 8446 CORP\\svc-mdm 10.20.3.40 ${ua} 500 0 0 3012`,
      `2023-11-27 14:09:30 10.0.4.21 GET /owa/ - 443 - 192.0.2.140 Mozilla/5.0+(Windows+NT+10.0) https://portal.contoso.com/ 302 0 0 3`,
      `2009-11-09 02:40:00 W3SVC1 192.168.40.12 POST /EnrollmentServer/DeviceEnrollmentWebService.asmx - 8445 - 192.168.40.31 ${ua} 401 2 2148074254`,
    ].join('\r\n'));
    has(scopesOf(lines[0]!, '401'), 'invalid.deprecated.status.client-error.iis-log');
    assert.deepEqual(lines[0]!.filter((t) => t.scopes.some((s) => s.startsWith('constant.numeric.substatus'))).map((t) => t.text), ['1']);
    has(scopesOf(lines[0]!, '2148074254'), 'constant.numeric.win32-status.iis-log');
    has(scopesOf(lines[1]!, '500'), 'invalid.illegal.status.server-error.iis-log');
    has(scopesOf(lines[2]!, '302'), 'constant.numeric.status.redirect.iis-log');
    has(scopesOf(lines[3]!, '401'), 'invalid.deprecated.status.client-error.iis-log');
    has(scopesOf(lines[3]!, '2148074254'), 'constant.numeric.win32-status.iis-log');
  });
});
