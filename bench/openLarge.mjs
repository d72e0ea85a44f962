// Open Large Log as the editor runs it, for memory and time: spawns the bundled server (dist/server.js) over
// stdio, sends logsleuth/largeOpen for FILE, then the findings, the errors view, the context, the flow list and
// the summary, and prints wall times and the server process's peak RSS (VmHWM, Linux). `npm run build` first.
//   node bench/openLarge.mjs FILE
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
const root = new URL('..', import.meta.url).pathname;
const file = process.argv[2];
if (!file) throw new Error('usage: node bench/openLarge.mjs FILE');
const require = createRequire(root + '/package.json');
const { createProtocolConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-languageserver-protocol/node');
const child = spawn(process.execPath, [root + '/dist/server.js', '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
const c = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
c.onRequest('workspace/configuration', (p) => p.items.map(() => ({})));
c.onNotification('logsleuth/largeProgress', () => {});
c.listen();
const hwm = () => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))[1]) / 1024;
await c.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: true } } });
await c.sendNotification('initialized', {});
const uri = pathToFileURL(file).toString();
const t0 = performance.now();
const summary = await c.sendRequest('logsleuth/largeOpen', { uri });
const openMs = performance.now() - t0;
const afterOpen = hwm();
const findings = await c.sendRequest('logsleuth/largeFindings', { uri });
const view = await c.sendRequest('logsleuth/largeView', { uri, view: 'errors' });
const ctx = await c.sendRequest('logsleuth/largeContext', { uri });
const flows = await c.sendRequest('logsleuth/largeFlows', { uri, max: 2000 });
const ts = performance.now(); const sum = await c.sendRequest('logsleuth/summary', { uri }); const summaryMs = Math.round(performance.now() - ts); console.log(JSON.stringify({ summaryMs, findingCount: sum?.findingCount, flowCount: sum?.flowCount }));
const totalMs = performance.now() - t0;
console.log(JSON.stringify({ openMs: Math.round(openMs), totalMs: Math.round(totalMs), peakRssAfterOpenMB: Math.round(afterOpen), peakRssMB: Math.round(hwm()), lines: summary.lineCount, entries: summary.entries, flows: summary.flows, findings: summary.findings, capped: summary.capped, notices: summary.notices, findingsListed: findings.length, errorsViewLines: view.lines.length, contextLines: ctx.lines.length, flowItems: flows.length }));
await c.sendRequest('shutdown');
await c.sendNotification('exit');
