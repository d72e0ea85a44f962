import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { scopesOf, tokenize } from '../support/grammar';
import { fixturePath } from '../support/paths';

const has = (scopes: string[], scope: string) => assert.ok(scopes.some((s) => s.startsWith(scope)), `${scope} not in ${JSON.stringify(scopes)}`);
const hasNot = (scopes: string[], scope: string) => assert.ok(!scopes.some((s) => s.startsWith(scope)), `${scope} unexpectedly in ${JSON.stringify(scopes)}`);

describe('eas-log grammar', () => {
  test('entry header, separators and section labels', async () => {
    const lines = await tokenize('eas-log', '-----------------\r\n Log Entry: 12\r\n-----------------\r\n\r\nRequestTime : \r\n\t3/11/2024 8:14:06 AM');
    has(scopesOf(lines[0]!, '-----'), 'comment.line.separator.eas-log');
    has(scopesOf(lines[1]!, 'Log Entry:'), 'markup.heading.entry.eas-log');
    has(scopesOf(lines[1]!, '12'), 'constant.numeric.entry-number.eas-log');
    has(scopesOf(lines[4]!, 'RequestTime'), 'keyword.other.section.eas-log');
    has(scopesOf(lines[5]!, '3/11/2024'), 'constant.numeric.timestamp.eas-log');
  });

  test('request line: method, URL and the Cmd / DeviceId values', async () => {
    const [line] = await tokenize('eas-log', '\tPOST /Microsoft-Server-ActiveSync/default.eas?Cmd=FolderSync&User=jchen%40tailspintoys.com&DeviceId=ApplC39QR4TNN72J&DeviceType=iPhone HTTP/1.1');
    has(scopesOf(line!, 'POST'), 'keyword.control.http-method.eas-log');
    has(scopesOf(line!, 'FolderSync'), 'entity.name.function.command.eas-log');
    has(scopesOf(line!, 'ApplC39QR4TNN72J'), 'constant.other.device-id.eas-log');
    has(scopesOf(line!, 'ApplC39QR4TNN72J'), 'string.unquoted.url.eas-log');
    has(scopesOf(line!, 'iPhone'), 'string.unquoted.query-value.eas-log');
    has(scopesOf(line!, 'HTTP/1.1'), 'constant.other.http-version.eas-log');
  });

  test('HTTP status by class: 2xx success, 4xx/5xx error scopes', async () => {
    const lines = await tokenize('eas-log', '\tHTTP/1.1 200 OK\n\tHTTP/1.1 401 Unauthorized\n\tHTTP/1.1 503 Service Unavailable\n\tHTTP/1.1 451');
    has(scopesOf(lines[0]!, '200'), 'constant.numeric.http-status.success.eas-log');
    hasNot(scopesOf(lines[0]!, '200'), 'invalid');
    has(scopesOf(lines[1]!, '401'), 'invalid.illegal.http-status.client-error.eas-log');
    has(scopesOf(lines[2]!, '503'), 'invalid.illegal.http-status.server-error.eas-log');
    has(scopesOf(lines[3]!, '451'), 'invalid.illegal.http-status.client-error.eas-log');
  });

  test('XML bodies: tags, attributes and <Status> values', async () => {
    const lines = await tokenize('eas-log', '\t<?xml version="1.0" encoding="utf-8" ?>\n\t<Sync xmlns="AirSync:">\n\t\t\t<Status>1</Status>\n\t\t\t<Status>3</Status>\n\t\t<Status>142</Status>\n\t\t\t<Subject xmlns="Email:" bytes="19"/>');
    has(scopesOf(lines[1]!, 'Sync'), 'entity.name.tag.xml');
    has(scopesOf(lines[1]!, 'xmlns'), 'entity.other.attribute-name.xml');
    has(scopesOf(lines[1]!, '"AirSync:"'), 'string.quoted.xml');
    has(scopesOf(lines[2]!, '1'), 'constant.numeric.status.success.eas-log');
    has(scopesOf(lines[3]!, '3'), 'invalid.illegal.status.eas-log');
    has(scopesOf(lines[4]!, '142'), 'invalid.illegal.status.eas-log');
    has(scopesOf(lines[5]!, 'Subject'), 'entity.name.tag.xml');
  });

  test('headers and access state', async () => {
    const lines = await tokenize('eas-log', '\tX-MS-PolicyKey: 3721908844\n\tBlocked\n\tAllowed');
    has(scopesOf(lines[0]!, 'X-MS-PolicyKey'), 'support.type.property-name.header.eas-log');
    has(scopesOf(lines[0]!, '3721908844'), 'string.unquoted.header-value.eas-log');
    has(scopesOf(lines[1]!, 'Blocked'), 'invalid.illegal.access-state.eas-log');
    has(scopesOf(lines[2]!, 'Allowed'), 'constant.language.access-state.eas-log');
  });

  test('a whole fixture tokenizes with every entry header recognised', async () => {
    const text = readFileSync(fixturePath('eas', 'EASMailboxLog-pokafor.txt'), 'utf8');
    const lines = await tokenize('eas-log', text);
    const headers = lines.filter((l) => l.some((t) => t.scopes.some((s) => s.startsWith('markup.heading.entry'))));
    assert.equal(headers.length, text.split('Log Entry:').length - 1);
  });
});
