// Deterministic generator of large, realistic logs for `npm run bench`: one pluto log with syslog prefixes, one
// WAAS accelerator errorlog, one IAG UserMgrCom trace, one Wireshark text export of a packet capture and one IIS
// W3C log of Exchange ActiveSync requests, each with many interleaved flows and a few percent of failure lines of
// kinds the knowledge base knows. Same seed, same bytes: runs are comparable across commits.
//
//   node bench/generate.mjs [--lines N] [--out DIR] [--only pluto,waas,iag,nettrace,activesync] [--bytes N]
//
// `--bytes N` writes a file of at least N bytes instead (used by the large-file editor test for a 500 MB log).
import { createWriteStream, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Bundled into a test (CommonJS), the module has no URL of its own: it is then a library, not a program.
const self = import.meta.url ? fileURLToPath(import.meta.url) : undefined;

/** mulberry32: small, fast, deterministic. */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
  };
}

const pad = (n, w = 2) => String(n).padStart(w, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A clock that advances a little per line; all families start on a fixed day. */
function clock(r, startMs) {
  let t = startMs;
  return {
    tick: (maxMs = 40) => (t += r.int(0, maxMs)),
    now: () => t,
  };
}

function syslogTime(ms) {
  const d = new Date(ms);
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

function waasTime(ms) {
  const d = new Date(ms);
  return `${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
}

function iagTime(ms) {
  const d = new Date(ms);
  return `${pad(d.getUTCDate())}.${pad(d.getUTCMonth() + 1)}.${pad(d.getUTCFullYear() % 100)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
}

const ip = (r, a, b) => `${a}.${b}.${r.int(0, 255)}.${r.int(1, 254)}`;
const hex = (r, n) => Array.from({ length: n }, () => '0123456789abcdef'[r.int(0, 15)]).join('');
const guid = (r) => `${hex(r, 8)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 12)}`.toUpperCase();

// ---------------------------------------------------------------------------------------------------------------
// pluto: syslog lines of IKEv1 main + quick mode negotiations for many tunnels at once, a third of lines debug.

function* plutoLines(r) {
  const c = clock(r, Date.UTC(2024, 2, 11, 6, 0, 0));
  const hosts = ['vpn-gw1', 'edge-fra', 'ipsec-hub'];
  const host = hosts[0];
  const pid = 4127;
  const conns = Array.from({ length: 120 }, (_, i) => ({ name: `site-${pad(i, 3)}`, peer: ip(r, 198, 51) }));
  let serial = 1;
  const active = [];
  const prefix = () => `${syslogTime(c.tick())} ${host} pluto[${pid}]: `;
  const failures = [
    (s) => [`"${s.conn.name}" #${s.n}: STATE_MAIN_I1: retransmission; will wait 20s for response`, `"${s.conn.name}" #${s.n}: max number of retransmissions (2) reached STATE_MAIN_I1.  No response (or no acceptable response) to our first IKE message`],
    (s) => [`"${s.conn.name}" #${s.n}: we require peer to have ID '${s.conn.peer}', but peer declares '10.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}'`],
    (s) => [`"${s.conn.name}" #${s.n}: no acceptable Oakley Transform`],
    (s) => [`"${s.conn.name}" #${s.n}: received Hash Payload does not match computed value`],
    (s) => [`"${s.conn.name}" #${s.n}: ignoring informational payload, type NO_PROPOSAL_CHOSEN msgid=00000000`],
    (s) => [`"${s.conn.name}" #${s.n}: ignoring informational payload, type INVALID_ID_INFORMATION msgid=${hex(r, 8)}`],
  ];
  const start = () => {
    const conn = r.pick(conns);
    const n = serial++;
    const fail = r.chance(0.06) ? r.pick(failures) : undefined;
    const steps = [
      `"${conn.name}" #${n}: initiating Main Mode`,
      `| sending ${r.int(200, 600)} bytes for main_outI1 through eth0:500 to ${conn.peer}:500 (using #${n})`,
      `"${conn.name}" #${n}: transition from state STATE_MAIN_I1 to state STATE_MAIN_I2`,
      `| received ${r.int(100, 400)} bytes from ${conn.peer}:500 on eth0 (port=500)`,
      `"${conn.name}" #${n}: STATE_MAIN_I2: sent MI2, expecting MR2`,
    ];
    if (fail) steps.push(...fail({ conn, n }));
    else {
      const q = serial++;
      steps.push(
        `"${conn.name}" #${n}: transition from state STATE_MAIN_I3 to state STATE_MAIN_I4`,
        `"${conn.name}" #${n}: STATE_MAIN_I4: ISAKMP SA established {auth=OAKLEY_PRESHARED_KEY cipher=aes_256 prf=oakley_sha group=modp2048}`,
        `| processing quick mode for #${q}`,
        `"${conn.name}" #${q}: initiating Quick Mode PSK+ENCRYPT+TUNNEL+PFS+UP+IKEV1_ALLOW {using isakmp#${n} msgid:${hex(r, 8)} proposal=AES_CBC_256-HMAC_SHA1 pfsgroup=OAKLEY_GROUP_MODP2048}`,
        `"${conn.name}" #${q}: transition from state STATE_QUICK_I1 to state STATE_QUICK_I2`,
        `"${conn.name}" #${q}: STATE_QUICK_I2: sent QI2, IPsec SA established tunnel mode {ESP=>0x${hex(r, 8)} <0x${hex(r, 8)} xfrm=AES_CBC_256-HMAC_SHA1 NATOA=none NATD=none DPD=passive}`,
      );
    }
    active.push(steps);
  };
  for (;;) {
    while (active.length < 40) start();
    const i = r.int(0, active.length - 1);
    const steps = active[i];
    yield prefix() + steps.shift();
    if (steps.length === 0) active.splice(i, 1);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// WAAS: an eMAPI accelerator errorlog with thousands of fl=N connections.

function* waasLines(r) {
  const c = clock(r, Date.UTC(2013, 2, 11, 8, 0, 0));
  const pids = [31207, 31208, 31215];
  let flow = 88000;
  const active = [];
  const head = (level, fl) => {
    const t = c.tick(30);
    const usec = (t % 1000) * 1000 + r.int(0, 999);
    return `${waasTime(t)}(Local)(${r.pick(pids)} ${r.int(0, 4)}.${r.int(0, 7)}) ${level} (${usec}) ${fl === undefined ? '' : `(fl=${fl}) `}`;
  };
  const failures = [
    (f) => [['NTCE', f.fl, `Client ${f.client} disconnected more than four consecutive times - push down to generic ao. [EdgeTcpConnectionDceRpcLayer.cpp:1443]`]],
    (f) => [['NTCE', f.fl, `Unsupported Auth Type :NTLM [EdgeTcpConnectionDceRpcLayer.cpp:1401]`]],
    (f) => [['ERRO', undefined, `session(0x${hex(r, 6)}) Failed to Retrieve Key from AD for SPN:exchangeMDB/mbx${pad(r.int(1, 20))}.corp.northwind.local error:16 [SRKeyRetriever.cpp:267]`]],
    (f) => [['ERRO', undefined, `certificate verification failed 'certificate has expired' [open_ssl.cpp:1213]`], ['ERRO', undefined, `ssl_read failed: 'SSL_ERROR_SSL' [open_ssl.cpp:1217]`]],
    (f) => [['ERRO', f.fl, `ContextHandle.IsNull() [EdgeTcpConnectionEmsMdbLayer.cpp:1612]`]],
  ];
  const start = () => {
    const fl = flow++;
    const client = ip(r, 10, 44);
    const server = ip(r, 10, 20);
    const port = r.int(49152, 65000);
    const agid = `0x${hex(r, 5)}`;
    const f = { fl, client };
    const steps = [
      ['NTCE', fl, `Edge TCP connection initiated (${-r.int(1000000000, 2000000000)}), Conn: [${client}:${port} <=> ${server}:6001], Flavor: 0 [EdgeTcpConnectionDceRpcLayer.cpp:43]`],
      ['NTCE', fl, `OnNewConnection - Client IP ${client} (0x${hex(r, 8)}), Serv IP ${server} (0x${hex(r, 8)}), nDstPort=6001, nAssociationGroup=${agid},conn_fd=${r.int(20, 900)}, bWasConnectionFromReservedPool=0, bIsNewMapiSession=1 [ConnectionReservationManager.cpp:255]`],
      ['DBUG', fl, `CEdgeTcpConnectionDceRpcLayer::ProcessBind pdu len ${r.int(100, 400)} [EdgeTcpConnectionDceRpcLayer.cpp:1180]`],
      ['NTCE', fl, `Bind Request from client with AGID ${agid}, callId ${r.int(1, 9)}, to dest-ip ${server}, AuthLevel: PRIVACY AuthType:KERBEROS AuthCtxId: ${r.int(100000000, 999999999)} WsPlumb: 2 [EdgeTcpConnectionDceRpcLayer.cpp:1277]`],
      ['DBUG', fl, `Security context negotiation step ${r.int(1, 3)} [EdgeTcpConnectionDceRpcLayer.cpp:1320]`],
    ];
    if (r.chance(0.05)) steps.push(...r.pick(failures)(f));
    else steps.push(['NTCE', fl, `Security Layer moved to ESTB state [EdgeTcpConnectionDceRpcLayer.cpp:1366]`], ['INFO', fl, `Connection closed normally, bytes in ${r.int(1000, 900000)} out ${r.int(1000, 900000)} [EdgeTcpConnection.cpp:610]`]);
    active.push(steps);
  };
  for (;;) {
    while (active.length < 60) start();
    const i = r.int(0, active.length - 1);
    const steps = active[i];
    const [level, fl, text] = steps.shift();
    yield head(level, fl) + text;
    if (steps.length === 0) active.splice(i, 1);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// IAG: UserMgrCom trace, multi-line entries (header, body, trailer) of authentications on many threads, CRLF.

function* iagLines(r) {
  const c = clock(r, Date.UTC(2009, 2, 14, 7, 0, 0));
  const users = Array.from({ length: 400 }, (_, i) => `user${pad(i, 3)}`);
  const domains = ['fabrikam', 'tailspin', 'northwind'];
  const sites = ['easportal', 'mobilesync', 'webmail'];
  let nextThread = 2000;
  const threads = [];
  const header = (thread, category = 'GENERAL') => `** ${iagTime(c.tick(15))} USERMGR_SERVICE:${category} T${thread}`;
  const trailer = () => `* at line ${r.int(100, 3000)}, file "src/${r.pick(['UserMgrCore.cpp', 'Ldap.cpp', 'Repository.cpp'])}".`;
  const start = () => {
    const thread = nextThread++;
    const user = r.pick(users);
    const domain = r.pick(domains);
    const session = guid(r);
    const fail = r.chance(0.04);
    const entries = [
      () => [
        header(thread),
        'AuthenticateUser got [CAuthenticateUserIn:',
        'm_repository = [AD]',
        `m_user = [${user}]`,
        'm_password = [**Confidential**]',
        `m_domain = [${domain}]`,
        'm_param_vec = <EmptyField>',
        `m_site_name = [${r.pick(sites)}]`,
        'm_secure = [1]',
        `m_session_id = [${session}]`,
        'm_login_type = [2]',
        `m_source_ip = [${ip(r, 172, 16)}]`,
        ']',
        trailer(),
      ],
      () => [header(thread), `Connect user [${user}] domain [${domain}] in the ldap server [dc${r.int(1, 4)}.${domain}.local] port [389] dn [CN=${user},OU=Users,DC=${domain},DC=local] type [AD]`, trailer()],
    ];
    if (fail) entries.push(() => [header(thread, 'ERROR'), `Connect failed for user [${user}] error [0x${hex(r, 8)}] (invalid credentials)`, trailer()]);
    else entries.push(() => [header(thread), 'Connect success', trailer()]);
    threads.push(entries);
  };
  for (;;) {
    while (threads.length < 12) start();
    const i = r.int(0, threads.length - 1);
    const entries = threads[i];
    // Entries are built when written, so their time stamps run in file order.
    const entry = entries.shift()();
    for (const line of entry) yield line;
    if (entries.length === 0) threads.splice(i, 1);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Network trace: Wireshark's "Export Packet Dissections > As Plain Text" summary rows of many clients at once:
// DNS look-ups, TCP handshakes, TLS to 443 and ActiveSync over HTTP to 80, with a few name errors, 401 loops,
// retransmissions, resets and TLS alerts.

function* wiresharkLines(r) {
  let t = 0;
  let frame = 1;
  const dns = ['10.1.4.2', '10.1.4.3'];
  const servers = [
    { name: 'exch-cas1.tailspin.local', ip: '10.1.4.31' },
    { name: 'exch-cas2.tailspin.local', ip: '10.1.4.32' },
    { name: 'mail.tailspin.com', ip: '198.51.100.9' },
    { name: 'autodiscover.tailspin.com', ip: '198.51.100.10' },
  ];
  const clients = Array.from({ length: 300 }, () => ip(r, 10, 20));
  const users = Array.from({ length: 200 }, (_, i) => `user${pad(i, 3)}`);
  const active = [];
  const row = (src, dst, proto, length, info) => {
    t += r.int(0, 4000) / 1e6;
    return `${String(frame++).padStart(7)} ${t.toFixed(6).padEnd(14)} ${src.padEnd(21)} ${dst.padEnd(21)} ${proto.padEnd(8)} ${String(length).padEnd(6)} ${info}`;
  };
  const start = () => {
    const client = r.pick(clients);
    const server = r.pick(servers);
    const port = r.int(49152, 65000);
    const qid = hex(r, 4);
    const resolver = r.pick(dns);
    const user = r.pick(users);
    const device = `Appl${hex(r, 10).toUpperCase()}`;
    const cmd = r.pick(['Sync', 'Ping', 'FolderSync', 'GetItemEstimate', 'SendMail']);
    const steps = [[client, resolver, 'DNS', r.int(70, 90), `Standard query 0x${qid} A ${server.name}`]];
    if (r.chance(0.03)) {
      steps.push([resolver, client, 'DNS', r.int(140, 170), `Standard query response 0x${qid} No such name A ${server.name} SOA dc01.tailspin.local`]);
      active.push(steps);
      return;
    }
    steps.push([resolver, client, 'DNS', r.int(95, 110), `Standard query response 0x${qid} A ${server.name} A ${server.ip}`]);
    const tls = server.ip.startsWith('198.');
    const sp = tls ? 443 : 80;
    let seq = 1;
    steps.push(
      [client, server.ip, 'TCP', 66, `${port} → ${sp} [SYN] Seq=0 Win=65535 Len=0 MSS=1460 WS=256 SACK_PERM`],
      [server.ip, client, 'TCP', 66, `${sp} → ${port} [SYN, ACK] Seq=0 Ack=1 Win=16384 Len=0 MSS=1460 WS=1 SACK_PERM`],
      [client, server.ip, 'TCP', 54, `${port} → ${sp} [ACK] Seq=1 Ack=1 Win=262144 Len=0`],
    );
    if (tls) {
      steps.push([client, server.ip, 'TLSv1.2', r.int(180, 520), 'Client Hello'], [server.ip, client, 'TLSv1.2', 1514, 'Server Hello, Certificate, Server Key Exchange, Server Hello Done']);
      if (r.chance(0.03)) {
        steps.push([client, server.ip, 'TLSv1.2', 61, 'Alert (Level: Fatal, Description: Unknown CA)'], [client, server.ip, 'TCP', 54, `${port} → ${sp} [RST, ACK] Seq=${r.int(200, 600)} Ack=${r.int(1500, 4000)} Win=0 Len=0`]);
        active.push(steps);
        return;
      }
      steps.push([client, server.ip, 'TLSv1.2', r.int(130, 380), 'Client Key Exchange, Change Cipher Spec, Encrypted Handshake Message'], [server.ip, client, 'TLSv1.2', 105, 'Change Cipher Spec, Encrypted Handshake Message']);
      for (let k = r.int(1, 4); k > 0; k--) {
        const len = r.int(100, 1400);
        steps.push([client, server.ip, 'TLSv1.2', len + 54, 'Application Data'], [server.ip, client, 'TCP', 54, `${sp} → ${port} [ACK] Seq=1 Ack=${(seq += len)} Win=64784 Len=0`]);
      }
    } else {
      const url = `/Microsoft-Server-ActiveSync?User=${user}&DeviceId=${device}&DeviceType=iPhone&Cmd=${cmd}`;
      const loop = r.chance(0.04);
      for (let k = loop ? r.int(3, 5) : 1; k > 0; k--) {
        const len = r.int(350, 520);
        steps.push([client, server.ip, 'HTTP', len, `POST ${url} HTTP/1.1 `]);
        steps.push(loop ? [server.ip, client, 'HTTP', 512, 'HTTP/1.1 401 Unauthorized  (text/html)'] : [server.ip, client, 'HTTP', r.int(200, 1400), 'HTTP/1.1 200 OK  (application/vnd.ms-sync.wbxml)']);
        seq += len;
      }
    }
    if (r.chance(0.02)) steps.push([client, server.ip, 'TCP', 1514, `[TCP Retransmission] ${port} → ${sp} [PSH, ACK] Seq=${seq} Ack=1 Win=262144 Len=1460`]);
    if (r.chance(0.02)) steps.push([server.ip, client, 'TCP', 54, `${sp} → ${port} [RST] Seq=1 Win=0 Len=0`]);
    else {
      steps.push(
        [client, server.ip, 'TCP', 54, `${port} → ${sp} [FIN, ACK] Seq=${seq} Ack=1640 Win=262144 Len=0`],
        [server.ip, client, 'TCP', 54, `${sp} → ${port} [FIN, ACK] Seq=1640 Ack=${seq + 1} Win=64784 Len=0`],
        [client, server.ip, 'TCP', 54, `${port} → ${sp} [ACK] Seq=${seq + 1} Ack=1641 Win=262144 Len=0`],
      );
    }
    active.push(steps);
  };
  yield 'No.     Time           Source                Destination           Protocol Length Info';
  for (;;) {
    while (active.length < 50) start();
    const i = r.int(0, active.length - 1);
    const steps = active[i];
    yield row(...steps.shift());
    if (steps.length === 0) active.splice(i, 1);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// ActiveSync: an IIS W3C log of an Exchange front end, Microsoft-Server-ActiveSync requests of many users and
// devices (Sync, Ping, FolderSync, ...), some OWA and Autodiscover, and the failures ActiveSync shows there
// (401, 449 provisioning, 451 redirect, 500, 503, 507 mailbox full); the header block again after each restart.

function* iisEasLines(r) {
  const c = clock(r, Date.UTC(2023, 10, 27, 6, 0, 0));
  const domain = r.pick(['CONTOSO', 'FABRIKAM']);
  const serverIp = '10.0.4.21';
  const users = Array.from({ length: 500 }, (_, i) => `${r.pick(['a', 'b', 'c', 'd', 'j', 'k', 'm', 'p', 's'])}${r.pick(['miller', 'okafor', 'nguyen', 'schmidt', 'rossi', 'tanaka', 'dubois'])}${i}`);
  const devices = users.map((user) => {
    const kind = r.pick([
      ['iPhone', `Apple-iPhone${r.int(12, 16)}C${r.int(1, 3)}/${r.int(2000, 2199)}.${r.int(10, 99)}`, `Appl${hex(r, 10).toUpperCase()}`],
      ['SAMSUNG', `SAMSUNG-SM-A${r.int(500, 599)}B/101.${r.int(1000, 1299)}`, `SEC${hex(r, 13).toUpperCase()}`],
      ['Outlook', 'Outlook-iOS-Android/1.0', hex(r, 32).toUpperCase()],
    ]);
    return { user, type: kind[0], agent: kind[1], id: kind[2], ip: r.chance(0.5) ? ip(r, 203, 0) : ip(r, 198, 51) };
  });
  const stamp = (ms) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
  const header = () => [
    '#Software: Microsoft Internet Information Services 10.0',
    '#Version: 1.0',
    `#Date: ${stamp(c.now())}`,
    '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken',
  ];
  const commands = ['Sync', 'Sync', 'Sync', 'Ping', 'Ping', 'FolderSync', 'GetItemEstimate', 'SendMail', 'ItemOperations', 'MoveItems'];
  yield* header();
  let n = 0;
  for (;;) {
    if (++n % 200000 === 0) yield* header();
    const when = stamp(c.tick(400));
    const d = r.pick(devices);
    const roll = r.next();
    if (roll < 0.04) {
      yield `${when} ${serverIp} GET /owa/ - 443 - ${ip(r, 192, 0)} Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64) https://portal.contoso.com/ 302 0 0 ${r.int(1, 20)}`;
      continue;
    }
    if (roll < 0.06) {
      yield `${when} ${serverIp} POST /Autodiscover/Autodiscover.xml - 443 ${domain}\\${d.user} ${d.ip} ${d.agent} - 200 0 0 ${r.int(20, 300)}`;
      continue;
    }
    const cmd = r.pick(commands);
    const query = `Cmd=${cmd}&User=${domain}%5C${d.user}&DeviceId=${d.id}&DeviceType=${d.type}`;
    const fail = r.next();
    let status = '200 0 0';
    let user = `${domain}\\${d.user}`;
    let log = `&Log=V${r.pick(['141', '160', '161'])}_${cmd === 'Ping' ? `Hb${r.int(480, 1740)}_` : 'Fc1_'}`;
    let taken = cmd === 'Ping' ? r.int(480000, 1740000) : r.int(15, 900);
    if (fail < 0.015) [status, user, log, taken] = ['401 2 5', '-', '', 0];
    else if (fail < 0.025) [status, user, log, taken] = ['401 1 1326', '-', '&Log=V141_Error:InvalidCredentials', r.int(0, 20)];
    else if (fail < 0.03) [status, log] = ['449 0 0', '&Log=V141_Error:DeviceNotProvisioned'];
    else if (fail < 0.033) [status, log] = ['507 0 0', '&Log=V141_Error:MailboxQuotaExceeded'];
    else if (fail < 0.036) [status, log, taken] = ['503 0 0', '&Log=V141_Error:ServerBusy', r.int(1, 30)];
    else if (fail < 0.038) [status, log] = ['500 0 0', '&Log=V141_Error:ServerError'];
    else if (fail < 0.04) [status, log] = ['451 0 0', '&Log=V141_Error:MailboxServerOffline'];
    yield `${when} ${serverIp} POST /Microsoft-Server-ActiveSync/default.eas ${query}${log} 443 ${user} ${d.ip} ${d.agent} - ${status} ${taken}`;
  }
}

export const FAMILIES = {
  pluto: { file: 'pluto.log', lines: plutoLines, eol: '\n', seed: 11 },
  waas: { file: 'mapiao-errorlog.current', lines: waasLines, eol: '\n', seed: 23 },
  iag: { file: 'easportal.usermgrcom.log', lines: iagLines, eol: '\r\n', seed: 37 },
  nettrace: { file: 'eas-capture.wireshark.txt', lines: wiresharkLines, eol: '\n', seed: 41 },
  activesync: { file: 'u_ex231127.log', lines: iisEasLines, eol: '\r\n', seed: 53 },
};

/** Writes `count` lines (or at least `bytes` bytes) of one family; resolves to the file's size. */
export async function generate(family, path, { lines: count = 1_000_000, bytes } = {}) {
  const spec = FAMILIES[family];
  mkdirSync(dirname(path), { recursive: true });
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  const source = spec.lines(rng(spec.seed));
  let written = 0;
  let n = 0;
  let buffer = [];
  const flush = async () => {
    const text = buffer.join('');
    buffer = [];
    written += Buffer.byteLength(text);
    if (!out.write(text)) await new Promise((resolve) => out.once('drain', resolve));
  };
  while (bytes !== undefined ? written < bytes : n < count) {
    const batch = bytes !== undefined ? 10_000 : Math.min(10_000, count - n);
    for (let i = 0; i < batch; i++) buffer.push(source.next().value + spec.eol);
    n += batch;
    await flush();
  }
  await new Promise((resolve, reject) => out.end((error) => (error ? reject(error) : resolve())));
  return statSync(path).size;
}

async function main() {
  const args = process.argv.slice(2);
  const value = (name) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const lines = Number(value('--lines') ?? 1_000_000);
  const bytes = value('--bytes') !== undefined ? Number(value('--bytes')) : undefined;
  const out = value('--out') ?? join(dirname(self), 'data');
  const only = (value('--only') ?? Object.keys(FAMILIES).join(',')).split(',');
  for (const family of only) {
    const path = join(out, FAMILIES[family].file);
    const t0 = performance.now();
    const size = await generate(family, path, { lines, bytes });
    process.stdout.write(`${path}: ${(size / 1e6).toFixed(1)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  }
}

if (self && process.argv[1] && self === process.argv[1]) {
  main().catch((error) => {
    process.stderr.write(`${error.stack ?? error}\n`);
    process.exitCode = 1;
  });
}
