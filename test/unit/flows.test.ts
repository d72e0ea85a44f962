import { describe, test } from 'node:test';
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeLog, analyzeText } from '../../server/src/service/analyze';
import { fixturePath } from '../support/paths';
import { linkedFlows } from '../../server/src/correlation/crossFile';
import { createLogLanguageService } from '../../server/src/service/languageService';
import { getSemanticTokens } from '../../server/src/service/features/semanticTokens';
import { getInlayHints } from '../../server/src/service/features/inlayHints';
import { fixCommands } from '../../server/src/service/features/codeActions';

const EDGE = [
  '11/05/2013 14:02:10.080(Local)(7311 0.1) NTCE (80175) (fl=3817) Edge TCP connection initiated (-1409268656), Conn: [10.40.3.17:61122 <=> 10.1.9.20:28410], Flavor: 0 [EdgeTcpConnectionDceRpcLayer.cpp:43]',
  '11/05/2013 14:02:10.108(Local)(7311 0.0) NTCE (108825) (fl=3818) Bind Request from client with AGID 0x0, callId 1, to dest-ip 10.1.9.20, AuthLevel: PRIVACY AuthType: SPNEGO AuthCtxId: 0 WsPlumb:1 [EdgeTcpConnectionDceRpcLayer.cpp:1277]',
  '11/05/2013 14:02:10.312(Local)(7311 0.1) NTCE (312719) (fl=3817) OnNewConnection - Client IP 10.40.3.17 (0xa28030f), Serv IP 10.1.9.20 (0xa010914), nDstPort=28410, nAssociationGroup=0x2a1f3,conn_fd=31 [ConnectionReservationManager.cpp:255]',
  '11/05/2013 14:02:12.868(Local)(7311 0.1) ERRO (868390) (fl=3817) ContextHandle.IsNull() [EdgeTcpConnectionEmsMdbLayer.cpp:1612]',
].join('\n');

const CORE = [
  '11/05/2013 14:02:40.092(Local)(5408 0.0) NTCE (92814) (fl=58) Core TCP connection initiated (11892640), Conn: [10.40.3.17:61122 <=> 10.1.9.20:28410], Flavor: 0 [CoreTcpConnectionDceRpcLayer.cpp:99]',
  '11/05/2013 14:02:40.261(Local)(5408 0.1) NTCE (261613) (fl=58) Successfully added entry in memory keytab. [GssServer.cpp:92]',
  '11/05/2013 14:02:40.262(Local)(5408 0.1) NTCE (261858) (fl=59) Successfully acquired credentials. [GssServer.cpp:135]',
].join('\r\n');

