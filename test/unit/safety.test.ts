import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createKnowledgeBase } from '../../server/src/knowledge/knowledgeBase';
import { analyzeLog, analyzeText } from '../../server/src/service/analyze';
import { doHover } from '../../server/src/service/features/hover';
import { checkRegexSafety } from '../../server/src/util/regexSafety';
import { escapeMarkdown } from '../../server/src/util/markdown';
import { builtInKnowledgeBase } from '../../server/src/knowledge/knowledgeBase';
import { builtInFormatRegistry } from '../../server/src/formats/registry';

const HOSTILE = [
  '[click me](command:workbench.action.terminal.new?%5B%5D)',
  '<img src=x onerror=alert(1)>',
  '![pixel](https://evil.example/p.png)',
  'visit https://evil.example/login now',
  '`code` **bold** <script>alert(1)</script>',
];

describe('untrusted log text', () => {
  test('escaped markdown keeps no link, image, HTML or command syntax', () => {
    for (const text of HOSTILE) {
      const escaped = escapeMarkdown(text);
      assert.doesNotMatch(escaped, /(?<!\\)\]\((?!\\)/, 'a link target survived');
      assert.doesNotMatch(escaped, /<(?:img|script)/i, 'raw HTML survived');
      assert.doesNotMatch(escaped, /(?<!\\)command:/, 'a command URI survived');
      assert.doesNotMatch(escaped, /https?:\/\//, 'a bare URL survived (it would be autolinked)');
    }
  });

  test('a hover on a hostile WAAS error line shows the text escaped', () => {
    const line = `04/02/2013 10:11:12.131(Local)(4410 0.1) ERRO (131000) (fl=77) ${HOSTILE.join(' ')} [Evil.cpp:1]`;
    const parsed = analyzeLog(line, { uri: 'file:///x/mapiao-errorlog.current' });
    const finding = parsed.findings[0];
    assert.ok(finding, 'the error line is a finding');
    const hover = doHover(parsed, 0, finding.startChar + 5, builtInKnowledgeBase());
    const value = (hover!.contents as { value: string }).value;
    assert.doesNotMatch(value, /\]\(command:/);
    assert.doesNotMatch(value, /<img|<script/i);
    assert.doesNotMatch(value, /\]\(https:\/\/evil/);
  });
});

describe('regular expression safety', () => {
  test('rejects nested and overlapping repetition', () => {
    for (const bad of ['(a+)+$', '(\\w*x)*y', '(a|ab)*c', '^(\\s*\\w+)*$', '(.*a){30}', '.*.*.*.*x']) {
      assert.equal(checkRegexSafety(bad).ok, false, bad);
    }
  });

  test('accepts the shapes our formats use', () => {
    for (const good of ['^(?<ts>\\d{2}:\\d{2}) (?<msg>.*)$', 'Conn: \\[(?<a>[0-9.]{3,45}):(?<p>\\d{1,5})\\]', '(?:foo|bar) baz', '[^\\]]{1,128}']) {
      assert.equal(checkRegexSafety(good).ok, true, good);
    }
  });

  test('a user rule with a catastrophic pattern is rejected with a clear message; the others keep working', () => {
    const kb = createKnowledgeBase([
      {
        origin: '/ws/.logsleuth/rules/mine.json',
        data: {
          signatures: [
            { id: 'my.bad', families: ['waas'], match: { message: '(a+)+b' }, severity: 'error', title: 'bad', summary: 's', cause: 'c', fix: ['f'], samples: ['x'] },
            { id: 'my.good', families: ['waas'], match: { message: 'Flux capacitor overheated' }, severity: 'warning', title: 'Flux', summary: 'hot', cause: 'c', fix: ['cool it'], samples: ['x'] },
          ],
        },
      },
    ]);
    assert.equal(kb.errors.length, 1);
    assert.match(kb.errors[0]!.message, /my\.bad.*unsafe regular expression.*nested repetition/);
    const parsed = analyzeText('05/06/2013 07:08:09.010(Local)(12 0.1) NTCE (10) Flux capacitor overheated [Flux.cpp:88]', { knowledge: kb });
    assert.deepEqual(parsed.findings.map((f) => f.rule), ['my.good']);
  });

  test('every built-in pattern finishes quickly on adversarial input (guards against polynomial blow-ups)', () => {
    const adversarial = ['a'.repeat(30000), ' '.repeat(30000), '0'.repeat(30000), '1.'.repeat(15000), ':'.repeat(30000), '[' + 'x'.repeat(30000), '"' + ' a'.repeat(15000)];
    const started = Date.now();
    for (const format of builtInFormatRegistry().formats) {
      for (const input of adversarial) for (const p of format.lines) p.regex.test(input);
    }
    for (const signature of builtInKnowledgeBase().signatures) {
      for (const input of adversarial) signature.message?.test(input.slice(0, 16 * 1024));
    }
    // Generous bound: exponential backtracking would take minutes, linear scans take milliseconds.
    assert.ok(Date.now() - started < 20000, `took ${Date.now() - started} ms`);
  });
});

describe('validity windows', () => {
  const kb = createKnowledgeBase([
    {
      origin: 'test',
      data: {
        signatures: [
          {
            id: 'test.cert-window',
            families: ['waas'],
            match: { message: 'peer certificate valid (?<notBefore>\\d{4}-\\d{2}-\\d{2}) to (?<notAfter>\\d{4}-\\d{2}-\\d{2})' },
            conditions: { outsideWindow: { from: 'notBefore', to: 'notAfter', formats: ['%Y-%m-%d'] } },
            severity: 'warning',
            title: 'Certificate outside its window',
            summary: 'valid {notBefore} to {notAfter}, checked at {reference}',
            cause: 'c',
            fix: ['f'],
            samples: ['x'],
          },
        ],
      },
    },
  ]);
  const line = (date: string) => `${date} 10:00:00.000(Local)(12 0.1) NTCE (1) peer certificate valid 2012-01-01 to 2013-01-01 [Ssl.cpp:9]`;

  test('an entry inside the window is fine, one after it is a finding that names the reference time', () => {
    assert.deepEqual(analyzeText(line('06/15/2012'), { knowledge: kb }).findings.map((f) => f.rule), []);
    const late = analyzeText(line('02/01/2013'), { knowledge: kb }).findings;
    assert.deepEqual(late.map((f) => f.rule), ['test.cert-window']);
    assert.match(late[0]!.message, /checked at 2013-02-01 10:00:00 UTC \(time of this entry\)/);
    assert.deepEqual(analyzeText(line('12/31/2011'), { knowledge: kb }).findings.map((f) => f.rule), ['test.cert-window']);
  });
});
