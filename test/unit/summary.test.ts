import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { builtInFormatRegistry } from '../../server/src/formats/registry';
import { builtInKnowledgeBase } from '../../server/src/knowledge/knowledgeBase';
import { analyzeLog } from '../../server/src/service/analyze';
import { summarize } from '../../server/src/service/features/summary';
import type { SummaryItem } from '../../shared/customMessages';

const registry = builtInFormatRegistry();
const knowledge = builtInKnowledgeBase();

/** Two tries of "office" that both die in STATE_MAIN_I1, "datacenter" up on the first try. */
const PLUTO = [
  'Jun 12 03:10:00 vpn-hq pluto[2210]: "datacenter" #7: initiating Main Mode',
  'Jun 12 03:10:00 vpn-hq pluto[2210]: "datacenter" #7: transition from state STATE_MAIN_I1 to state STATE_MAIN_I2',
  'Jun 12 03:10:01 vpn-hq pluto[2210]: "datacenter" #7: transition from state STATE_MAIN_I2 to state STATE_MAIN_I3',
  'Jun 12 03:10:01 vpn-hq pluto[2210]: "datacenter" #7: STATE_MAIN_I4: ISAKMP SA established {auth=OAKLEY_PRESHARED_KEY cipher=aes_128 prf=oakley_sha group=modp1536}',
  'Jun 12 03:11:30 vpn-hq pluto[2210]: "office" #8: initiating Main Mode',
  'Jun 12 03:12:40 vpn-hq pluto[2210]: "office" #8: max number of retransmissions (2) reached STATE_MAIN_I1.  No response (or no acceptable response) to our first IKE message',
  'Jun 12 03:12:41 vpn-hq pluto[2210]: "office" #9: initiating Main Mode',
  'Jun 12 03:13:51 vpn-hq pluto[2210]: "office" #9: max number of retransmissions (2) reached STATE_MAIN_I1.  No response (or no acceptable response) to our first IKE message',
].join('\r\n');

function find(items: SummaryItem[], label: RegExp): SummaryItem | undefined {
  return items.find((i) => label.test(i.label));
}

describe('summary of a log (findings by rule, flows by outcome)', () => {
  const summary = summarize(analyzeLog(PLUTO, { referenceYear: 2024 }), registry, knowledge);

  test('a connection whose two SAs both failed is one line under Failed, with its attempts below it', () => {
    const failed = find(summary.flows, /^Failed \(1\)$/);
    assert.ok(failed, summary.flows.map((f) => f.label).join(' | '));
    const office = failed.children![0]!;
    assert.equal(office.label, '"office": 2 security associations, both failed: Phase 1 never established in STATE_MAIN_I1');
    assert.equal(office.line, 7, 'goes to the failure of the last attempt');
    assert.deepEqual(
      office.children!.map((c) => [c.label, c.line]),
      [
        ['"office" #8', 5],
        ['"office" #9', 7],
      ],
    );
  });

  test('an established connection is under Succeeded and goes to its first line', () => {
    const ok = find(summary.flows, /^Succeeded \(1\)$/);
    assert.ok(ok);
    assert.equal(ok.children![0]!.label, '"datacenter": ISAKMP SA established in 1 s');
    assert.equal(ok.children![0]!.line, 0);
  });

  test('findings are grouped by rule with their count and lines', () => {
    // Both attempts end on "max number of retransmissions": that finding, not "never established" a second time.
    const phase1 = summary.findings.find((r) => r.description === 'pluto.ikev1.main-no-response');
    assert.ok(phase1, summary.findings.map((f) => f.description).join(', '));
    assert.match(phase1.label, /\(2\)$/);
    assert.deepEqual(phase1.children!.map((c) => c.line), [5, 7]);
    assert.equal(summary.findingCount, summary.findings.reduce((n, r) => n + Number(/\((\d+)\)$/.exec(r.label)![1]), 0));
  });

  test('a WAAS errorlog: key retrieval sessions by outcome, explained findings before level-only ones', () => {
    const text = [
      '05/21/2013 07:30:00.100(Local)(3310 0.1) NTCE (100) session(0x7fa120) Initiating key retrieval [SRServer.cpp:271]',
      '05/21/2013 07:30:00.512(Local)(3310 1.6) ERRO (512) GSS_MINOR ERROR:2529624064 msg_cnt:0, Clock skew too great [GssCli.cpp:29]',
      '05/21/2013 07:30:00.519(Local)(3310 1.6) ERRO (519) session(0x7fa120) Failed to Retrieve Key from AD for SPN:exchangeMDB/mbx11.corp.adatum.com error:1 [SRKeyRetriever.cpp:267]',
      '05/21/2013 07:31:10.020(Local)(3310 0.1) ERRO (20) CreateSecurityContext: gss_init_sec_context failed [majorStatus = 851968 (0xd0000)] [GssCli.cpp:88]',
    ].join('\n');
    const waas = summarize(analyzeLog(text, { fileName: 'sr-errorlog.current' }), registry, knowledge);
    const rules = waas.findings.map((r) => r.description!);
    assert.ok(rules.length >= 2, rules.join(', '));
    const firstLevel = rules.findIndex((r) => r.startsWith('level.'));
    assert.ok(firstLevel === -1 || rules.slice(firstLevel).every((r) => r.startsWith('level.')), rules.join(', '));
    const failed = find(waas.flows, /^Failed/);
    assert.ok(failed, waas.flows.map((f) => f.label).join(' | '));
    assert.ok(failed.children!.some((c) => c.line === 2), JSON.stringify(failed.children));
  });
});
