import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../server/src/service/analyze';
import { StreamAnalyzer } from '../../server/src/stream/streamAnalyzer';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLogLanguageService } from '../../server/src/service/languageService';

const YEAR = 2013;

/** pluto syslog lines of negotiations `from`..`to`; every 9th fails on the peer's identity, every 13th on proposals. */
function negotiations(from: number, to: number, startSecond: number): string[] {
  const lines: string[] = [];
  let second = startSecond;
  const at = () => {
    second += 2;
    return `Jul  2 11:${String(Math.floor(second / 60) % 60).padStart(2, '0')}:${String(second % 60).padStart(2, '0')} vpn-lon pluto[1401]: `;
  };
  for (let n = from; n <= to; n++) {
    const conn = `lon-${n % 5}`;
    lines.push(`${at()}"${conn}" #${n}: initiating Main Mode`);
    if (n % 9 === 0) lines.push(`${at()}"${conn}" #${n}: we require peer to have ID '203.0.113.${n}', but peer declares '10.1.${n}.2'`);
    else if (n % 13 === 0) lines.push(`${at()}"${conn}" #${n}: no acceptable Oakley Transform`);
    else lines.push(`${at()}"${conn}" #${n}: STATE_MAIN_I4: ISAKMP SA established {auth=OAKLEY_PRESHARED_KEY cipher=aes_256 prf=oakley_sha group=modp2048}`);
  }
  return lines;
}

function view(result: { findings: Array<{ rule: string; line: number; message: string; flowId?: string; severity: string }>; flows: Map<string, { id: string; entries: number[]; errorCount: number; outcome: { status: string; text: string } }> }) {
  return {
    findings: result.findings.map((f) => ({ rule: f.rule, line: f.line, message: f.message, flowId: f.flowId, severity: f.severity })),
    flows: [...result.flows.values()].map((f) => ({ id: f.id, entries: [...f.entries], errors: f.errorCount, outcome: f.outcome })).sort((a, b) => a.id.localeCompare(b.id)),
  };
}

describe('appended lines (live tail) are analysed alone and extend the analysis', () => {
  for (const chunk of [1 << 16, 5]) {
    test(`append after a final line break equals analysing the whole text (write chunks of ${chunk} bytes)`, () => {
      const first = negotiations(1, 40, 0);
      // The append continues conversation #40's connection and adds new negotiations with failures.
      const second = [...negotiations(41, 60, 200)];
      const before = first.join('\n') + '\n';
      const appended = second.join('\n') + '\n';
      const analyzer = new StreamAnalyzer({ fileName: 'pluto.log', referenceYear: YEAR });
      const write = (text: string) => {
        const bytes = Buffer.from(text, 'utf8');
        for (let i = 0; i < bytes.length; i += chunk) analyzer.writeBytes(bytes.subarray(i, i + chunk));
      };
      write(before);
      const initial = analyzer.finish();
      assert.deepEqual(view(initial), view(analyzeText(before, { fileName: 'pluto.log', referenceYear: YEAR })));
      analyzer.resume();
      write(appended);
      const grown = analyzer.checkpoint();
      const whole = analyzeText(before + appended, { fileName: 'pluto.log', referenceYear: YEAR });
      assert.ok(whole.findings.some((f) => f.line >= first.length), 'the appended part has findings of its own');
      assert.equal(grown.lineCount, whole.lineCount - 1, 'the last line (after the final break) waits for more bytes');
      assert.deepEqual(view(grown), view(whole));
    });
  }
});

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
