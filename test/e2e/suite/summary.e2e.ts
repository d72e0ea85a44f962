// The "Log Sleuth" summary view in the Explorer of the real editor: for a pluto log where "office" failed twice
// in STATE_MAIN_I1 and "datacenter" came up, the view lists the findings by rule with counts and the flows by
// outcome, and a click on a row puts the cursor on its line.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fixture, openLog, waitFor } from './support';

interface Item {
  kind: string;
  label: string;
  description?: string;
  line?: number;
  children?: Item[];
}
interface Node {
  item: Item;
  uri: string;
}
interface Api {
  summaryView: {
    provider: vscode.TreeDataProvider<Node> & { summary?: { uri: string } };
    view: vscode.TreeView<unknown>;
  };
}

suite('Summary view in the real editor', () => {
  let api: Api;
  suiteSetup(async () => {
    api = (await vscode.extensions.getExtension('logsleuth.log-sleuth')!.activate()) as Api;
  });

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('findings by rule with counts, flows by outcome, and a click goes to the line', async () => {
    const uri = fixture('ui', 'par-tunnels.log');
    await openLog(uri, 'pluto-log');
    const { provider, view } = api.summaryView;
    // The view shows in the Explorer once the active editor is a log.
    await waitFor('the summary view to be visible', async () => {
      await vscode.commands.executeCommand('logsleuth.summary.focus');
      return view.visible;
    });

    const children = async (node?: Node) => ((await provider.getChildren(node)) ?? []) as Node[];
    const sections = await waitFor('the summary of par-tunnels.log', async () => {
      if (provider.summary?.uri !== uri.toString()) return undefined;
      const roots = await children();
      return roots.length === 2 ? roots : undefined;
    });
    assert.match(sections[0]!.item.label, /^Findings \(\d+\)$/);
    assert.match(sections[1]!.item.label, /^Flows \(\d+\)$/);

    const rules = await children(sections[0]);
    // Both attempts end on "max number of retransmissions": that finding, not "never established" a second time.
    const phase1 = rules.find((r) => r.item.description === 'pluto.ikev1.main-no-response');
    assert.ok(phase1, rules.map((r) => r.item.label).join(' | '));
    assert.match(phase1.item.label, /\(2\)$/);

    const outcomes = await children(sections[1]);
    assert.deepEqual(
      outcomes.map((o) => o.item.label),
      ['Failed (1)', 'Succeeded (1)'],
    );
    const [office] = await children(outcomes[0]);
    assert.equal(office!.item.label, '"office": 2 security associations, both failed: Phase 1 never established in STATE_MAIN_I1');
    const [datacenter] = await children(outcomes[1]);
    assert.equal(datacenter!.item.label, '"datacenter": ISAKMP SA established in 1 s');

    // A click runs the row's command: the cursor lands on the last failure of "office".
    const row = await provider.getTreeItem(office!);
    assert.ok(row.command, 'the row has a command');
    await vscode.commands.executeCommand(row.command.command, ...(row.command.arguments ?? []));
    const editor = await waitFor('the editor on the line', () => {
      const active = vscode.window.activeTextEditor;
      return active?.document.uri.toString() === uri.toString() && active.selection.active.line === office!.item.line ? active : undefined;
    });
    assert.match(editor.document.lineAt(editor.selection.active.line).text, /"office" #120: max number of retransmissions/);
  });
});
