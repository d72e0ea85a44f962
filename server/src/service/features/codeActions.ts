import type { CodeAction, Diagnostic } from 'vscode-languageserver-types';
import { fillCommand } from '../../knowledge/fill';
import type { KnowledgeBase } from '../../knowledge/knowledgeBase';
import type { Finding, LogAnalysis } from '../../model/log';
import { SHOW_FLOW_COMMAND, flowLocations } from './codeLens';

export const COPY_FIX_COMMAND = 'logsleuth.copyFixCommands';

/** Commands a fix step carries: fenced blocks first, else inline code spans that look like commands. */
export function fixCommands(steps: string[]): string[] {
  const commands: string[] = [];
  for (const step of steps) {
    const fenced = [...step.matchAll(/```[\w-]*\n([\s\S]*?)```/g)].map((m) => m[1]!.trim());
    if (fenced.length > 0) {
      commands.push(...fenced);
      continue;
    }
    for (const m of step.matchAll(/`([^`\n]{3,300})`/g)) {
      const code = m[1]!.trim();
      if (/\s/.test(code)) commands.push(code);
    }
  }
  return commands;
}

/** The fix's commands with the finding's own values (server, user, connection ...) put in. */
export function filledFixCommands(steps: string[], finding: Finding | undefined): string[] {
  return fixCommands(steps).map((command) => fillCommand(command, finding?.values ?? {}));
}

/** The finding a diagnostic was made from (same rule, same entry, same line). */
function findingOf(parsed: LogAnalysis, diagnostic: Diagnostic): Finding | undefined {
  const data = diagnostic.data as { entryIndex?: number } | undefined;
  return parsed.findings.find((f) => f.rule === diagnostic.code && f.line === diagnostic.range.start.line && (data?.entryIndex === undefined || f.entryIndex === data.entryIndex));
}

/** For each of our diagnostics: peek every entry of its flow, and copy the fix's commands. */
export function getCodeActions(parsed: LogAnalysis, diagnostics: Diagnostic[], knowledge: KnowledgeBase): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    if (diagnostic.source !== 'Log Sleuth') continue;
    const data = diagnostic.data as { flowId?: string } | undefined;
    const flow = data?.flowId ? parsed.flow(data.flowId) : undefined;
    if (flow) {
      actions.push({
        title: `Show all ${flow.entries.length} entries of ${flow.label}`,
        kind: 'quickfix',
        diagnostics: [diagnostic],
        command: { title: 'Show flow entries', command: SHOW_FLOW_COMMAND, arguments: [parsed.uri, diagnostic.range.start, flowLocations(parsed, flow)] },
      });
    }
    const signature = typeof diagnostic.code === 'string' ? knowledge.byId.get(diagnostic.code) : undefined;
    const commands = signature ? filledFixCommands(signature.def.fix, findingOf(parsed, diagnostic)) : [];
    if (commands.length > 0) {
      actions.push({
        title: `Copy the fix commands (${commands.length})`,
        kind: 'quickfix',
        diagnostics: [diagnostic],
        command: { title: 'Copy fix commands', command: COPY_FIX_COMMAND, arguments: [commands.join('\n')] },
      });
    }
  }
  return actions;
}
