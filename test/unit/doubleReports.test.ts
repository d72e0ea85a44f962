// One line, one diagnosis. A line that two signatures both report shows two squiggles and two hovers that say
// the same thing twice (a received IKE notify explained by the notify table and again by a charon signature; a
// TCP reset after a request reported as that and again as a plain reset). Every sample line of the signatures
// and every message sample of the daemon catalogs is analysed; on the pluto, charon, xl2tpd/pppd, Wireshark and
// IIS lines no line may carry error or warning findings from two different signatures (a negotiation that never
// completed is not reported again on the line that already says why). Where a specific signature refines a
// generic one it says so with `supersedes`, and the generic finding leaves that line.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import builtIn from 'logsleuth:signatures';
import type { SignatureFile, SignatureSample } from '../../server/src/knowledge/signatureDefinition';
import { expandSignatureFile } from '../../server/src/knowledge/signatureTables';
import { LEVEL_RULE } from '../../server/src/knowledge/findingParts';
import { builtInSignatureSources, createKnowledgeBase, type KnowledgeBase } from '../../server/src/knowledge/knowledgeBase';
import { analyzeText } from '../../server/src/service/analyze';
import { readCatalogs } from '../../server/src/node/knowledgeCoverage';
import { repoRoot } from '../support/paths';

const LEVEL_RULES = new Set<string>(Object.values(LEVEL_RULE));
/** Formats whose lines are held to one finding each, and the daemon catalogs written in them. */
const FORMATS = new Set(['strongswan', 'l2tp-ppp', 'wireshark-text', 'pluto', 'iis-w3c']);
const DAEMONS = new Set(['strongswan', 'xl2tpd', 'pppd', 'libreswan', 'openswan']);

const signatures = builtIn.flatMap((f) => expandSignatureFile(f.data as SignatureFile).map((signature) => ({ file: f.file, signature })));

interface Doubled {
  where: string;
  line: string;
  rules: string[];
}

/** Lines of the text, parsed as one of FORMATS, that carry error or warning findings of two or more signatures. */
function doubled(where: string, lines: string[], fileName?: string, knowledge?: KnowledgeBase): Doubled[] {
  const parsed = analyzeText(lines.join('\n'), { uri: `file:///double/${fileName ?? 'sample.log'}`, fileName, knowledge });
  const byLine = new Map<number, Set<string>>();
  for (const f of parsed.findings) {
    if (f.severity === 'info' || LEVEL_RULES.has(f.rule)) continue;
    const formatId = parsed.entries[f.entryIndex]?.formatId;
    if (!formatId || !FORMATS.has(formatId)) continue;
    const rules = byLine.get(f.line) ?? new Set<string>();
    rules.add(f.rule);
    byLine.set(f.line, rules);
  }
  return [...byLine].filter(([, rules]) => rules.size > 1).map(([line, rules]) => ({ where, line: lines[line] ?? '', rules: [...rules].sort() }));
}

function linesOf(sample: SignatureSample): string[] {
  return typeof sample === 'string' ? [sample] : sample.lines;
}

