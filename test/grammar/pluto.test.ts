import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { scopesOf, tokenize, type Token } from '../support/grammar';

/** The pluto grammar on real line shapes: every prefix variant, both quote styles, debug lines and whack codes. */
async function line(text: string): Promise<Token[]> {
  const [tokens] = await tokenize('pluto-log', text);
  return tokens!;
}

function has(scopes: string[], prefix: string): boolean {
  return scopes.some((s) => s === prefix || s.startsWith(prefix + '.') || s.startsWith(prefix));
}

/** Scopes of the token that is exactly `needle` (short needles such as `4` would hit other tokens first). */
function exactScopes(tokens: Token[], needle: string): string[] {
  const token = tokens.find((t) => t.text === needle);
  if (!token) throw new Error(`no token ${JSON.stringify(needle)} in ${JSON.stringify(tokens.map((t) => t.text))}`);
  return token.scopes;
}

function assertScope(tokens: Token[], needle: string, scope: string, exact = false): void {
  const scopes = exact ? exactScopes(tokens, needle) : scopesOf(tokens, needle);
  assert.ok(has(scopes, scope), `${JSON.stringify(needle)} should be ${scope}, got ${scopes.join(' ')}`);
}

function assertNotScope(tokens: Token[], needle: string, scope: string): void {
  const scopes = scopesOf(tokens, needle);
  assert.ok(!has(scopes, scope), `${JSON.stringify(needle)} should not be ${scope}, got ${scopes.join(' ')}`);
}

