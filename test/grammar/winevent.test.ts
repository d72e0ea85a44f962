import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { scopesOf, tokenize } from '../support/grammar';

const has = (scopes: string[], scope: string) => assert.ok(scopes.some((s) => s.startsWith(scope)), `${scope} not in ${JSON.stringify(scopes)}`);

describe('winevent-log grammar', () => {
  test('details copy: field labels, level values, event id, date', async () => {
    const lines = await tokenize('winevent-log', [
      'Log Name:      Mobile Device Manager',
      'Source:        Device Manager',
      'Date:          3/14/2009 10:02:51 AM',
      'Event ID:      1003',
      'Level:         Error',
      'Level:         Warning',
      'Level:         Information',
      'Computer:      MDMDM02.corp.fabrikam.com',
      'Description:',
    ].join('\r\n'));
    has(scopesOf(lines[0]!, 'Log Name'), 'keyword.other.field-label.winevent-log');
    has(scopesOf(lines[0]!, 'Mobile Device Manager'), 'string.unquoted.field-value.winevent-log');
    has(scopesOf(lines[1]!, 'Source'), 'keyword.other.field-label.winevent-log');
    has(scopesOf(lines[2]!, '3/14/2009'), 'constant.numeric.date.winevent-log');
    has(scopesOf(lines[3]!, '1003'), 'constant.numeric.event-id.winevent-log');
    has(scopesOf(lines[4]!, 'Error'), 'invalid.illegal.level.error.winevent-log');
    has(scopesOf(lines[5]!, 'Warning'), 'invalid.deprecated.level.warning.winevent-log');
    has(scopesOf(lines[6]!, 'Information'), 'entity.name.type.level.info.winevent-log');
    has(scopesOf(lines[7]!, 'MDMDM02'), 'string.unquoted.field-value.winevent-log');
    has(scopesOf(lines[8]!, 'Description'), 'keyword.other.field-label.winevent-log');
  });

  test('HTTP 401.1 - Unauthorized: Logon Failed stands out in descriptions', async () => {
    const lines = await tokenize('winevent-log', 'The remote server returned an error: HTTP 401.1 - Unauthorized: Logon Failed.\nError\t6/1/2010 6:15:02 PM\tDevice Manager\t1003\tNone\tHTTP 401.1 - Unauthorized: Logon Failed');
    has(scopesOf(lines[0]!, 'HTTP 401.1'), 'invalid.illegal.http-status.winevent-log');
    has(scopesOf(lines[1]!, 'HTTP 401.1'), 'invalid.illegal.http-status.winevent-log');
  });

  test('tab-delimited and CSV rows', async () => {
    const lines = await tokenize('winevent-log', [
      'Level\tDate and Time\tSource\tEvent ID\tTask Category',
      'Error\t6/2/2010 4:32:10 PM\tDevice Manager\t1003\tNone\tThe Device Management Server cannot communicate with the Enrollment Server.',
      'Information,4/22/2010 6:10:44 AM,Device Manager,1004,None,"The Device Management Server successfully communicated."',
      'Warning\t4/22/2010 7:01:12 AM\tW3SVC\t1009\tNone\tA process serving application pool terminated unexpectedly.',
    ].join('\n'));
    has(scopesOf(lines[0]!, 'Level'), 'markup.heading.columns.winevent-log');
    has(scopesOf(lines[1]!, 'Error'), 'invalid.illegal.level.error.winevent-log');
    has(scopesOf(lines[1]!, '6/2/2010'), 'constant.numeric.date.winevent-log');
    has(scopesOf(lines[1]!, 'Device Manager'), 'entity.name.type.source.winevent-log');
    has(scopesOf(lines[1]!, '1003'), 'constant.numeric.event-id.winevent-log');
    has(scopesOf(lines[2]!, 'Information'), 'entity.name.type.level.info.winevent-log');
    has(scopesOf(lines[2]!, '1004'), 'constant.numeric.event-id.winevent-log');
    has(scopesOf(lines[3]!, 'Warning'), 'invalid.deprecated.level.warning.winevent-log');
  });

  test('Windows Server 2003 "Event Type" blocks', async () => {
    const lines = await tokenize('winevent-log', 'Event Type:\tError\nEvent Source:\tDevice Manager\nEvent ID:\t1003\nTime:\t\t7:51:02 PM');
    has(scopesOf(lines[0]!, 'Event Type'), 'keyword.other.field-label.winevent-log');
    has(scopesOf(lines[0]!, 'Error'), 'invalid.illegal.level.error.winevent-log');
    has(scopesOf(lines[1]!, 'Event Source'), 'keyword.other.field-label.winevent-log');
    has(scopesOf(lines[2]!, '1003'), 'constant.numeric.event-id.winevent-log');
    has(scopesOf(lines[3]!, '7:51:02'), 'constant.numeric.date.winevent-log');
  });
});
