import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { scopesOf, tokenize, type Token } from '../support/grammar';

/** The innermost scope of the first token containing `needle` (the one a theme colours). */
function scope(line: Token[], needle: string): string {
  const scopes = scopesOf(line, needle);
  return scopes[scopes.length - 1]!;
}

describe('grammar: iag-trace', () => {
  test('entry header: time stamp, SERVICE:CATEGORY and thread', async () => {
    const [line] = await tokenize('iag-trace', '** 02.12.08 08:14:31.406 USERMGR_SERVICE:GENERAL T2208');
    assert.equal(scope(line!, '**'), 'punctuation.definition.entry.iag-trace');
    assert.equal(scope(line!, '02.12.08'), 'constant.numeric.date.iag-trace');
    assert.equal(scope(line!, '08:14:31.406'), 'constant.numeric.time.iag-trace');
    assert.equal(scope(line!, 'USERMGR_SERVICE'), 'entity.name.tag.service.iag-trace');
    assert.equal(scope(line!, 'GENERAL'), 'entity.name.type.category.iag-trace');
    assert.equal(scope(line!, 'T2208'), 'variable.other.thread.iag-trace');
    assert.ok(scopesOf(line!, 'T2208').includes('meta.entry.header.iag-trace'));
  });

  test('an ERROR category is coloured as an error, a plain message line is not a header', async () => {
    const [header, body] = await tokenize('iag-trace', '** 19.01.09 22:03:10.015 WHLFILTER:ERROR T640\nGENERAL T640 is just text here');
    assert.equal(scope(header!, 'ERROR'), 'invalid.illegal.category.error.iag-trace');
    assert.ok(!body!.some((t) => t.scopes.some((s) => s.startsWith('meta.entry.header'))));
  });

  test('m_field = [value] dumps with GUIDs, IPs, confidential and empty values', async () => {
    const lines = await tokenize('iag-trace', [
      'm_user = [pokafor]',
      'm_password = [**Confidential**]',
      'm_session_id = [E3B7D2A0-45C1-4F9E-8B3D-0C6A1F2E9D84]',
      'm_source_ip = [192.168.200.17]',
      'm_param_vec = <EmptyField>',
    ].join('\r\n'));
    assert.equal(scope(lines[0]!, 'm_user'), 'variable.other.member.iag-trace');
    assert.equal(scope(lines[0]!, '='), 'keyword.operator.assignment.iag-trace');
    assert.equal(scope(lines[0]!, 'pokafor'), 'string.unquoted.value.iag-trace');
    assert.equal(scope(lines[1]!, 'Confidential'), 'comment.block.confidential.iag-trace');
    assert.equal(scope(lines[2]!, 'E3B7D2A0'), 'constant.other.guid.iag-trace');
    assert.equal(scope(lines[3]!, '192.168.200.17'), 'constant.numeric.ip.iag-trace');
    assert.equal(scope(lines[4]!, 'EmptyField'), 'constant.language.empty.iag-trace');
  });

  test('the "* at line N, file" trailer is a comment with its line number and file', async () => {
    const [line] = await tokenize('iag-trace', '* at line 2209, file "src/Ldap.cpp".');
    assert.ok(scopesOf(line!, 'at line').includes('comment.line.source-location.iag-trace'));
    assert.equal(scope(line!, '2209'), 'constant.numeric.line.iag-trace');
    assert.equal(scope(line!, 'src/Ldap.cpp'), 'string.quoted.double.file.iag-trace');
  });

  test('message lines: request start, success, failure words, bracketed values', async () => {
    const lines = await tokenize('iag-trace', [
      'AuthenticateUser got [CAuthenticateUserIn:',
      'Connect success',
      'Authenticate the user [akumar] domain [tailspin] in the ldap server [10.77.0.10] port [389]',
      'Authentication did not complete for session [5D0E4B21-77C3-4F0A-9B6E-1C2D3E4F5A6B]',
    ].join('\n'));
    assert.equal(scope(lines[0]!, 'AuthenticateUser'), 'entity.name.function.request.iag-trace');
    assert.equal(scope(lines[1]!, 'Connect success'), 'markup.inserted.success.iag-trace');
    assert.equal(scope(lines[2]!, 'akumar'), 'string.unquoted.value.iag-trace');
    assert.equal(scope(lines[2]!, '10.77.0.10'), 'constant.numeric.ip.iag-trace');
    assert.equal(scope(lines[3]!, 'did not complete'), 'invalid.illegal.failure.iag-trace');
    assert.equal(scope(lines[3]!, '5D0E4B21'), 'constant.other.guid.iag-trace');
  });

  test('URL filter log records: time stamp, method, URL, query, user and decision', async () => {
    const lines = await tokenize('iag-trace', [
      '2008-11-25 09:30:44\t10.9.8.7\ttailspin\\akumar\tPOST\t/Microsoft-Server-ActiveSync?User=akumar&Cmd=Search\tDenied\tparameter Cmd value not allowed',
      '2008-11-25 09:30:45\t10.9.8.7\t-\tGET\t/owa/\tAccepted\tOWA',
    ].join('\n'));
    assert.equal(scope(lines[0]!, '2008-11-25 09:30:44'), 'constant.numeric.timestamp.iag-trace');
    assert.equal(scope(lines[0]!, '10.9.8.7'), 'constant.numeric.ip.iag-trace');
    assert.equal(scope(lines[0]!, 'tailspin'), 'entity.name.type.domain.iag-trace');
    assert.equal(scope(lines[0]!, 'akumar'), 'variable.other.user.iag-trace');
    assert.equal(scope(lines[0]!, 'POST'), 'keyword.control.http-method.iag-trace');
    assert.equal(scope(lines[0]!, '/Microsoft-Server-ActiveSync'), 'string.unquoted.url.iag-trace');
    assert.equal(scope(lines[0]!, '?User='), 'variable.parameter.query.iag-trace');
    assert.equal(scope(lines[0]!, 'Denied'), 'invalid.illegal.action.rejected.iag-trace');
    assert.equal(scope(lines[1]!, 'Accepted'), 'support.constant.action.accepted.iag-trace');
  });
});
