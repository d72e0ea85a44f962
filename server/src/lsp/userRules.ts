import Ajv from 'ajv';
import type { SignatureSource } from '../knowledge/knowledgeBase';
import signatureSchema from '../knowledge/signature.schema.json';
import type { RuleFileContent } from '../../../shared/customMessages';

let validator: ReturnType<Ajv['compile']> | undefined;

/** Parses and schema-checks the user's rule files; a bad file is reported and skipped, never fatal. */
export function validateRuleFiles(files: RuleFileContent[]): { sources: SignatureSource[]; errors: string[] } {
  validator ??= new Ajv({ allErrors: true, strict: false }).compile(signatureSchema);
  const sources: SignatureSource[] = [];
  const errors: string[] = [];
  for (const file of files) {
    let data: unknown;
    try {
      data = JSON.parse(file.text);
    } catch (error) {
      errors.push(`${file.path}: not valid JSON (${(error as Error).message})`);
      continue;
    }
    if (!validator(data)) {
      const detail = (validator.errors ?? []).slice(0, 3).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
      errors.push(`${file.path}: does not match the signature schema (${detail})`);
      continue;
    }
    sources.push({ origin: file.path, data });
  }
  return { sources, errors };
}
