// Values in what we tell the user come from their log: fix steps and commands use `{field}` placeholders filled
// from the entry and its flow, a value the log does not hold stays visible as `<label>`, and a summary never
// shows a raw `{placeholder}`. The scans below run over every built-in signature, so new signature files are
// held to the same rule.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import builtIn from 'logsleuth:signatures';
import { fillCommand, fillMarkdown, fillText, placeholderLabel } from '../../server/src/knowledge/fill';
import type { SignatureDefinition, SignatureFile, SignatureSample } from '../../server/src/knowledge/signatureDefinition';
import { analyzeText } from '../../server/src/service/analyze';
import { fixCommands } from '../../server/src/service/features/codeActions';
import { createLogLanguageService } from '../../server/src/service/languageService';

const all: SignatureDefinition[] = builtIn.flatMap((f) => (f.data as SignatureFile).signatures);

describe('filling placeholders', () => {
  test('a value from the log replaces its placeholder; a missing one shows its name in angle brackets', () => {
    assert.equal(fillText('portqry -n {ldapServer} -e {ldapPort}', { ldapServer: '10.40.2.12' }), 'portqry -n 10.40.2.12 -e <ldap port>');
    assert.equal(fillText('get-key {exchangeServer|exchange server FQDN} {domain}', {}), 'get-key <exchange server FQDN> <domain>');
    assert.equal(placeholderLabel('sourceIp'), 'source IP');
  });

  test('an optional clause is dropped when one of its values is missing, kept when all are there', () => {
    const summary = '"{conn}" #{serial} never reached "ISAKMP SA established"[[; its last state was {state}]].';
    assert.equal(fillText(summary, { conn: 'office', serial: '4' }), '"office" #4 never reached "ISAKMP SA established".');
    assert.equal(fillText(summary, { conn: 'office', serial: '4', state: 'STATE_MAIN_I1' }), '"office" #4 never reached "ISAKMP SA established"; its last state was STATE_MAIN_I1.');
  });

  test('a value that could change a command (spaces, separators, quotes) is not pasted into it', () => {
    assert.equal(fillCommand('net user {user} /domain', { user: 'mlopez' }), 'net user mlopez /domain');
    assert.equal(fillCommand('net user {user} /domain', { user: 'x & format c:' }), 'net user <user> /domain');
    assert.equal(fillCommand('ipsec auto --up {conn}', { conn: 'a;reboot' }), 'ipsec auto --up <conn>');
  });

  test('in a markdown step, prose values are escaped and code values written as they are', () => {
    const step = 'Check the account {user} in {domain}:\n```\nnet user {user} /domain\n```';
    const filled = fillMarkdown(step, { user: 'j_doe', domain: 'fabrikam' });
    assert.match(filled, /account j\\_doe in fabrikam:/);
    assert.match(filled, /\nnet user j_doe \/domain\n/);
    assert.match(fillMarkdown('Run `ping {peer}`; the peer is {peer}.', {}), /`ping <peer>`; the peer is &lt;peer&gt;\./);
  });
});

/** Every text of a signature a user may copy or follow: fix steps and tools. */
function fixTexts(signature: SignatureDefinition): string[] {
  return [...signature.fix, ...(signature.tools ?? [])];
}

function sampleLines(sample: SignatureSample): { lines: string[]; line: number } {
  return typeof sample === 'string' ? { lines: [sample], line: 0 } : { lines: sample.lines, line: sample.line };
}

/** User and host names the samples carry, so a fix that copied one of them is caught. */
function sampleIdentities(): Set<string> {
  const names = new Set<string>();
  for (const signature of all) {
    for (const sample of signature.samples) {
      const parsed = analyzeText(sampleLines(sample).lines.join('\n'), { uri: 'file:///samples/sample.log' });
      for (const entry of parsed.entries) {
        for (const [name, field] of Object.entries(entry.fields)) {
          if (!/^(?:user|username|sam|account|identity|host|computer|ldapServer|exchangeServer|peer)$/i.test(name)) continue;
          const value = field.value.replace(/^.*[\\/]/, '').toLowerCase();
          if ((value.length >= 5 || /[\d_-]/.test(value)) && /[a-z]/.test(value) && !/^(?:n\/a|none|null|anonymous)$/.test(value)) names.add(value);
        }
      }
    }
  }
  return names;
}

