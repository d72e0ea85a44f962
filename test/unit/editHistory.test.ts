import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { EditHistory } from '../../server/src/lsp/editHistory';
import { createLogLanguageService } from '../../server/src/service/languageService';
import type { IndexedAnalysis } from '../../server/src/engine/analysis';

const line = (n: number) => `Nov 2${n % 7} 0${n % 10}:1${n % 6}:${String(n % 60).padStart(2, '0')} gw-ber${n % 3} pluto[${4100 + (n % 4)}]: "ber-${n % 13}" #${900 + n}: ${n % 19 === 0 ? 'max number of retransmissions (2) reached STATE_MAIN_I1.  No response (or no acceptable response) to our first IKE message' : 'STATE_MAIN_I4: ISAKMP SA established {auth=OAKLEY_PRESHARED_KEY cipher=aes_256 prf=oakley_sha group=modp2048}'}\n`;
const lines = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => line(from + i)).join('');

describe('the edit history of open documents', () => {
  test('tells how much of the text is as it was in an earlier version', () => {
    const edits = new EditHistory();
    const uri = 'file:///case/secure.log';
    let document = edits.configuration.create(uri, 'pluto-log', 3, 'alpha\nbeta\n');
    assert.equal(edits.unchangedPrefix(uri, 3), 11);
    const end = (d: typeof document) => d.positionAt(d.getText().length);
    document = edits.configuration.update(document, [{ range: { start: end(document), end: end(document) }, text: 'gamma\n' }], 4);
    assert.equal(edits.unchangedPrefix(uri, 3), 11, 'an append keeps all of the older text');
    document = edits.configuration.update(document, [{ range: { start: { line: 1, character: 1 }, end: { line: 1, character: 2 } }, text: 'E' }, { range: { start: end(document), end: end(document) }, text: 'delta\n' }], 5);
    assert.equal(document.getText(), 'alpha\nbEta\ngamma\ndelta\n');
    assert.equal(edits.unchangedPrefix(uri, 4), 7, 'the first changed character of any change in between');
    assert.equal(edits.unchangedPrefix(uri, 3), 7);
    assert.equal(edits.unchangedPrefix(uri, 5), document.getText().length);
    document = edits.configuration.update(document, [{ text: 'replaced\n' }], 6);
    assert.equal(edits.unchangedPrefix(uri, 5), 0, 'a whole-text change keeps nothing');
    assert.equal(edits.unchangedPrefix(uri, 2), undefined, 'a version never seen is not known');
    edits.forget(uri);
    assert.equal(edits.unchangedPrefix(uri, 6), undefined);
  });

  test('the analysis of a long log goes on with an append it is told of, and starts again after an edit it is told of', () => {
    const edits = new EditHistory();
    const uri = 'file:///case/var/log/secure';
    const service = createLogLanguageService({ referenceYear: 2019, unchangedPrefix: (u, since) => edits.unchangedPrefix(u, since) });
    let document = edits.configuration.create(uri, 'pluto-log', 1, lines(0, 20_400));
    const first = service.parse(document) as IndexedAnalysis;
    const end = () => document.positionAt(document.getText().length);
    document = edits.configuration.update(document, [{ range: { start: end(), end: end() }, text: lines(20_400, 20_900) }], 2);
    const grown = service.parse(document) as IndexedAnalysis;
    assert.equal(grown.index.keys, first.index.keys, 'the scan went on');
    assert.equal(grown.entryCount, 20_900);
    const fresh = createLogLanguageService({ referenceYear: 2019 }).parse(document);
    assert.deepEqual(grown.findings.map((f) => `${f.line} ${f.rule} ${f.message}`), fresh.findings.map((f) => `${f.line} ${f.rule} ${f.message}`));
    // One character changed early on (a status becomes a failure) together with an append at the end.
    const failing = 'max number of retransmissions (2) reached STATE_MAIN_I1.  No response (or no acceptable response) to our first IKE message';
    const at = document.getText().indexOf('STATE_MAIN_I4', 200);
    document = edits.configuration.update(
      document,
      [
        { range: { start: document.positionAt(at), end: document.positionAt(document.getText().indexOf('\n', at)) }, text: failing },
        { range: { start: end(), end: end() }, text: lines(20_900, 21_000) },
      ],
      3,
    );
    const edited = service.parse(document) as IndexedAnalysis;
    assert.notEqual(edited.index.keys, grown.index.keys, 'analysed from the start');
    const editedLine = document.positionAt(at).line;
    assert.ok(edited.findings.some((f) => f.line === editedLine), 'the edited line is diagnosed');
    assert.ok(!grown.findings.some((f) => f.line === editedLine));
  });
});
