// Deterministic generator of large, realistic logs for `npm run bench`: one pluto log with syslog prefixes, one
// WAAS accelerator errorlog and one IAG UserMgrCom trace, each with many interleaved flows and a few percent of
// failure lines of kinds the knowledge base knows. Same seed, same bytes: runs are comparable across commits.
//
//   node bench/generate.mjs [--lines N] [--out DIR] [--only pluto,waas,iag] [--bytes N]
//
// `--bytes N` writes a file of at least N bytes instead (used by the large-file editor test for a 500 MB log).
import { createWriteStream, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

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

export const FAMILIES = {
  pluto: { file: 'pluto.log', lines: plutoLines, eol: '\n', seed: 11 },
  waas: { file: 'mapiao-errorlog.current', lines: waasLines, eol: '\n', seed: 23 },
  iag: { file: 'easportal.usermgrcom.log', lines: iagLines, eol: '\r\n', seed: 37 },
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
  const out = value('--out') ?? join(here, 'data');
  const only = (value('--only') ?? Object.keys(FAMILIES).join(',')).split(',');
  for (const family of only) {
    const path = join(out, FAMILIES[family].file);
    const t0 = performance.now();
    const size = await generate(family, path, { lines, bytes });
    process.stdout.write(`${path}: ${(size / 1e6).toFixed(1)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error) => {
    process.stderr.write(`${error.stack ?? error}\n`);
    process.exitCode = 1;
  });
}