/** Any address but 0.0.0.0, which is the "every network" of a configuration, not an example. */
const IPV4 = /(?<![\w.])(?!0\.0\.0\.0(?![\w.]))(?:\d{1,3}\.){3}\d{1,3}(?![\w.])/;
/** Hex groups with a `::` or a hex letter (a time stamp 08:14:03 is no address). */
const IPV6 = /(?<![\w:])(?=[0-9a-f:]{0,39}(?:::|[a-f]))(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{1,4}(?![\w:])/i;
/** Two dots between letters-led labels, or one dot before a top-level domain. */
const HOST = /(?<![\w.%/-])[a-z][\w-]{0,62}(?:\.[a-z][\w-]{0,62}){2,}(?![\w-])|(?<![\w.%/-])[a-z][\w-]{0,62}\.(?:com|net|org|local|lan|corp|internal|example|test)(?![\w.-])/i;

describe('fix texts over every built-in signature', () => {
  const identities = sampleIdentities();

  test('no literal IPv4/IPv6 address, host name or user name in fix steps and tools', () => {
    const offences: string[] = [];
    for (const signature of all) {
      for (const text of fixTexts(signature)) {
        const plain = text.replace(/\{[\w,]+(?:\|[^{}]*)?\}/g, '');
        for (const [what, pattern] of [['IPv4 address', IPV4], ['IPv6 address', IPV6], ['host name', HOST]] as const) {
          const m = pattern.exec(plain);
          if (m) offences.push(`${signature.id}: ${what} "${m[0]}"`);
        }
        for (const word of plain.toLowerCase().split(/[^\w.@-]+/)) {
          if (identities.has(word)) offences.push(`${signature.id}: name from a sample "${word}"`);
        }
      }
    }
    assert.deepEqual(offences, []);
  });

  test('the scan catches what it is for', () => {
    assert.ok(IPV4.test('portqry -n 10.12.0.5 -e 389'));
    assert.ok(IPV6.test('ping fe80::1:2:3'));
    assert.ok(!IPV6.test('at 08:14:03') && !IPV4.test('leftsubnet=0.0.0.0/0'));
    assert.ok(HOST.test('nslookup exch07.corp.example.local'));
    assert.ok(HOST.test('Test-NetConnection mdmes01.fabrikam.com'));
    assert.ok(!HOST.test('edit /etc/ipsec.secrets and trace.ini'));
  });
});

describe('copied fix commands carry the sample\'s own values (through the code action)', () => {
  for (const signature of all) {
    if (fixCommands(signature.fix).length === 0) continue;
    signature.samples.forEach((sample, i) => {
      test(`${signature.id} sample ${i}`, () => {
        const { lines, line } = sampleLines(sample);
        const peer = typeof sample === 'string' || !sample.peerLines ? undefined : TextDocument.create(`file:///peer/${sample.peerFileName ?? 'peer.log'}`, 'log', 1, sample.peerLines.join('\n'));
        const document = TextDocument.create('file:///samples/sample.log', 'log', 1, lines.join('\n'));
        const service = createLogLanguageService({ workspace: { documents: () => (peer ? [document, peer] : [document]) } });
        const diagnostic = service.doValidation(document).find((d) => d.code === signature.id && d.range.start.line === line);
        assert.ok(diagnostic, `no ${signature.id} diagnostic on line ${line}`);
        const copy = service.getCodeActions(document, [diagnostic]).find((a) => a.command?.command === 'logsleuth.copyFixCommands');
        assert.ok(copy, 'no copy-fix-commands action');
        const copied = copy.command!.arguments![0] as string;
        assert.doesNotMatch(copied, /\{[\w,]+(?:\|[^{}]*)?\}/, 'a raw placeholder reached the copied text');
        const finding = service.parse(document).findings.find((f) => f.rule === signature.id && f.line === line)!;
        const template = fixCommands(signature.fix).join('\n');
        for (const m of template.matchAll(/\{([\w,]+)(?:\|[^{}]*)?\}/g)) {
          const name = m[1]!.split(',').find((n) => finding.values[n] !== undefined);
          const value = name ? fillCommand(`{${name}}`, finding.values) : undefined;
          if (name && value === finding.values[name]) assert.ok(copied.includes(value!), `${name}=${value} missing from:\n${copied}`);
        }
        // A placeholder left visible must be one the log does not fill.
        const known = new Map(Object.keys(finding.values).map((name) => [placeholderLabel(name).toLowerCase(), name]));
        for (const m of copied.matchAll(/<([\w][\w ]{0,40})>/g)) {
          const name = known.get(m[1]!.toLowerCase());
          assert.equal(name, undefined, `<${m[1]}> left in the commands although the log gives ${name}=${name ? finding.values[name] : ''}`);
        }
      });
    });
  }
});

describe('summaries never show a raw placeholder', () => {
  for (const signature of all) {
    test(`${signature.id}: samples, and the samples without each of their other lines`, () => {
      for (const sample of signature.samples) {
        const { lines, line } = sampleLines(sample);
        const variants = [lines, ...lines.map((_, drop) => lines.filter((__, i) => i !== drop)).filter((_, drop) => drop !== line)];
        for (const variant of variants) {
          const parsed = analyzeText(variant.join('\n'), { uri: 'file:///samples/sample.log' });
          for (const finding of parsed.findings.filter((f) => f.rule === signature.id)) {
            assert.doesNotMatch(finding.message, /\{\w+\}/, `raw placeholder in "${finding.message}"`);
            assert.doesNotMatch(fillText(signature.summary, finding.values), /\{\w+\}|<[\w ]{1,40}>/, `unfilled placeholder in the summary of ${variant.length} lines: "${finding.message}"`);
          }
        }
      }
    });
  }
});
