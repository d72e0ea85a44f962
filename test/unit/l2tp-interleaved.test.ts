import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyzeText } from '../../server/src/service/analyze';
import { findings } from '../support/golden';
import { fixturePath } from '../support/paths';

const name = 'l2tp-interleaved.log';
const text = readFileSync(fixturePath('pluto', name), 'utf8');

describe('pluto, xl2tpd, pppd and NetworkManager interleaved in one syslog (CRLF)', () => {
  const parsed = analyzeText(text, { fileName: name, uri: `file:///fixtures/pluto/${name}` });

  test('every line is an entry of its own daemon', () => {
    const lines = text.split('\r\n').filter((l) => l.length > 0);
    assert.equal(parsed.family, 'pluto');
    assert.equal(parsed.entries.length, lines.length);
    const expected = lines.map((l) => (/ pluto\[/.test(l) ? 'pluto' : 'l2tp-ppp'));
    assert.deepEqual(parsed.entries.map((e) => e.formatId), expected);
    assert.deepEqual(parsed.entries.filter((e) => e.formatId === 'l2tp-ppp').map((e) => e.component), ['xl2tpd', 'xl2tpd', 'NetworkManager', 'pppd', 'pppd', 'pppd', 'pppd', 'xl2tpd']);
  });

  test('the PPP authentication failure and the tunnel it closes are findings; the IPsec lines stay quiet', () => {
    assert.deepEqual(findings(parsed), [
      '6:l2tp.pppd.peer-chap-failed:error',
      '7:l2tp.pppd.term-request-sent:error',
      '8:l2tp.xl2tpd.connection-closed:error',
    ]);
    const chap = parsed.findings.find((f) => f.rule === 'l2tp.pppd.peer-chap-failed')!;
    assert.equal(chap.values.user, 'vpnuser');
    const closed = parsed.findings.find((f) => f.rule === 'l2tp.xl2tpd.connection-closed')!;
    assert.equal(closed.values.reason, 'No Authorization');
    assert.equal(closed.values.peer, '198.51.100.20');
  });

  test('pppd lines form one process flow that failed; the tunnel is a flow of its own', () => {
    const pppd = [...parsed.flows.values()].find((f) => f.kind === 'process' && f.value === 'pppd[4418]')!;
    assert.equal(pppd.entries.length, 4);
    assert.equal(pppd.outcome?.status, 'failed');
    const tunnel = [...parsed.flows.values()].find((f) => f.kind === 'l2tp.tunnel' && f.value === '31844');
    assert.ok(tunnel, 'tunnel 31844 flow');
  });
});
