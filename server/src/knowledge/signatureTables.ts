import type { SignatureDefinition, SignatureFile, SignatureSample, SignatureTable, SignatureTableRow } from './signatureDefinition';

/**
 * A signature table is one family of failures written once: the ways a daemon words the message (`forms`, grouped
 * by the direction they report, e.g. a notification we sent or one we received) and one row per value (each IKE
 * notify type) with its meaning and fix. Every row and direction becomes an ordinary signature, so the matcher,
 * the hover and the contract tests see nothing new.
 *
 * In the forms, `{{pattern}}` stands for the row's regex and `{{name}}`/`{{short}}` for its name and short name (samples); in titles and
 * summaries `{{name}}`, `{{number}}` and `{{meaning}}` are the row's values, while `{field}` placeholders stay for
 * the matcher to fill from the log.
 */
export function expandSignatureFile(file: SignatureFile): SignatureDefinition[] {
  return [...(file.signatures ?? []), ...(file.tables ?? []).flatMap(expandTable)];
}

export function expandTable(table: SignatureTable): SignatureDefinition[] {
  const signatures: SignatureDefinition[] = [];
  for (const row of table.rows) {
    for (const [direction, template] of Object.entries(table.directions)) {
      const detail = row.cases[direction];
      if (!detail) continue;
      const forms = template.forms.filter((form) => !form.versions || form.versions.some((v) => row.versions.includes(v)));
      if (forms.length === 0) continue;
      const fill = (text: string) => fillRow(text, row);
      const pattern = `(?:${row.pattern})`;
      const samples: SignatureSample[] = [...forms.flatMap((form) => form.samples.map((s) => fillSample(s, row))), ...(detail.samples ?? [])];
      const nearMisses: SignatureSample[] = [...(template.nearMisses ?? []).map((s) => fillSample(s, row)), ...(detail.nearMisses ?? [])];
      signatures.push({
        id: `${table.idPrefix}.${rowSlug(row.name)}.${direction}`,
        families: table.families,
        formats: table.formats,
        match: { message: `(?:${forms.map((form) => form.message.split('{{pattern}}').join(pattern)).join('|')})` },
        severity: detail.severity ?? row.severity,
        title: fill(template.title),
        summary: fill(template.summary),
        cause: detail.cause,
        fix: detail.fix,
        tools: detail.tools ?? row.tools ?? table.tools,
        references: [...(row.references ?? []), ...(table.references ?? [])],
        samples,
        nearMisses,
      });
    }
  }
  return signatures;
}

function rowSlug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

function fillRow(text: string, row: SignatureTableRow): string {
  return text
    .split('{{name}}')
    .join(row.name)
    .split('{{number}}')
    .join(String(row.number))
    .split('{{meaning}}')
    .join(row.meaning);
}

function fillSample(sample: SignatureSample, row: SignatureTableRow): SignatureSample {
  const name = row.sampleName ?? row.name;
  const short = row.shortName ?? row.name;
  const fill = (line: string) => line.split('{{name}}').join(name).split('{{short}}').join(short).split('{{number}}').join(String(row.number));
  return typeof sample === 'string' ? fill(sample) : { ...sample, lines: sample.lines.map(fill) };
}