describe('flows', () => {
  test('edge and core flows of one TCP connection are linked across files', () => {
    const edge = analyzeLog(EDGE, { uri: 'file:///bundle/edge/mapiao-errorlog.current' });
    const core = analyzeLog(CORE, { uri: 'file:///bundle/core/mapiao-errorlog.current' });
    const edgeFlow = edge.flow('waas.flow:3817')!;
    assert.equal(edgeFlow.entries.length, 3);
    const linked = linkedFlows(edge, edgeFlow, [core]);
    assert.deepEqual(linked.map((l) => l.flow.id), ['waas.flow:58']);
    assert.equal(linked[0]!.via, 'tcp:10.40.3.17:61122 <=> 10.1.9.20:28410');
    // and back
    assert.deepEqual(linkedFlows(core, core.flow('waas.flow:58')!, [edge]).map((l) => l.flow.id), ['waas.flow:3817']);
    // an unrelated flow is not linked
    assert.deepEqual(linkedFlows(core, core.flow('waas.flow:59')!, [edge]), []);
  });

  test('the service answers definition, references, lenses and related information across two open documents', () => {
    const edgeDoc = TextDocument.create('file:///bundle/edge/mapiao-errorlog.current', 'waas-log', 1, EDGE);
    const coreDoc = TextDocument.create('file:///bundle/core/mapiao-errorlog.current', 'waas-log', 1, CORE);
    const service = createLogLanguageService({ workspace: { documents: () => [edgeDoc, coreDoc] } });
    const line = EDGE.split('\n')[3]!;
    const definition = service.findDefinition(edgeDoc, { line: 3, character: line.indexOf('fl=3817') + 3 });
    assert.deepEqual(definition.map((l) => [l.uri.includes('/core/') ? 'core' : 'edge', l.range.start.line]), [['edge', 0], ['core', 0]]);
    const references = service.findReferences(edgeDoc, { line: 3, character: line.indexOf('fl=3817') + 3 });
    assert.deepEqual(references.map((l) => [l.uri.includes('/core/') ? 'core' : 'edge', l.range.start.line]), [['edge', 0], ['edge', 2], ['edge', 3], ['core', 0], ['core', 1]]);
    const lens = service.getCodeLenses(edgeDoc).lenses.map((l) => service.resolveCodeLens(edgeDoc, l)).find((l) => l.command!.title.startsWith('fl=3817'))!;
    assert.match(lens.command!.title, /3 entries · 1 error .*↔ fl=58 in mapiao-errorlog\.current/);
    const diagnostics = service.doValidation(edgeDoc);
    const error = diagnostics.find((d) => d.range.start.line === 3)!;
    assert.ok(error.relatedInformation?.some((r) => r.location.uri.includes('/core/') && /same conversation/.test(r.message)), JSON.stringify(error.relatedInformation));
  });

  test('next and previous entry in flow, flow position and views', () => {
    const doc = TextDocument.create('file:///bundle/edge/mapiao-errorlog.current', 'waas-log', 1, EDGE);
    const service = createLogLanguageService();
    const next = service.stepInFlow(doc, { line: 0, character: 5 }, 1)!;
    assert.equal(next.line, 2);
    assert.deepEqual([next.position.index, next.position.total], [2, 3]);
    assert.equal(service.stepInFlow(doc, { line: 3, character: 5 }, 1), undefined);
    assert.equal(service.stepInFlow(doc, { line: 3, character: 5 }, -1)!.line, 2);
    const at = service.flowAt(doc, { line: 3, character: 0 })!;
    assert.deepEqual([at.label, at.index, at.total], ['fl=3817', 3, 3]);
    const view = service.flowView(doc, at.flowId)!;
    assert.equal(view.links.map((l) => l.sourceLine).join(','), '0,2,3');
    assert.match(view.content.split('\n')[1]!, /^ +1 │ 11\/05\/2013 14:02:10\.080/);
    const errors = service.errorsView(doc);
    assert.deepEqual(errors.links.map((l) => l.sourceLine), [3]);
  });

  test('merge by time interleaves logs, applies clock offsets and orders newest-first logs', () => {
    const a = TextDocument.create('file:///b/edge.log', 'waas-log', 1, EDGE);
    const plutoNewestFirst = TextDocument.create(
      'file:///b/pluto.log',
      'pluto-log',
      1,
      ['Nov  5 14:02:11 gw pluto[77]: "hq" #3: sent MR3, ISAKMP SA established', 'Nov  5 14:02:09 gw pluto[77]: "hq" #3: responding to Main Mode'].join('\n'),
    );
    const service = createLogLanguageService({ referenceYear: 2013 });
    const merged = service.mergeByTime([
      { document: a, label: 'edge.log', offsetMs: 0 },
      { document: plutoNewestFirst, label: 'pluto.log', offsetMs: 0 },
    ]);
    const order = merged.links.map((l) => `${l.uri.endsWith('pluto.log') ? 'p' : 'e'}${l.sourceLine}`);
    assert.deepEqual(order, ['p1', 'e0', 'e1', 'e2', 'p0', 'e3']);
    const shifted = service.mergeByTime([
      { document: a, label: 'edge.log', offsetMs: 0 },
      { document: plutoNewestFirst, label: 'pluto.log', offsetMs: 5000 },
    ]);
    assert.deepEqual(shifted.links.map((l) => `${l.uri.endsWith('pluto.log') ? 'p' : 'e'}${l.sourceLine}`), ['e0', 'e1', 'e2', 'e3', 'p1', 'p0']);
  });

  test('inlay hints show gaps above the threshold; semantic tokens cover every flow id', () => {
    const parsed = analyzeLog(EDGE);
    const hints = getInlayHints(parsed, 0, 10, 1000, 100);
    assert.deepEqual(hints.map((h) => [h.position.line, h.label]), [[3, '+2.6 s']]);
    const tokens = getSemanticTokens(parsed).data;
    assert.equal(tokens.length % 5, 0);
    assert.ok(tokens.length / 5 >= 5, `only ${tokens.length / 5} tokens`);
  });

  test('fix commands come from fenced blocks or command-like code spans', () => {
    assert.deepEqual(fixCommands(['Run:\n```\nntpdate 10.0.0.5\n```', 'Check `show cms secure store` and `x`.']), ['ntpdate 10.0.0.5', 'show cms secure store']);
  });

  test('IAG thread ids reused after a silence start a new flow', () => {
    const text = [
      '** 03.03.09 08:00:00.000 USERMGR_SERVICE:GENERAL T100',
      'first burst',
      '* at line 1, file "a.cpp".',
      '** 03.03.09 08:00:01.000 USERMGR_SERVICE:GENERAL T100',
      'still first burst',
      '* at line 2, file "a.cpp".',
      '** 03.03.09 09:30:00.000 USERMGR_SERVICE:GENERAL T100',
      'a later request on the same thread',
      '* at line 3, file "a.cpp".',
    ].join('\n');
    const parsed = analyzeText(text);
    assert.equal(parsed.flows.get('iag.thread:100')!.entries.length, 2);
    assert.equal(parsed.flows.get('iag.thread:100@2')!.entries.length, 1);
  });
});