describe('pluto-log grammar', () => {
  test('syslog prefix: date, host, program, pid, connection, instance, peer, serial', async () => {
    const t = await line('Mar  3 04:05:11 vpn-gw2 pluto[2291]: "roadwarrior"[4] 198.51.100.23 #77: responding to Main Mode from unknown peer 198.51.100.23');
    assertScope(t, 'Mar  3 04:05:11', 'constant.numeric.date');
    assertScope(t, 'vpn-gw2', 'entity.name.type.host');
    assertScope(t, 'pluto', 'entity.name.function.program');
    assertScope(t, '2291', 'constant.numeric.pid');
    assertScope(t, 'roadwarrior', 'entity.name.tag.connection');
    assertScope(t, 'roadwarrior', 'string.quoted.double');
    assertScope(t, '4', 'constant.numeric.instance', true);
    assertScope(t, '198.51.100.23', 'constant.numeric.ip-address');
    assertScope(t, '#77', 'constant.numeric.serial');
    assertScope(t, 'responding to Main Mode', 'keyword.other.exchange');
  });

  test('IPCop page: time only and typographic quotes', async () => {
    const t = await line('22:49:46 pluto[585] “abc” #624: transition from state STATE_MAIN_R1 to state STATE_MAIN_R2');
    assertScope(t, '22:49:46', 'constant.numeric.date');
    assertScope(t, 'abc', 'entity.name.tag.connection');
    assertScope(t, '“', 'string.quoted.double');
    assertScope(t, '#624', 'constant.numeric.serial');
    assertScope(t, 'STATE_MAIN_R1', 'support.constant.state');
  });

  test('ISO time stamp, facility and logfile= microseconds', async () => {
    const iso = await line('2023-09-14T08:41:07.512394+02:00 fw-core-1 pluto[88412]: "dc-link" #12: STATE_MAIN_I4: ISAKMP SA established {auth=OAKLEY_PRESHARED_KEY}');
    assertScope(iso, '2023-09-14T08:41:07.512394+02:00', 'constant.numeric.date');
    assertScope(iso, 'fw-core-1', 'entity.name.type.host');
    assertScope(iso, 'ISAKMP SA established', 'markup.inserted');
    const fac = await line('Feb 11 19:02:33 <authpriv.warn> edge07 pluto[4410]: "hq-tunnel" #3: initiating Main Mode');
    assertScope(fac, '<authpriv.warn>', 'entity.other.attribute-name.facility');
    assertScope(fac, 'edge07', 'entity.name.type.host');
    const logfile = await line('Jan 17 11:53:39.364147: "westnet-eastnet" #2: STATE_QUICK_I2: sent QI2, IPsec SA established tunnel mode');
    assertScope(logfile, 'Jan 17 11:53:39.364147', 'constant.numeric.date');
    assertScope(logfile, 'IPsec SA established', 'markup.inserted');
  });

  test('success and failure texts', async () => {
    const ok = await line('Feb 14 08:02:12 gw-ffm pluto[2417]: "ffm-muc" #2: STATE_QUICK_I2: sent QI2, IPsec SA established tunnel mode {ESP=>0x1f2e3d4c <0x8a9b0c1d}');
    assertScope(ok, 'IPsec SA established', 'markup.inserted');
    const v2 = await line('"road" #2: initiator established Child SA using #1; IPsec tunnel [10.1.0.0/16===10.2.0.0/16]');
    assertScope(v2, 'established Child SA', 'markup.inserted');
    const noProp = await line('"xxxTunnel" #1: ignoring informational payload, type NO_PROPOSAL_CHOSEN msgid=00000000');
    assertScope(noProp, 'NO_PROPOSAL_CHOSEN', 'invalid.illegal');
    const id = await line('002 "icms" #1: sending notification INVALID_ID_INFORMATION to 203.0.113.5:500');
    assertScope(id, 'INVALID_ID_INFORMATION', 'invalid.illegal');
    assertScope(id, '500', 'constant.numeric.port', true);
    const auth = await line('Feb  4 09:15:27 edge-2 pluto[1180]: "aws-tun2" #3: IKE SA authentication request rejected by peer: AUTHENTICATION_FAILED');
    assertScope(auth, 'AUTHENTICATION_FAILED', 'invalid.illegal');
    assertScope(auth, 'authentication request rejected by peer', 'invalid.illegal');
    const psk = await line('"L2TP-PSK-noNAT"[1] 192.168.1.103 #3: probable authentication failure (mismatch of preshared secrets?): malformed payload in packet');
    assertScope(psk, 'mismatch of preshared secrets', 'invalid.illegal');
  });

  test('whack status codes: failures, retransmissions, success and progress differ', async () => {
    const fail = await line('031 "office" #1: max number of retransmissions (2) reached STATE_MAIN_I1.  No response (or no acceptable response) to our first IKE message');
    assertScope(fail, '031', 'invalid.illegal');
    assertScope(fail, '031', 'constant.numeric.status');
    assertScope(fail, 'No response (or no acceptable response)', 'invalid.illegal');
    assertScope(fail, 'STATE_MAIN_I1', 'support.constant.state');
    const retry = await line('010 "office" #1: STATE_MAIN_I1: retransmission; will wait 20s for response');
    assertScope(retry, '010', 'markup.changed');
    assertScope(retry, 'retransmission; will wait 20s', 'markup.changed');
    const success = await line('004 "office" #2: STATE_QUICK_I2: sent QI2, IPsec SA established {ESP=>0x3f0a1b2c <0x9e8d7c6b}');
    assertScope(success, '004', 'markup.inserted');
    const progress = await line('117 "office" #2: STATE_QUICK_I1: initiate');
    assertScope(progress, '117', 'constant.numeric.status');
    assertNotScope(progress, '117', 'invalid');
    const notification = await line('214 "casc" #6: STATE_AGGR_I1: NO_PROPOSAL_CHOSEN');
    assertScope(notification, '214', 'invalid.illegal');
  });

  test('debug lines are comments, even when they mention errors', async () => {
    const prefixed = await line('Mar  3 04:05:11 vpn-gw2 pluto[2291]: | processing connection "roadwarrior"[4] 198.51.100.23 NO_PROPOSAL_CHOSEN');
    assertScope(prefixed, 'Mar  3 04:05:11', 'constant.numeric.date');
    assertScope(prefixed, '| processing', 'comment.line');
    assertNotScope(prefixed, 'NO_PROPOSAL_CHOSEN', 'invalid');
    const bare = await line('| ***parse ISAKMP Oakley attribute:');
    assertScope(bare, '***parse', 'comment.line');
  });

  test('packet from lines and strongSwan charon lines', async () => {
    const packet = await line('packet from 10.11.0.101:500: initial Main Mode message received but no connection has been authorized with authby=PSK and xauth=no');
    assertScope(packet, 'packet from', 'keyword.other');
    assertScope(packet, '10.11.0.101', 'constant.numeric.ip-address');
    assertScope(packet, 'but no connection has been authorized', 'invalid.illegal');
    const charon = await line('Jan 10 11:22:33 fw-branch2 charon: 09[IKE] <con2000|11> IKE_SA con2000[11] established between 192.0.2.90[192.0.2.90]...198.51.100.74[198.51.100.74]');
    assertScope(charon, 'charon', 'entity.name.function.program');
    assertScope(charon, 'IKE', 'entity.name.function.subsystem', true);
    assertScope(charon, 'con2000', 'entity.name.tag.connection');
    assertScope(charon, 'established', 'markup.inserted');
    const giveUp = await line('May 23 08:16:13 vpn-gw01 charon: 07[IKE] giving up after 5 retransmits');
    assertScope(giveUp, 'giving up after 5 retransmits', 'invalid.illegal');
  });

  test('a time of day is not mistaken for an IPv6 address', async () => {
    const t = await line('06:13:02 pluto[1207] “branch-ffm” #31: sent MR3, ISAKMP SA established');
    assertScope(t, '06:13:02', 'constant.numeric.date');
    assertNotScope(t, '06:13:02', 'constant.numeric.ip-address');
  });
});
