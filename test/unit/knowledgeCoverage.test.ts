import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogProblems, coverageMarkdown, coverageOf, readCatalogs, type Catalog } from '../../server/src/node/knowledgeCoverage';
import { repoRoot } from '../support/paths';

const docs = join(repoRoot(), 'docs');

describe('knowledge coverage', () => {
  test('a message is covered by a signature finding, not by a bare level finding', () => {
    const catalog: Catalog = {
      daemon: 'libreswan',
      version: 'test',
      source: 'github:libreswan/libreswan@0000000:programs/pluto',
      messages: [
        { id: 'no-response', file: 'programs/pluto/timer.c', kind: 'failure', text: 'max number of retransmissions (8) reached STATE_MAIN_I1', sample: 'Feb  4 11:20:31 fw-lon pluto[8812]: "hq-lon" #3: max number of retransmissions (8) reached STATE_MAIN_I1.  No response (or no acceptable response) to our first IKEv1 message' },
        { id: 'nothing-known', file: 'programs/pluto/x.c', kind: 'failure', text: 'quux frobnication failed', sample: 'Feb  4 11:20:32 fw-lon pluto[8812]: <err> quux frobnication failed' },
      ],
    };
    const [covered, uncovered] = coverageOf(catalog);
    assert.ok(covered!.rules.length > 0 && covered!.rules.every((r) => !r.startsWith('level.')), covered!.rules.join(', '));
    assert.deepEqual(uncovered!.rules, []);
    const markdown = coverageMarkdown([{ name: 'libreswan-test.json', catalog }]);
    assert.match(markdown, /\| libreswan \| test \| 1 \| 2 \| 50\.0% \|/);
    assert.match(markdown, /### Not covered \(1\)\n\n\| id \| kind \| file \| message \|\n\|---\|---\|---\|---\|\n\| nothing-known \| failure \| programs\/pluto\/x\.c \| quux frobnication failed \|/);
  });

  test('no catalogs give a document that says so', () => {
    assert.match(coverageMarkdown([]), /No catalogs yet/);
  });

  test('broken catalogs are named with what is wrong', () => {
    const problems = catalogProblems('x.json', { daemon: 'pppd', version: '2.5.0', source: 'github:ppp-project/ppp@abc:pppd', messages: [{ id: 'a', file: 'f.c', kind: 'oops', text: 't', sample: 's' }, { id: 'a', file: 'f.c', kind: 'failure', text: 't', sample: '' }] });
    assert.deepEqual(problems, ['x.json: messages[0] (a): "kind" must be failure or degradation', 'x.json: messages[1] (a): "sample" must be a non-empty string', 'x.json: messages[1] (a): duplicate id']);
  });

  test('every catalog in docs/catalogs is well formed', () => {
    const catalogs = readCatalogs(join(docs, 'catalogs'));
    assert.deepEqual(catalogs.flatMap((c) => catalogProblems(c.name, c.catalog)), []);
  });

  test('docs/knowledge-coverage.md is what the catalogs and the knowledge base give today', () => {
    const path = join(docs, 'knowledge-coverage.md');
    const committed = existsSync(path) ? readFileSync(path, 'utf8') : '';
    const generated = coverageMarkdown(readCatalogs(join(docs, 'catalogs')));
    if (committed === generated) return;
    const a = committed.split('\n');
    const b = generated.split('\n');
    const first = b.findIndex((line, i) => line !== a[i]);
    assert.fail(`docs/knowledge-coverage.md is out of date (first difference at line ${first + 1}: committed "${a[first] ?? ''}", now "${b[first] ?? ''}"): run npm run coverage:knowledge`);
  });
});