describe('double reports', () => {
  test('the check sees a double report, and supersedes removes it', () => {
    const line = 'Mar 12 09:14:02 fw01 charon[2211]: 09[IKE] <branch|3> received AUTHENTICATION_FAILED notify error';
    assert.deepEqual(doubled('built-in', [line]), []);
    const extra = (supersedes?: string[]) => ({
      id: 'test.charon-auth-failed',
      families: ['pluto'],
      formats: ['strongswan'],
      match: { message: 'received AUTHENTICATION_FAILED notify' },
      ...(supersedes ? { supersedes } : {}),
      severity: 'error',
      title: 'test',
      summary: 'test',
      cause: 'test',
      fix: ['test'],
      samples: [line],
    });
    const withExtra = (supersedes?: string[]) => createKnowledgeBase([...builtInSignatureSources(), { origin: 'test', data: { signatures: [extra(supersedes)] } }]);
    assert.deepEqual(doubled('extra', [line], undefined, withExtra()).map((d) => d.rules), [['ike.notify.authentication-failed.received', 'test.charon-auth-failed']]);
    assert.deepEqual(doubled('extra', [line], undefined, withExtra(['ike.notify.authentication-failed.received'])), []);
  });

  test('no sample line of a signature gets findings from two signatures', () => {
    const found: Doubled[] = [];
    for (const { file, signature } of signatures) {
      signature.samples.forEach((sample, i) => found.push(...doubled(`${file} ${signature.id} sample ${i}`, linesOf(sample))));
    }
    assert.deepEqual(found, []);
  });

  test('no catalog message sample of libreswan, Openswan, charon, xl2tpd or pppd gets findings from two signatures', () => {
    const found: Doubled[] = [];
    for (const { catalog } of readCatalogs(join(repoRoot(), 'docs', 'catalogs'))) {
      if (!DAEMONS.has(catalog.daemon)) continue;
      for (const message of catalog.messages) found.push(...doubled(`${catalog.daemon} ${message.id}`, [message.sample], `${catalog.daemon}.log`));
    }
    assert.deepEqual(found, []);
  });

  test('a signature supersedes only signatures that exist, never itself', () => {
    const ids = new Set(signatures.map(({ signature }) => signature.id));
    const wrong = signatures.flatMap(({ signature }) => (signature.supersedes ?? []).filter((id) => !ids.has(id) || id === signature.id).map((id) => `${signature.id} -> ${id}`));
    assert.deepEqual(wrong, []);
  });

  test('a negotiation that ended on its own error is reported once there, and its flow still failed', () => {
    const lines = [
      'Sep 14 06:02:11 gw-lyon pluto[4410]: "lyon-paris" #7: initiating Main Mode',
      'Sep 14 06:02:21 gw-lyon pluto[4410]: "lyon-paris" #7: STATE_MAIN_I1: retransmission; will wait 20s for response',
      'Sep 14 06:03:31 gw-lyon pluto[4410]: "lyon-paris" #7: max number of retransmissions (2) reached STATE_MAIN_I1.  No response (or no acceptable response) to our first IKE message',
      'Sep 14 06:04:02 gw-lyon pluto[4410]: "lyon-nice" #8: initiating Main Mode',
      'Sep 14 06:04:12 gw-lyon pluto[4410]: "lyon-nice" #8: STATE_MAIN_I1: retransmission; will wait 20s for response',
      'Sep 14 06:08:40 gw-lyon pluto[4410]: "lyon-nice" #9: initiating Main Mode',
      'Sep 14 06:08:50 gw-lyon pluto[4410]: "lyon-nice" #9: STATE_MAIN_I1: retransmission; will wait 20s for response',
    ];
    const parsed = analyzeText(lines.join('\r\n'), { uri: 'file:///double/pluto.log', referenceYear: 2025 });
    const rules = (line: number) => parsed.findings.filter((f) => f.line === line && !LEVEL_RULES.has(f.rule)).map((f) => f.rule);
    assert.deepEqual(rules(2), ['pluto.ikev1.main-no-response']);
    const flow = [...parsed.flows.values()].find((f) => f.label.endsWith('#7'));
    assert.equal(flow?.outcome.status, 'failed', JSON.stringify([...parsed.flows.values()].map((f) => [f.id, f.label, f.outcome])));
    assert.match(flow!.outcome.text, /^failed: Phase 1 never established in STATE_MAIN_I1/);
    // Its last retransmission long before the log ends: the negotiation that never completed is the diagnosis.
    assert.deepEqual(rules(4), ['pluto.ikev1.phase1-not-established']);
    // Still retransmitting when the log ends (within pluto's retransmit timeout): not yet a failure.
    assert.deepEqual(rules(6), ['pluto.retransmission']);
    assert.notEqual([...parsed.flows.values()].find((f) => f.label.endsWith('#9'))?.outcome.status, 'failed');
  });

  test('a reset after a request is reported once, as that, and a reset after an orderly close as a plain reset', () => {
    const lines = [
      '    1   0.000000 10.20.0.4 -> 10.20.0.2 NFS 206 V3 READ Call, FH:0x48bf584a Offset:0 Len:131072',
      '    2   0.000127 10.20.0.2 -> 10.20.0.4 TCP 60 nfs > 739 [RST] Seq=1 Win=0 Len=0',
      '    3   5.100200 10.20.0.4 -> 10.20.0.2 NFS 190 V4 Call PUTROOTFH | GETATTR',
      '    4   5.300400 10.20.0.4 -> 10.20.0.2 TCP 66 801 > nfs [FIN, ACK] Seq=129 Ack=1 Win=140 Len=0',
      '    5   5.300500 10.20.0.2 -> 10.20.0.4 TCP 66 nfs > 801 [FIN, ACK] Seq=4113 Ack=130 Win=157 Len=0',
      '    6   5.300600 10.20.0.4 -> 10.20.0.2 TCP 54 801 > nfs [RST] Seq=130 Win=0 Len=0',
    ];
    const parsed = analyzeText(lines.join('\n'), { uri: 'file:///double/capture.txt' });
    const rules = (line: number) => parsed.findings.filter((f) => f.line === line && !LEVEL_RULES.has(f.rule)).map((f) => f.rule);
    assert.deepEqual(rules(1), ['wireshark.tcp.reset-after-request']);
    assert.deepEqual(rules(5), ['wireshark.tcp.reset']);
  });
});
