import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLogLanguageService } from '../../server/src/service/languageService';
import { builtInFormatRegistry } from '../../server/src/formats/registry';
import { mentionsOnLine } from '../../server/src/service/navigation';

// Issue 11 item 4: ids written inside a message (not in the line's prefix) navigate like the prefix does.

const PLUTO = [
  'Jun 14 06:02:11 gw-muc pluto[4117]: "muc-lyon" #7: initiating Main Mode',
  'Jun 14 06:02:11 gw-muc pluto[4117]: "muc-lyon" #7: STATE_MAIN_I2: sent MI2, expecting MR2',
  'Jun 14 06:02:12 gw-muc pluto[4117]: "muc-lyon" #7: STATE_MAIN_I4: ISAKMP SA established {auth=OAKLEY_PRESHARED_KEY cipher=aes_128 prf=oakley_sha group=modp1536}',
  'Jun 14 06:02:12 gw-muc pluto[4117]: "muc-lyon" #8: initiating Quick Mode PSK+ENCRYPT+TUNNEL+PFS+UP {using isakmp#7 msgid:3e1f0a77 proposal=AES(12)_128-SHA1(2)_160 pfsgroup=OAKLEY_GROUP_MODP1536}',
  'Jun 14 06:02:12 gw-muc pluto[4117]: "muc-lyon" #8: STATE_QUICK_I2: sent QI2, IPsec SA established tunnel mode {ESP=>0x1c2d3e4f <0x9f8e7d6c xfrm=AES_128-HMAC_SHA1 NATOA=none NATD=none DPD=enabled}',
  'Jun 14 06:32:40 gw-muc pluto[4117]: | DPD: sending R_U_THERE 2211 to 192.0.2.61:500 (state #7)',
  'Jun 14 06:52:12 gw-muc pluto[4117]: "muc-lyon" #9: initiating Main Mode to replace #7',
  'Jun 14 06:52:13 gw-muc pluto[4117]: "muc-lyon" #9: STATE_MAIN_I4: ISAKMP SA established {auth=OAKLEY_PRESHARED_KEY cipher=aes_128 prf=oakley_sha group=modp1536}',
  'Jun 14 06:52:20 gw-muc pluto[4117]: "muc-lyon" #7: deleting state (STATE_MAIN_I4)',
];

const STRONGSWAN = [
  'Feb  3 21:14:05 vpn-edge charon: 09[IKE] <branch-gw|12> initiating IKE_SA branch-gw[12] to 203.0.113.9',
  'Feb  3 21:14:05 vpn-edge charon: 09[ENC] <branch-gw|12> generating IKE_SA_INIT request 0 [ SA KE No N(NATD_S_IP) N(NATD_D_IP) ]',
  'Feb  3 21:14:05 vpn-edge charon: 11[IKE] <branch-gw|12> IKE_SA branch-gw[12] established between 198.51.100.4[vpn-edge]...203.0.113.9[branch]',
  'Feb  3 21:14:06 vpn-edge charon: 13[IKE] <branch-gw|13> initiating IKE_SA branch-gw[13] to 203.0.113.9',
].join('\r\n');

function open(uri: string, lines: string[] | string) {
  return TextDocument.create(uri, 'log', 1, Array.isArray(lines) ? lines.join('\n') : lines);
}

const at = (text: string, needle: string, line: number, offset = 1) => ({ line, character: text.split(/\r?\n/)[line]!.indexOf(needle) + offset });

