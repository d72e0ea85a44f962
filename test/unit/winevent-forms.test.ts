import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../server/src/service/analyze';
import type { ParsedLog } from '../../server/src/model/log';

function analyze(text: string, fileName = 'pasted.txt'): ParsedLog {
  return analyzeText(text, { fileName, uri: `file:///winevent/${fileName}` });
}

describe('Windows event text forms seen in real pastes', () => {
  test('an Error event no signature knows is reported with its source, event id and description', () => {
    const parsed = analyze(
      [
        'Log Name:      Application',
        'Source:        Contoso Backup Agent',
        'Date:          2/11/2022 3:14:09 AM',
        'Event ID:      7342',
        'Task Category: None',
        'Level:         Error',
        'Keywords:      Classic',
        'User:          N/A',
        'Computer:      FS02.contoso.local',
        'Description:',
        'The nightly job for volume E: could not open a VSS snapshot (0x8004230f).',
      ].join('\r\n'),
    );
    assert.equal(parsed.formatId, 'winevent-details');
    const finding = parsed.findings.find((f) => f.rule === 'level.error');
    assert.ok(finding, 'an exported Error event always gets a finding');
    assert.equal(finding.line, 5, 'marked on its Level: line');
    assert.equal(finding.message, 'Error: Contoso Backup Agent event 7342: The nightly job for volume E: could not open a VSS snapshot (0x8004230f).');
  });

  test('a Markdown paste (two trailing spaces on every line) keeps its level and fields', () => {
    const parsed = analyze(['Log Name: System  ', 'Source: Contoso Sync Service  ', 'Date: 17.03.2021 06:40:12  ', 'Event ID: 2001  ', 'Level: Error  ', 'Computer: EXMBX3  ', 'Description:  ', 'The sync worker stopped after 3 failed attempts.  '].join('\n'));
    const entry = parsed.entries[0]!;
    assert.equal(entry.level, 'error');
    assert.equal(entry.fields.source!.value, 'Contoso Sync Service');
    assert.equal(entry.fields.computer!.value, 'EXMBX3');
    assert.match(parsed.findings[0]!.message, /^Error: Contoso Sync Service event 2001: The sync worker stopped after 3 failed attempts\.\s*$/);
  });

  test('wevtutil /f:text: one entry per Event[n] with its indented fields; N/A levels stay info', () => {
    const parsed = analyze(
      [
        'Event[0]',
        '  Log Name: Application',
        '  Source: MSExchange ADAccess',
        '  Date: 2024-05-02T08:11:45.2020000Z',
        '  Event ID: 2114',
        '  Task: N/A',
        '  Level: Error',
        '  Computer: EX16-A.corp.example',
        '  Description: ',
        'Process MSExchangeADTopologyService.exe (PID=3312). Topology discovery failed, error 0x80040952 (LDAP_LOCAL_ERROR).',
        'Event[1]',
        '  Log Name: Application',
        '  Source: MSExchange ADAccess',
        '  Event ID: 2080',
        '  Level: N/A',
        '  Description: ',
        'N/A',
      ].join('\n'),
    );
    assert.equal(parsed.formatId, 'winevent-details');
    assert.deepEqual(parsed.entries.map((e) => [e.startLine, e.level, e.fields.eventId?.value]), [[0, 'error', '2114'], [10, 'info', '2080']]);
    assert.equal(parsed.entries[0]!.fields.logName!.value, 'Application');
    assert.ok(parsed.findings.every((f) => f.line === 0), 'the N/A event is not a failure');
  });

  test('the short form of Microsoft articles (Log name / ID / Message) is one event', () => {
    const parsed = analyze(['Log name: Application', 'ID: 1309', 'Level: Warning', 'Source: ASP.NET 4.0.30319.0', 'Message: Event code: 3005', 'Event message: An unhandled exception has occurred.', 'Event ID: 5e1f0a4c2b3d4e5f8a9b0c1d2e3f4a5b'].join('\n'));
    assert.equal(parsed.entries.length, 1);
    assert.equal(parsed.entries[0]!.fields.eventId!.value, '1309', 'the GUID "Event ID" of the ASP.NET text is not the event id');
    assert.equal(parsed.entries[0]!.level, 'warning');
  });
});

describe('Windows events printed by PowerShell', () => {
  test('Get-WinEvent | Format-List without a level still names the known event from ProviderName and Id', () => {
    const parsed = analyze(
      [
        'PS C:\\> Get-WinEvent -LogName Application -MaxEvents 2 | Format-List',
        '',
        'TimeCreated  : 3/14/2023 2:41:07 AM',
        'ProviderName : MSExchange ActiveSync',
        'Id           : 1040',
        'Message      : The average of the most recent [388] heartbeat intervals used by clients is less than or equal to [540].',
        '',
        'TimeCreated  : 3/14/2023 2:40:12 AM',
        'ProviderName : MSExchange ActiveSync',
        'Id           : 1005',
        'Message      : Exchange ActiveSync started.',
      ].join('\n'),
    );
    assert.equal(parsed.formatId, 'winevent-powershell');
    assert.deepEqual(parsed.entries.map((e) => [e.startLine, e.fields.eventId?.value]), [[2, '1040'], [7, '1005']]);
    assert.deepEqual(parsed.findings.map((f) => `${f.line}:${f.rule}`), ['2:winevent.exchange.activesync-heartbeat-too-short']);
  });

  test('Get-WinEvent table rows take their level from LevelDisplayName', () => {
    const parsed = analyze(
      [
        '   ProviderName: Microsoft-Windows-WAS',
        '',
        'TimeCreated                     Id LevelDisplayName Message',
        '-----------                     -- ---------------- -------',
        "8/17/2021 4:02:19 PM          5011 Warning          A process serving application pool 'MSExchangeOWAAppPool' suffered a fatal communication error with the Windows Process Activation Service.",
        "8/17/2021 4:01:55 PM          5002 Error            Application pool 'MSExchangeOWAAppPool' is being automatically disabled due to a series of failures.",
      ].join('\n'),
    );
    assert.deepEqual(parsed.findings.map((f) => `${f.line}:${f.severity}`), ['4:warning', '5:error']);
    assert.match(parsed.findings[1]!.message, /^Error: event 5002: Application pool 'MSExchangeOWAAppPool'/);
  });
});
