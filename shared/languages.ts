/**
 * The editor language of each log family. Client and server both import this; it carries no format data, so the
 * client stays free of the server's code. The server checks that every family has a language (formats/registry).
 */
export const LANGUAGE_BY_FAMILY = {
  iag: 'iag-trace',
  waas: 'waas-log',
  pluto: 'pluto-log',
  nettrace: 'nettrace-log',
  eas: 'eas-log',
  winevent: 'winevent-log',
  iis: 'iis-log',
} as const;

export const FAMILY_LANGUAGES: readonly string[] = Object.values(LANGUAGE_BY_FAMILY);

/** Languages the server analyses: ours, and the generic ones a log often opens as. */
export const ANALYSED_LANGUAGES: readonly string[] = ['log', 'plaintext', ...FAMILY_LANGUAGES];