describe('navigation on ids written inside messages', () => {
  test('F12 on isakmp#N inside a Quick Mode message goes to the ISAKMP SA\'s first entry', () => {
    const doc = open('file:///cases/muc/pluto.log', PLUTO);
    const service = createLogLanguageService({ referenceYear: 2024 });
    const definition = service.findDefinition(doc, at(doc.getText(), 'isakmp#7', 3, 8));
    assert.equal(definition.length, 1);
    assert.equal(definition[0]!.range.start.line, 0);
    assert.equal(PLUTO[0]!.slice(definition[0]!.range.start.character, definition[0]!.range.end.character), '7');
  });

  test('"to replace #N" and "(state #N)" name the old state too', () => {
    const doc = open('file:///cases/muc/pluto.log', PLUTO);
    const service = createLogLanguageService({ referenceYear: 2024 });
    for (const [needle, line] of [['#7', 6], ['state #7', 5]] as const) {
      const definition = service.findDefinition(doc, at(doc.getText(), needle, line, needle.length - 1));
      assert.deepEqual(definition.map((l) => l.range.start.line), [0], `${needle} on line ${line}`);
    }
    // The new state's own prefix still means the new state.
    assert.deepEqual(service.findDefinition(doc, at(doc.getText(), '#9', 6, 1)).map((l) => l.range.start.line), [6]);
  });

  test('references and highlights of a state include the messages that name it', () => {
    const doc = open('file:///cases/muc/pluto.log', PLUTO);
    const service = createLogLanguageService({ referenceYear: 2024 });
    const fromPrefix = service.findReferences(doc, at(doc.getText(), '#7', 0, 1)).map((l) => l.range.start.line);
    assert.deepEqual(fromPrefix, [0, 1, 2, 3, 5, 6, 8]);
    const fromMention = service.findReferences(doc, at(doc.getText(), 'isakmp#7', 3, 2)).map((l) => l.range.start.line);
    assert.deepEqual(fromMention, fromPrefix);
    const highlights = service.findDocumentHighlights(doc, at(doc.getText(), 'isakmp#7', 3, 7));
    const mention = highlights.find((h) => h.range.start.line === 3)!;
    assert.equal(PLUTO[3]!.slice(mention.range.start.character, mention.range.end.character), 'isakmp#7');
    assert.deepEqual(highlights.map((h) => h.range.start.line).sort((a, b) => a - b), [0, 1, 2, 3, 5, 6, 8]);
    // #8's own references do not pick up #7's mentions.
    assert.deepEqual(service.findReferences(doc, at(doc.getText(), '#8', 4, 1)).map((l) => l.range.start.line), [3, 4]);
  });

  test('newest first (a log exported in reverse): the mention after the state\'s last line is above it', () => {
    const reversed = [...PLUTO].reverse();
    reversed.unshift('Jun 14 06:52:40 gw-muc pluto[4117]: "muc-lyon" #10: initiating Quick Mode PSK+ENCRYPT+TUNNEL+PFS+UP {using isakmp#9 msgid:0b44a1e2 proposal=AES(12)_128-SHA1(2)_160 pfsgroup=OAKLEY_GROUP_MODP1536}');
    const doc = open('file:///cases/muc/pluto-reversed.log', reversed);
    const service = createLogLanguageService({ referenceYear: 2024 });
    const nine = reversed.findIndex((l) => l.includes('#9: STATE_MAIN_I4'));
    const references = service.findReferences(doc, at(doc.getText(), '#9', nine, 1)).map((l) => l.range.start.line);
    assert.deepEqual(references, [0, nine, nine + 1]);
  });

  test('hover on a mention describes the flow it names', () => {
    const doc = open('file:///cases/muc/pluto.log', PLUTO);
    const service = createLogLanguageService({ referenceYear: 2024 });
    const hover = service.doHover(doc, at(doc.getText(), 'replace #7', 6, 9))!;
    assert.ok(hover, 'a hover');
    assert.match(JSON.stringify(hover.contents), /#7/);
    assert.equal(PLUTO[6]!.slice(hover.range!.start.character, hover.range!.end.character), 'replace #7');
  });

  test('a state number with no flow in the excerpt gives nothing, not a wrong jump', () => {
    const lines = [...PLUTO];
    lines[3] = lines[3]!.replace('isakmp#7', 'isakmp#4');
    const doc = open('file:///cases/muc/pluto.log', lines);
    const service = createLogLanguageService({ referenceYear: 2024 });
    assert.deepEqual(service.findDefinition(doc, at(doc.getText(), 'isakmp#4', 3, 7)), []);
  });

  test('strongSwan: IKE_SA name[N] inside a message goes to that IKE SA, CRLF text', () => {
    const doc = open('file:///cases/edge/charon.log', STRONGSWAN);
    const service = createLogLanguageService({ referenceYear: 2024 });
    const definition = service.findDefinition(doc, at(STRONGSWAN, 'branch-gw[12] established', 2, 3));
    assert.deepEqual(definition.map((l) => l.range.start.line), [0]);
    assert.deepEqual(service.findDefinition(doc, at(STRONGSWAN, 'branch-gw[13] to', 3, 3)).map((l) => l.range.start.line), [3]);
  });

  test('IAG: the cursor on the m_session_id name of a dump line goes to the session, across files', () => {
    const userMgr = [
      '** 22.07.10 09:14:52.418 USERMGR_SERVICE:GENERAL T5120',
      'AuthenticateUser got [CAuthenticateUserIn:',
      'm_repository = [CORP-AD]',
      'm_user = [tnguyen]',
      'm_domain = [contoso]',
      'm_site_name = [owa-ext]',
      'm_session_id = [3B7E19C0-5A2D-4C8F-9E61-D0A4B2C7F815]',
      'm_source_ip = [10.220.8.41]',
      ']',
      '* at line 334, file "src/UserMgrCore.cpp".',
    ];
    const filter = [
      '** 22.07.10 09:14:52.391 WHLFILTER:URL T4488',
      'Session [3B7E19C0-5A2D-4C8F-9E61-D0A4B2C7F815] created for user [contoso\\tnguyen]',
      '* at line 902, file "src/WhlFilterSession.cpp".',
    ];
    const userDoc = open('file:///site/owa-ext.usermgrcom.log', userMgr);
    const filterDoc = open('file:///site/owa-ext.whlfilter.log', filter);
    const service = createLogLanguageService({ referenceYear: 2010, workspace: { documents: () => [userDoc, filterDoc] } });
    const onName = service.findDefinition(userDoc, { line: 6, character: 3 });
    assert.deepEqual(onName.map((l) => [l.uri.split('/').pop(), l.range.start.line]), [['owa-ext.usermgrcom.log', 6], ['owa-ext.whlfilter.log', 1]]);
    const onMention = service.findDefinition(filterDoc, { line: 1, character: 12 });
    assert.ok(onMention.some((l) => l.uri === userDoc.uri && l.range.start.line === 6), JSON.stringify(onMention));
  });

  test('mention patterns are format data and read only what the line writes', () => {
    const registry = builtInFormatRegistry();
    assert.deepEqual(mentionsOnLine(registry, 'pluto', 0, PLUTO[3]!).map((m) => [m.kind, m.value, PLUTO[3]!.slice(m.span.start, m.span.end)]), [
      ['pluto.state', '8', '#8'],
      ['pluto.state', '7', 'isakmp#7'],
    ]);
    assert.deepEqual(mentionsOnLine(registry, 'pluto', 0, 'ignoring informational payload, type NO_PROPOSAL_CHOSEN msgid=00000000 {isakmp=#0/ipsec=#0}'), []);
  });
});