describe('the two ends of a tunnel', () => {
  const west = ['Mar  9 10:00:01 gw-west pluto[901]: "west-east" #12: initiating Main Mode', 'Mar  9 10:00:02 gw-west pluto[901]: "west-east" #12: STATE_MAIN_I4: ISAKMP SA established', 'Mar  9 18:30:00 gw-west pluto[901]: "west-east" #40: initiating Main Mode'].join('\n');
  const east = ['Mar  9 10:00:01 gw-east pluto[433]: "west-east" #7: responding to Main Mode from unknown peer 198.51.100.1', 'Mar  9 10:00:02 gw-east pluto[433]: "west-east" #7: STATE_MAIN_R3: sent MR3, ISAKMP SA established'].join('\n');

  test('the negotiation on one gateway is linked to the same connection on the other at that time only', () => {
    const a = analyzeLog(west, { uri: 'file:///b/west/pluto.log', referenceYear: 2014 });
    const b = analyzeLog(east, { uri: 'file:///b/east/pluto.log', referenceYear: 2014 });
    assert.deepEqual(linkedFlows(a, a.flow('pluto.state:12')!, [b]).map((l) => l.flow.id), ['pluto.state:7']);
    assert.deepEqual(linkedFlows(a, a.flow('pluto.state:40')!, [b]), []);
  });
});

describe('HTTP exchanges inside a conversation', () => {
  test('each request opens its own flow with its responses; the outcome is the response status', () => {
    const text = [
      '10.4.4.5 10.4.4.9 TCP TCP:Flags=......S., SrcPort=2210, DstPort=HTTP(80), PayloadLen=0, Seq=1, Ack=0, Win=32768 (scale factor 0) = 32768',
      '10.4.4.5 10.4.4.9 HTTP HTTP:Request, POST /Microsoft-Server-ActiveSync',
      '10.4.4.9 10.4.4.5 HTTP HTTP:Response, HTTP/1.1, Status Code = 401, URL: /Microsoft-Server-ActiveSync',
      '10.4.4.5 10.4.4.9 HTTP HTTP:HTTP Payload, URL: /Microsoft-Server-ActiveSync',
      '10.4.4.5 10.4.4.9 HTTP HTTP:Request, POST /Microsoft-Server-ActiveSync',
      '10.4.4.9 10.4.4.5 HTTP HTTP:Response, HTTP/1.1, Status Code = 200, URL: /Microsoft-Server-ActiveSync',
    ].join('\r\n');
    const parsed = analyzeText(text);
    const exchanges = [...parsed.flows.values()].filter((f) => f.kind === 'http.exchange');
    assert.deepEqual(
      exchanges.map((f) => [f.entries.map((i) => parsed.entries[i]!.startLine), f.outcome.status, f.outcome.text]),
      [
        [[1, 2, 3], 'failed', 'HTTP 401'],
        [[4, 5], 'ok', 'HTTP 200'],
      ],
    );
    assert.match(exchanges[0]!.label, /^POST \/Microsoft-Server-ActiveSync/);
    assert.equal(exchanges[0]!.parent, 'ip:10.4.4.5 <=> 10.4.4.9');
  });
});

describe('outcomes measure what they name', () => {
  const text = readFileSync(fixturePath('pluto', 'outcome-durations.log'), 'utf8');

  test('"established in" runs from the flow\'s start to its success line, not to the peer\'s later Delete', () => {
    const parsed = analyzeText(text, { uri: 'file:///gw-east/messages', referenceYear: 2014 });
    assert.equal(parsed.flows.get('pluto.state:13')!.outcome.text, 'ISAKMP SA established in 1 s');
  });

  test('a connection whose security associations both failed says so, not "no outcome logged"', () => {
    const parsed = analyzeText(text, { uri: 'file:///gw-east/messages', referenceYear: 2014 });
    assert.deepEqual(parsed.flows.get('pluto.conn:office')!.outcome, { status: 'failed', text: '2 security associations, both failed: Phase 1 never established in STATE_MAIN_I1' });
    assert.deepEqual(parsed.flows.get('pluto.conn:datacenter')!.outcome, { status: 'ok', text: '1 security association: ISAKMP SA established' });
  });
});
