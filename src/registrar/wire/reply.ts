import { REGISTRAR_CODE } from '../codes.ts';

// The plain-text reply both HEXONET's API and CentralNic Reseller's (CNR) gateway send:
//   [RESPONSE]
//   code = 200
//   description = Command completed successfully
//   property[application][0] = 10700
//   EOF
// HEXONET writes names in upper case; CNR in lower case, with spaces (`property[expiration date][0]`,
// recorded in centralnicgroup-opensource/rtldev-middleware-node-sdk tests/CNR/cassettes/login-creds-ok.json)
// while its KB spells the same columns with underscores (`CREATED_DATE`, kb.centralnicreseller.com
// api-command pages). CNR's own SDK upper-cases property names and removes whitespace
// (rtldev-middleware-node-sdk src/CNR/ResponseParser.ts); we also remove `_`, so every spelling of a
// name is one key: `created date`, `CREATED_DATE` and `CREATEDDATE` all read as CREATEDDATE.
// None of the names we read differs from another only by a `_`.

export interface Reply {
  code: number;
  description: string;
  /** PROPERTY[NAME][i] by normalised NAME (upper case, no whitespace, no `_`) */
  properties: Record<string, string[]>;
}

const PROPERTY = /^PROPERTY\[([^\]]*)\]\[(\d+)\]$/;
const MAX_INDEX = 1_000_000;
/**
 * Indexes a reply skips, over all its properties: a few are a server's slip, filled in below; a
 * reply of a few lines naming index 999999 of many properties would fill in millions.
 */
const MAX_HOLES = 10_000;

/** The key a property name is stored under, however the registrar spelled it. */
export const normaliseName = (name: string): string => name.replace(/[\s_]+/g, '').toUpperCase();

export function invalidReply(description: string): Reply {
  return { code: REGISTRAR_CODE.INVALID_RESPONSE, description, properties: {} };
}

export function parseReply(body: string): Reply {
  let code: number | undefined;
  let description: string | undefined;
  let ended = false;
  const properties: Record<string, string[]> = {};
  let values = 0;
  let slots = 0;
  for (const line of body.split(/\r?\n/)) {
    const eq = line.indexOf('=');
    if (eq < 0) {
      if (line.trim().toUpperCase() === 'EOF') {
        ended = true;
        break;
      }
      continue;
    }
    const name = normaliseName(line.slice(0, eq));
    const value = line.slice(eq + 1).trim();
    const property = PROPERTY.exec(name);
    if (property) {
      // A bogus huge index would make the hole-filling below allocate without bound.
      const index = Number(property[2]);
      if (index >= MAX_INDEX) continue;
      const list = properties[property[1]!] ?? [];
      if (list[index] === undefined) values++;
      slots += Math.max(0, index + 1 - list.length);
      list[index] = value;
      properties[property[1]!] = list;
    } else if (name === 'CODE' && /^\d{3}$/.test(value)) {
      code = Number(value);
    } else if (name === 'DESCRIPTION') {
      description = value;
    }
  }
  if (code === undefined || description === undefined) {
    return invalidReply(body.trim() === '' ? 'empty response' : 'invalid response: no CODE or DESCRIPTION');
  }
  // Both gateways end every reply with EOF: without it the body was cut off on the way, and a list
  // reply would silently lack its last rows.
  if (!ended) return invalidReply('truncated response: no EOF');
  if (slots - values > MAX_HOLES) return invalidReply('invalid response: property indexes with large gaps');
  // Sparse indexes (a server skipping [1]) would leave holes that iterate as undefined.
  for (const [name, list] of Object.entries(properties)) properties[name] = Array.from(list, (v) => v ?? '');
  return { code, description, properties };
}
