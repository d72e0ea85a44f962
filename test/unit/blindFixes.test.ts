/**
 * What the blind collection (test/fixtures/blind) showed the knowledge missing, on lines shaped like the real
 * ones there but with other hosts, ids and times: each case can fail on the rule it names.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../server/src/service/analyze';

const rulesOn = (text: string, uri = 'file:///logs/messages') => {
  const parsed = analyzeText(text, { uri, referenceYear: 2025 });
  return (line: number) => parsed.findings.filter((f) => f.line === line).map((f) => `${f.rule}:${f.severity}`);
};

describe('a negotiation that starts at the end of the log', () => {
  test('a Main Mode just started on the log\'s last lines is pending, not "never established"', () => {
    const at = rulesOn(['Mar  4 10:01:00 gw7 pluto[881]: "rw"[4] 198.51.100.7 #21: STATE_MAIN_R3: ISAKMP SA established', 'Mar  4 10:01:40 gw7 pluto[881]: "rw"[5] 198.51.100.9 #22: responding to Main Mode from unknown peer 198.51.100.9:4500'].join('\n'));
    assert.deepEqual(at(1), []);
  });
  test('the same start with minutes of log after it is reported', () => {
    const at = rulesOn(['Mar  4 10:01:40 gw7 pluto[881]: "rw"[5] 198.51.100.9 #22: responding to Main Mode from unknown peer 198.51.100.9:4500', 'Mar  4 10:05:10 gw7 pluto[881]: "rw"[6] 198.51.100.12 #23: STATE_MAIN_R3: ISAKMP SA established'].join('\n'));
    assert.ok(at(0).includes('pluto.ikev1.phase1-not-established:error'), at(0).join());
  });
});

describe('L2TP/PPP teardown: after a tunnel failure, and on request', () => {
  const failed = [
    'Jan 12 03:10:44 lns-4 xl2tpd[2211]: Maximum retries exceeded for tunnel 4120.  Closing.',
    'Jan 12 03:10:44 lns-4 xl2tpd[2211]: Terminating pppd: sending TERM signal to pid 3302',
    'Jan 12 03:10:44 lns-4 xl2tpd[2211]: Connection 9011 closed to 203.0.113.77, port 1701 (Timeout)',
    'Jan 12 03:10:44 lns-4 pppd[3302]: Terminating on signal 15',
    'Jan 12 03:10:44 lns-4 pppd[3302]: Sent 88412 bytes, received 0 bytes.',
  ];
  const requested = [
    'Jan 12 03:10:44 lns-4 xl2tpd[2211]: Terminating pppd: sending TERM signal to pid 3302',
    'Jan 12 03:10:44 lns-4 xl2tpd[2211]: Connection 9011 closed to 203.0.113.77, port 1701 (Goodbye!)',
    'Jan 12 03:10:44 lns-4 pppd[3302]: Terminating on signal 15',
    'Jan 12 03:10:44 lns-4 pppd[3302]: Sent 88412 bytes, received 120771 bytes.',
    'Jan 12 03:10:44 lns-4 pppd[3302]: Connection terminated.',
  ];
  test('after a timeout, stopping pppd and its end are warnings; nothing received is a warning', () => {
    const at = rulesOn(failed.join('\n'));
    assert.ok(at(1).includes('l2tp.xl2tpd.pppd-terminated-on-failure:warning'), at(1).join());
    assert.ok(at(3).includes('l2tp.pppd.terminated-on-tunnel-failure:warning'), at(3).join());
    assert.ok(at(4).includes('l2tp.pppd.one-way-traffic:warning'), at(4).join());
  });
  test('a requested disconnect (Goodbye!) flags none of these lines (CRLF)', () => {
    const at = rulesOn(requested.join('\r\n'));
    for (const line of [0, 2, 3, 4]) assert.deepEqual(at(line), [], `line ${line + 1}`);
  });
  test('a CHAP Failure in the packet trace is an error, and so is the end of the session it causes', () => {
    const at = rulesOn(['Sat Feb  1 09:12:30 2025 daemon.debug pppd[4410]: rcvd [CHAP Failure id=0x2 "E=691 R=0 V=3"]', 'Sat Feb  1 09:12:30 2025 daemon.err pppd[4410]: CHAP authentication failed', 'Sat Feb  1 09:12:30 2025 daemon.notice pppd[4410]: Connection terminated.'].join('\n'));
    assert.ok(at(0).includes('l2tp.pppd.chap-failure-received:error'), at(0).join());
    assert.ok(at(2).includes('l2tp.pppd.terminated-after-auth-failure:error'), at(2).join());
  });
});

describe('strongSwan starter and OpenWrt logread', () => {
  test('the starter\'s lines in logread form are parsed and diagnosed', () => {
    const at = rulesOn(['Tue Mar  4 06:12:09 2025 daemon.info ipsec: 00[DMN] Starting IKE charon daemon (strongSwan 5.9.14, Linux 6.6.73, aarch64)', 'Tue Mar  4 06:12:09 2025 daemon.info ipsec: 00[LIB] failed to open /dev/net/tun: No such file or directory', 'Tue Mar  4 06:12:10 2025 authpriv.info ipsec_starter[3120]: charon has died -- restart scheduled (5sec)'].join('\n'), 'file:///logs/logread.txt');
    assert.deepEqual(at(1), ['strongswan.libipsec-no-tun:warning'], 'a warning, not an error, for the userspace plugin\'s missing TUN device');
    assert.ok(at(2).some((r) => r.startsWith('strongswan.daemon-died')), at(2).join());
  });
  test('a charon that the starter kills or loses is an error', () => {
    const at = rulesOn(['Jul  9 22:41:02 edge-2 ipsec_starter[700]: charon too long to start... - kill kill', 'Jul  9 22:41:17 edge-2 ipsec_starter[700]: child 701 (charon) has been killed by sig 11'].join('\n'));
    assert.ok(at(0).includes('strongswan.starter.charon-start-timeout:error'), at(0).join());
    assert.ok(at(1).includes('strongswan.starter.charon-killed:error'), at(1).join());
  });
});

describe('ipsec verify and whack without a daemon', () => {
  test('a [FAILED] check and the summary are errors, [OK] checks are not; whack says pluto is not running', () => {
    const text = ['Verifying installed system and configuration files', '', 'Version check and ipsec on-path                         [OK]', 'Checking that pluto is running                          [FAILED]', 'Checking rp_filter                                      [OK]', '', "ipsec verify: encountered 1 errors - see 'man ipsec_verify' for help", 'whack: Pluto is not running (no "/var/run/pluto/pluto.ctl")'].join('\n');
    const at = rulesOn(text, 'file:///tmp/verify.txt');
    assert.deepEqual(at(2), []);
    assert.ok(at(3).includes('level.error:error'), at(3).join());
    assert.ok(at(6).includes('pluto.verify-errors:error'), at(6).join());
    assert.ok(at(7).includes('pluto.not-running:error'), at(7).join());
  });
});
