/**
 * Line forms and failures the blind collection (test/fixtures/blind) showed unread or missed, on lines shaped like
 * the real ones there but with other hosts, ports, ids and times: each case can fail on what it names.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../server/src/service/analyze';
import { withEnglishMonth } from '../../server/src/formats/lineText';

const analyze = (lines: string[], uri: string, eol = '\n') => analyzeText(lines.join(eol), { uri, referenceYear: 2025 });
const rulesAt = (parsed: ReturnType<typeof analyzeText>) => (line: number) =>
  parsed.findings.filter((f) => f.line === line).map((f) => `${f.rule}:${f.severity}`);

describe('syslog and journald months in another locale', () => {
  test('a localized month becomes the English one of the same length; other lines are left as they are', () => {
    assert.equal(withEnglishMonth('тра 29 10:31:37 host NetworkManager[975]: x'), 'May 29 10:31:37 host NetworkManager[975]: x');
    assert.equal(withEnglishMonth('Okt  4 08:12:55 gw charon: 05[IKE] x'), 'Oct  4 08:12:55 gw charon: 05[IKE] x');
    assert.equal(withEnglishMonth('Dez 31 23:59:59 gw pluto[12]: x'), 'Dec 31 23:59:59 gw pluto[12]: x');
    // Not followed by a day and an hour: a word, not a month.
    assert.equal(withEnglishMonth('set 12 of 40 loaded'), 'set 12 of 40 loaded');
    assert.equal(withEnglishMonth('Feb 22 19:01:56 gw pluto[1]: x'), 'Feb 22 19:01:56 gw pluto[1]: x');
  });

  test('a Ukrainian journald log of the strongSwan starter is read, timed and diagnosed', () => {
    const parsed = analyze(
      ['лис 14 07:02:11 laptop-7 ipsec_starter[4410]: Starting strongSwan 5.9.8 IPsec [starter]...', 'лис 14 07:02:19 laptop-7 ipsec_starter[4410]: child 4411 (charon) has been killed by sig 11'],
      'file:///logs/journal.txt',
      '\r\n',
    );
    assert.equal(parsed.formatId, 'strongswan');
    const time = parsed.entries[1]!.time;
    assert.ok(time !== undefined);
    assert.equal(new Date(time).getUTCMonth(), 10, 'November');
    assert.ok(rulesAt(parsed)(1).includes('strongswan.starter.charon-killed:error'), rulesAt(parsed)(1).join());
  });
});

describe('Wireshark packet lists pasted without a time column', () => {
  test('"frame > source destination protocol length info" rows are read, with their expert flags', () => {
    const parsed = analyze(
      [
        '2204 > 198.51.100.40 10.9.8.7 TCP 60 51022→443 [ACK] Seq=1 Ack=88001 Win=64240 Len=0',
        '2205 > 198.51.100.40 10.9.8.7 TCP 66 [TCP Dup ACK 2204#1] 51022→443 [ACK] Seq=1 Ack=88001 Win=64240 Len=0 SLE=89381 SRE=90761',
        '2206 >10.9.8.7 198.51.100.40 TCP 1434 [TCP Fast Retransmission] 443→51022 [ACK] Seq=88001 Ack=1 Win=6640 Len=1380',
      ],
      'file:///captures/paste.txt',
    );
    assert.equal(parsed.formatId, 'wireshark-text');
    const at = rulesAt(parsed);
    assert.ok(at(1).includes('wireshark.tcp.dup-ack:warning'), at(1).join());
    assert.ok(at(2).includes('wireshark.tcp.fast-retransmission:warning'), at(2).join());
    assert.equal(parsed.entries[2]!.fields.srcPort?.value, '443');
  });
});

describe('TCP handshakes that do not complete', () => {
  const capture = 'file:///captures/handshake.tshark.txt';
  test('a SYN repeated on the same port pair after a reset is a warning; one from a new port is not', () => {
    const parsed = analyze(
      [
        '192.0.2.14    203.0.113.9    TCP 61011 > 9443 [SYN] Seq=0 Win=8192 Len=0 MSS=1460',
        '203.0.113.9    192.0.2.14    TCP 9443 > 61011 [RST, ACK] Seq=1 Ack=1 Win=0 Len=0',
        '192.0.2.14    203.0.113.9    TCP [TCP Port numbers reused] 61011 > 9443 [SYN] Seq=0 Win=8192 Len=0 MSS=1460',
        '192.0.2.14    203.0.113.9    TCP 61012 > 9443 [SYN] Seq=0 Win=8192 Len=0 MSS=1460',
      ],
      capture,
    );
    const at = rulesAt(parsed);
    assert.ok(at(1).includes('wireshark.tcp.reset-refused:error'), at(1).join());
    assert.deepEqual(at(2), ['wireshark.tcp.syn-repeated:warning']);
    assert.deepEqual(at(3), [], 'another connection between the same hosts is not a repeat');
  });

  test('a server repeating its SYN/ACK after the client\'s ACK is a warning', () => {
    const parsed = analyze(
      [
        '  0.000  10.4.4.2 -> 10.4.4.30  TCP 74 40112 > 5432 [SYN] Seq=0 Len=0',
        '  0.000  10.4.4.30 -> 10.4.4.2  TCP 74 5432 > 40112 [SYN, ACK] Seq=0 Ack=1 Len=0',
        '  0.001  10.4.4.2 -> 10.4.4.30  TCP 66 40112 > 5432 [ACK] Seq=1 Ack=1 Len=0',
        '  0.002  10.4.4.30 -> 10.4.4.2  TCP 74 5432 > 40113 [SYN, ACK] Seq=0 Ack=1 Len=0',
        '  1.203  10.4.4.30 -> 10.4.4.2  TCP 74 5432 > 40112 [SYN, ACK] Seq=0 Ack=1 Len=0',
      ],
      capture,
    );
    const at = rulesAt(parsed);
    assert.deepEqual(at(1), []);
    assert.deepEqual(at(3), [], 'a SYN/ACK of another connection');
    assert.deepEqual(at(4), ['wireshark.tcp.synack-repeated:warning']);
  });

  test('a SYN answered with a bare ACK is a warning, the repeat answered with the same ACK an error', () => {
    const parsed = analyze(
      [
        '31822   0.000270000 6.118204000 172.20.1.9 172.20.7.4 52014   8080   TCP 52014 > 8080 [SYN, ECN, CWR] Seq=0 Win=8192 Len=0 MSS=1460 WS=256 SACK_PERM=1  31822',
        '31990   0.000390000 6.209551000 172.20.7.4 172.20.1.9 8080   52014   TCP 8080 > 52014 [ACK] Seq=1 Ack=1 Win=32775 Len=0 31990',
        '40107   0.000410000 12.118990000 172.20.1.9 172.20.7.4 52014   8080   TCP [TCP Retransmission] 52014 > 8080 [SYN] Seq=0 Win=8192 Len=0 MSS=1460 SACK_PERM=1  40107',
        '40231   0.000051000 12.210102000 172.20.7.4 172.20.1.9 8080   52014   TCP [TCP Dup ACK 31990#1] 8080 > 52014 [ACK] Seq=1 Ack=1 Win=32775 Len=0   40231',
      ],
      capture,
    );
    assert.equal(parsed.entries[0]!.fields.srcPort?.value, '52014');
    const at = rulesAt(parsed);
    assert.deepEqual(at(1), ['wireshark.tcp.syn-answered-with-ack:warning']);
    assert.ok(at(2).includes('wireshark.tcp.syn-retransmission:warning'), at(2).join());
    assert.deepEqual(at(3), ['wireshark.tcp.syn-answered-with-dup-ack:error']);
  });

  test('a reset after retransmissions on the connection is an error; a reset on another connection stays a warning', () => {
    const parsed = analyze(
      [
        ' 9101 88.100102  10.12.0.5  10.13.0.8  TCP  590  [TCP Retransmission] 50990 > 1433 [ACK] Seq=7741 Ack=301 Win=262144 Len=536',
        ' 9920 95.300411  10.12.0.5  10.13.0.8  TCP  590  [TCP Retransmission] 50990 > 1433 [ACK] Seq=7741 Ack=301 Win=262144 Len=536',
        ' 9921 95.300500  10.12.0.5  10.13.0.8  TCP  54   50991 > 1433 [RST] Seq=1 Win=0 Len=0',
        '12088 160.020335  10.12.0.5  10.13.0.8  TCP  54   50990 > 1433 [RST] Seq=8277 Win=0 Len=0',
      ],
      capture,
      '\r\n',
    );
    const at = rulesAt(parsed);
    assert.deepEqual(at(2), ['wireshark.tcp.reset:warning']);
    assert.deepEqual(at(3), ['wireshark.tcp.reset-after-retransmissions:error']);
  });
});

describe('strongSwan lines as management consoles show them', () => {
  test('a US date and 12-hour clock glued to the thread is read, timed and diagnosed', () => {
    const parsed = analyze(
      ['3/2/2019 1:15:07 PM12[IKE] sending DPD request', '3/2/2019 1:15:37 PM12[IKE] giving up after 5 retransmits', '3/2/2019 1:15:37 PM07[KNL] querying policy failed: No such file or directory (2)'],
      'file:///logs/ipsec-container.log',
    );
    assert.equal(parsed.formatId, 'strongswan');
    const time = parsed.entries[1]!.time!;
    assert.equal(new Date(time).getUTCHours(), 13);
    assert.equal(parsed.entries[1]!.fields.thread?.value, '12');
    assert.ok(rulesAt(parsed)(1).some((r) => r.endsWith(':error')), rulesAt(parsed)(1).join());
  });

  test('an AppArmor denial of a strongSwan program in the kernel log is an error naming the program and profile', () => {
    const parsed = analyze(
      [
        'Apr  9 16:20:01 hv-3 charon-systemd[7710]: spawning 16 worker threads',
        'Apr  9 16:20:02 hv-3 swanctl[7731]: connecting to \'unix:///var/run/charon.vici\' failed: Permission denied',
        'hv-3 kernel: audit: type=1400 audit(1775751602.207:311): apparmor="DENIED" operation="create" class="net" info="failed protocol match" error=-13 profile="/usr/sbin/swanctl" pid=7731 comm="swanctl" family="unix" sock_type="stream" protocol=0',
        'hv-3 kernel: audit: type=1400 audit(1775751602.210:312): apparmor="STATUS" operation="profile_load" profile="unconfined" name="/usr/sbin/swanctl" pid=7700 comm="apparmor_parser"',
      ],
      'file:///logs/journal.txt',
    );
    const finding = parsed.findings.find((f) => f.line === 2 && f.rule === 'strongswan.apparmor-denied');
    assert.ok(finding, rulesAt(parsed)(2).join());
    assert.equal(finding.severity, 'error');
    assert.match(finding.message, /swanctl the create operation \(profile \/usr\/sbin\/swanctl\)/);
    assert.deepEqual(rulesAt(parsed)(3), []);
  });

  test('a CA file in an unknown format is an error', () => {
    const parsed = analyze(['00[CFG] loading ca certificates from \'/etc/ipsec.d/cacerts\'', '00[LIB]   file coded in unknown format, discarded'], 'file:///tmp/starter.txt');
    assert.ok(rulesAt(parsed)(1).includes('strongswan.certificate-unparsable:error'), rulesAt(parsed)(1).join());
  });
});

describe('pluto: Phase 2 waiting on a deleted ISAKMP SA', () => {
  test('each rescheduled negotiation is a warning naming its connection and state', () => {
    const parsed = analyze(
      [
        'Oct  2 08:40:12.771020: "dc-link/0x2" #3: received Delete SA payload: self-deleting ISAKMP State #3',
        'Oct  2 08:40:12.771188: "dc-link/0x2" #3: reschedule pending Phase 2 of connection"dc-link/0x1" state #9: - the parent is going away',
      ],
      'file:///var/log/pluto.log',
    );
    const finding = parsed.findings.find((f) => f.line === 1);
    assert.ok(finding, 'no finding on the reschedule line');
    assert.equal(finding.rule, 'pluto.pending-phase2-rescheduled');
    assert.equal(finding.severity, 'warning');
    assert.match(finding.message, /"dc-link\/0x1" \(#9\).*ISAKMP SA #3/);
  });
});
