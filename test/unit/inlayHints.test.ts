import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeLog, analyzeText } from '../../server/src/service/analyze';
import { getInlayHints } from '../../server/src/service/features/inlayHints';

describe('gap inlay hints', () => {
  test('a gap inside a negotiation gets a hint; the first line of a new SA of the same connection does not', () => {
    const text = [
      'Mar  3 10:00:00 gw-dc1 pluto[412]: "datacenter" #12: initiating Main Mode',
      'Mar  3 10:00:01 gw-dc1 pluto[412]: "datacenter" #12: STATE_MAIN_I4: ISAKMP SA established {auth=OAKLEY_PRESHARED_KEY cipher=aes_256 prf=oakley_sha group=modp2048}',
      'Mar  3 10:01:49 gw-dc1 pluto[412]: "datacenter" #13: initiating Main Mode to replace #12',
      'Mar  3 10:01:50 gw-dc1 pluto[412]: "datacenter" #13: transition from state STATE_MAIN_I1 to state STATE_MAIN_I2',
      'Mar  3 10:02:20 gw-dc1 pluto[412]: "datacenter" #13: max number of retransmissions (2) reached STATE_MAIN_I2',
    ].join('\r\n');
    const parsed = analyzeLog(text, { referenceYear: 2024 });
    assert.ok(parsed.flow('pluto.conn:datacenter'), [...parsed.flows()].map((f) => f.id).join(', '));
    const hints = getInlayHints(parsed, 0, 10, 1000, 100);
    assert.deepEqual(
      hints.map((h) => [h.position.line, h.label]),
      [[4, '+30 s']],
    );
  });
});
