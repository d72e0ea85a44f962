import type { FamilyId } from '../service/model';

/** The editor language of each log family (the client imports this too, so it carries no format data). */
export const LANGUAGE_BY_FAMILY: Record<FamilyId, string> = {
  iag: 'iag-trace',
  waas: 'waas-log',
  pluto: 'pluto-log',
  nettrace: 'nettrace-log',
  eas: 'eas-log',
  winevent: 'winevent-log',
  iis: 'iis-log',
};

export const FAMILY_LANGUAGES: readonly string[] = Object.values(LANGUAGE_BY_FAMILY);

/** Languages the server analyses: ours, and the generic ones a log often opens as. */
export const ANALYSED_LANGUAGES: readonly string[] = ['log', 'plaintext', ...FAMILY_LANGUAGES];
