import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { scopesOf, tokenize, type Token } from '../support/grammar';

function scope(line: Token[], needle: string): string {
  const scopes = scopesOf(line, needle);
  return scopes[scopes.length - 1]!;
}

describe('grammar: nettrace-log', () => {
  test('Network Monitor summary: addresses, protocols, TCP flags and ports', async () => {
    const lines = await tokenize('nettrace-log', [
      '198.51.100.61 203.0.113.44 TCP TCP:Flags=......S., SrcPort=2051, DstPort=HTTPS(443), PayloadLen=0, Seq=44120, Ack=0, Win=32768 (scale factor 0) = 32768',
      '198.51.100.61 203.0.113.44 TCP TCP:Flags=...A...F, SrcPort=2051, DstPort=HTTPS(443), PayloadLen=0, Seq=44371, Ack=901233, Win=33580',
      '203.0.113.44 198.51.100.61 TCP TCP:Flags=...A.R.., SrcPort=HTTPS(443), DstPort=2051, PayloadLen=0, Seq=901233, Ack=44372, Win=0',
    ].join('\n'));
    assert.equal(scope(lines[0]!, '198.51.100.61'), 'constant.numeric.ip.source.nettrace-log');
    assert.equal(scope(lines[0]!, '203.0.113.44'), 'constant.numeric.ip.destination.nettrace-log');
    assert.equal(scopesOf(lines[0]!, 'TCP').at(-1), 'entity.name.type.protocol.nettrace-log');
    assert.equal(scope(lines[0]!, '......S.'), 'constant.other.tcp-flags.nettrace-log');
    assert.equal(scope(lines[0]!, 'SrcPort'), 'variable.parameter.port.nettrace-log');
    assert.equal(scope(lines[0]!, '2051'), 'constant.numeric.port.nettrace-log');
    assert.equal(scope(lines[0]!, 'HTTPS'), 'support.constant.service.nettrace-log');
    assert.equal(scope(lines[1]!, '...A...F'), 'constant.other.tcp-flags.fin.nettrace-log');
    assert.equal(scope(lines[2]!, '...A.R..'), 'invalid.deprecated.tcp-flags.reset.nettrace-log');
  });

  test('numbered and CSV Network Monitor rows', async () => {
    const lines = await tokenize('nettrace-log', [
      '   57\t10:05:53.4120000\t2.3451230\t10.40.2.15\t10.40.2.9\tHTTP\tHTTP:Request, POST /Microsoft-Server-ActiveSync?Cmd=Sync',
      '58,2.3502210,10.40.2.9,10.40.2.15,HTTP,"HTTP:Response, HTTP/1.1, Status Code = 200, URL: /Microsoft-Server-ActiveSync"',
    ].join('\n'));
    assert.equal(scope(lines[0]!, '57'), 'constant.numeric.frame.nettrace-log');
    assert.equal(scope(lines[0]!, '2.3451230'), 'constant.numeric.time-offset.nettrace-log');
    assert.equal(scope(lines[0]!, '10.40.2.15'), 'constant.numeric.ip.source.nettrace-log');
    assert.equal(scope(lines[0]!, 'POST'), 'keyword.control.http-method.nettrace-log');
    assert.equal(scope(lines[1]!, '10.40.2.9'), 'constant.numeric.ip.source.nettrace-log');
    assert.equal(scope(lines[1]!, '200'), 'constant.numeric.http-status.success.nettrace-log');
  });

  test('HTTP status codes: 4xx and 5xx are errors, 1xx and 2xx are not', async () => {
    const lines = await tokenize('nettrace-log', [
      '10.30.8.40 10.30.8.11 HTTP HTTP:Response, HTTP/1.1, Status Code = 401, URL: /Microsoft-Server-ActiveSync',
      '10.30.8.40 10.30.8.11 HTTP HTTP:Response, HTTP/1.1, Status Code = 503, URL: /Microsoft-Server-ActiveSync',
      '10.30.8.40 10.30.8.11 HTTP HTTP:Response, HTTP/1.1, Status Code = 100, URL: /Microsoft-Server-ActiveSync',
      '10.30.8.40 10.30.8.11 HTTP HTTP:Response, HTTP/1.1, Status Code = 200, URL: /Microsoft-Server-ActiveSync',
    ].join('\n'));
    assert.equal(scope(lines[0]!, '401'), 'invalid.illegal.http-status.error.nettrace-log');
    assert.equal(scope(lines[1]!, '503'), 'invalid.illegal.http-status.error.nettrace-log');
    assert.equal(scope(lines[2]!, '100'), 'constant.numeric.http-status.success.nettrace-log');
    assert.equal(scope(lines[3]!, '200'), 'constant.numeric.http-status.success.nettrace-log');
    assert.equal(scope(lines[0]!, '/Microsoft-Server-ActiveSync'), 'string.unquoted.url.nettrace-log');
    for (const line of lines) assert.ok(!scopesOf(line, 'Status Code').at(-1)!.startsWith('invalid'));
  });

  test('DNS: query ids, query names, Name Error as an error and Success as not', async () => {
    const lines = await tokenize('nettrace-log', [
      '172.18.0.9 172.18.0.2 DNS DNS:QueryId = 0xB00C, QUERY (Standard query), Query for cas-nlb.tailspin.local of type Host Addr on class Internet',
      '172.18.0.2 172.18.0.9 DNS DNS:QueryId = 0xB00C, QUERY (Standard query), Response - Name Error',
      '172.18.0.2 172.18.0.9 DNS DNS:QueryId = 0xB00D, QUERY (Standard query), Response - Success, 49, 0',
    ].join('\n'));
    assert.equal(scope(lines[0]!, '0xB00C'), 'constant.numeric.query-id.nettrace-log');
    assert.equal(scope(lines[0]!, 'cas-nlb.tailspin.local'), 'string.unquoted.query-name.nettrace-log');
    assert.equal(scope(lines[1]!, 'Name Error'), 'invalid.illegal.dns-error.nettrace-log');
    assert.equal(scope(lines[2]!, 'Success'), 'support.constant.dns-success.nettrace-log');
  });

  test('TLS handshake messages and the X.509 detail tree', async () => {
    const lines = await tokenize('nettrace-log', [
      '203.0.113.44 198.51.100.61 SSL SSL: Server Hello. Certificate. Server Hello Done.',
      '- Ssl: Server Hello. Certificate. Server Hello Done.',
      'ContentType: HandShake',
      '- X509Cert: Issuer: Tailspin Issuing CA 01,tailspin,local, Subject: sync.tailspintoys.com',
      '+ Validity: From: 11/02/07 09:12:40 UTC To: 11/01/09 09:22:40 UTC',
      '+ SerialNumber: 0x1a2b3c4d000000000012',
    ].join('\n'));
    assert.equal(scope(lines[0]!, 'Server Hello'), 'entity.name.function.tls-handshake.nettrace-log');
    assert.equal(scope(lines[1]!, '-'), 'punctuation.definition.tree.expanded.nettrace-log');
    assert.equal(scope(lines[1]!, 'Ssl'), 'support.type.property-name.nettrace-log');
    assert.equal(scope(lines[2]!, 'ContentType'), 'support.type.property-name.nettrace-log');
    assert.equal(scope(lines[3]!, 'Issuer'), 'keyword.other.x509.issuer.nettrace-log');
    assert.equal(scope(lines[3]!, 'Tailspin Issuing CA 01,tailspin,local'), 'string.unquoted.x509.issuer.nettrace-log');
    assert.equal(scope(lines[3]!, 'sync.tailspintoys.com'), 'string.unquoted.x509.subject.nettrace-log');
    assert.equal(scope(lines[4]!, '+'), 'punctuation.definition.tree.collapsed.nettrace-log');
    assert.equal(scope(lines[4]!, '11/02/07 09:12:40 UTC'), 'constant.numeric.date.not-before.nettrace-log');
    assert.equal(scope(lines[4]!, '11/01/09 09:22:40 UTC'), 'constant.numeric.date.not-after.nettrace-log');
  });

  test('Wireshark text export: header, summary row columns, flags, DNS and packet detail layers', async () => {
    const lines = await tokenize('nettrace-log', [
      'No.     Time           Source                Destination           Protocol Length Info',
      '     12 0.004521       10.1.4.20             10.1.4.2              DNS      78     Standard query 0x8442 A exch-cas2.tailspin.local',
      '     13 0.006310       10.1.4.2              10.1.4.20             DNS      140    Standard query response 0x8442 No such name A exch-cas2.tailspin.local',
      '    204 3.118200       172.31.9.14           172.31.9.3            TCP      60     50412 → 443 [FIN, ACK] Seq=318 Ack=2977 Win=65280 Len=0',
      '    205 3.118400       172.31.9.3            172.31.9.14           TCP      60     443 → 50412 [RST, ACK] Seq=2977 Ack=319 Win=0 Len=0',
      '',
      'Frame 205: 60 bytes on wire (480 bits), 60 bytes captured (480 bits) on interface eth0, id 0',
      'Ethernet II, Src: VMware_8e:03:71 (00:50:56:8e:03:71), Dst: VMware_5a:1c:22 (00:50:56:5a:1c:22)',
      'Internet Protocol Version 4, Src: 172.31.9.3, Dst: 172.31.9.14',
      'Transmission Control Protocol, Src Port: 443, Dst Port: 50412, Seq: 2977, Ack: 319, Len: 0',
      '     88 1.402733       10.20.30.6            10.20.30.5            HTTP     512    HTTP/1.1 401 Unauthorized  (text/html)',
    ].join('\r\n'));
    assert.equal(scope(lines[0]!, 'Protocol'), 'markup.heading.columns.nettrace-log');
    assert.equal(scope(lines[1]!, '12'), 'constant.numeric.frame.nettrace-log');
    assert.equal(scope(lines[1]!, '0.004521'), 'constant.numeric.time.nettrace-log');
    assert.equal(scope(lines[1]!, '10.1.4.20'), 'constant.numeric.ip.source.nettrace-log');
    assert.equal(scope(lines[1]!, 'DNS'), 'entity.name.type.protocol.nettrace-log');
    assert.equal(scope(lines[1]!, '0x8442'), 'constant.numeric.query-id.nettrace-log');
    assert.equal(scope(lines[2]!, 'No such name'), 'invalid.illegal.dns-error.nettrace-log');
    assert.equal(scope(lines[3]!, '[FIN, ACK]'), 'constant.other.tcp-flags.fin.nettrace-log');
    assert.equal(scope(lines[3]!, '50412'), 'constant.numeric.port.source.nettrace-log');
    assert.equal(scope(lines[4]!, '[RST, ACK]'), 'invalid.deprecated.tcp-flags.reset.nettrace-log');
    assert.equal(scope(lines[6]!, 'Frame 205'), 'entity.name.section.layer.nettrace-log');
    assert.equal(scope(lines[7]!, '00:50:56:8e:03:71'), 'constant.other.mac.nettrace-log');
    assert.equal(scope(lines[8]!, '172.31.9.3'), 'constant.numeric.ip.nettrace-log');
    assert.equal(scope(lines[9]!, 'Src Port'), 'variable.parameter.port.nettrace-log');
    assert.equal(scope(lines[10]!, '401'), 'invalid.illegal.http-status.error.nettrace-log');
  });
});
