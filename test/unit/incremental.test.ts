import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLogLanguageService } from '../../server/src/service/languageService';

describe('document cache', () => {
  test('a document reopened under the same URI and version with other text is analysed again', () => {
    const service = createLogLanguageService();
    const first = TextDocument.create('untitled:Untitled-1', 'log', 1, 'Jan 22 09:14:51 gw pluto[1408]: "a" #1: max number of retransmissions (20) reached STATE_MAIN_I1.  No response (or no acceptable response) to our first IKE message');
    const firstRules = service.doValidation(first).map((d) => String(d.code));
    assert.ok(firstRules.length > 0, 'the first text has findings');
    const second = TextDocument.create('untitled:Untitled-1', 'log', 1, 'Jan 22 09:14:51 gw pluto[1408]: "a" #1: STATE_MAIN_I4: ISAKMP SA established');
    assert.deepEqual(service.doValidation(second).map((d) => String(d.code)).filter((r) => firstRules.includes(r)), []);
  });
});
