import { REGISTRAR_CODE } from '../codes.ts';

// The plain-text reply of HEXONET's API:
//   [RESPONSE]
//   CODE = 200
//   DESCRIPTION = Command completed successfully
//   PROPERTY[APPLICATION][0] = 10700
//   EOF
// Names are case-insensitive and may carry whitespace, so they are upper-cased with whitespace removed.

export interface Reply {
  code: number;
  description: string;
  /** PROPERTY[NAME][i] by upper-case NAME */
  properties: Record<string, string[]>;
}

const PROPERTY = /^PROPERTY\[([^\]]*)\]\[(\d+)\]$/;
const MAX_INDEX = 1_000_000;

export function invalidReply(description: string): Reply {
  return { code: REGISTRAR_CODE.INVALID_RESPONSE, description, properties: {} };
}

export function parseReply(body: string): Reply {
  let code: number | undefined;
  let description: string | undefined;
  const properties: Record<string, string[]> = {};
  for (const line of body.split(/\r?\n/)) {
    const eq = line.indexOf('=');
    if (eq < 0) {
      if (line.trim().toUpperCase() === 'EOF') break;
      continue;
    }
    const name = line.slice(0, eq).replace(/\s+/g, '').toUpperCase();
    const value = line.slice(eq + 1).trim();
    const property = PROPERTY.exec(name);
    if (property) {
      // A bogus huge index would make the hole-filling below allocate without bound.
      if (Number(property[2]) >= MAX_INDEX) continue;
      const list = properties[property[1]!] ?? [];
      list[Number(property[2])] = value;
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
  // Sparse indexes (a server skipping [1]) would leave holes that iterate as undefined.
  for (const [name, list] of Object.entries(properties)) properties[name] = Array.from(list, (v) => v ?? '');
  return { code, description, properties };
}
