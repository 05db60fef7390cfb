// Encodes a command for the `s_command` form field: KEY=VALUE lines joined by \n.
// A value may never break out of its line, so CR/LF are stripped: a customer's street containing a
// newline must not be able to inject a second parameter.

export type CommandValue =
  | string
  | number
  | undefined
  /** a list: KEY0, KEY1, … */
  | readonly (string | number)[]
  /** nested fields: KEYFIELD (e.g. OWNERCONTACT0 + FIRSTNAME) */
  | Readonly<Record<string, string | undefined>>;

export type Command = { COMMAND: string } & Readonly<Record<string, CommandValue>>;

const clean = (value: string | number): string => String(value).replace(/[\r\n]/g, '');

export function encodeCommand(command: Command): string {
  const lines: string[] = [];
  for (const [rawKey, value] of Object.entries(command)) {
    const key = rawKey.toUpperCase();
    if (value === undefined) continue;
    if (typeof value === 'string' || typeof value === 'number') {
      lines.push(`${key}=${clean(value)}`);
    } else if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) lines.push(`${key}${i}=${clean(item)}`);
    } else {
      for (const [field, fieldValue] of Object.entries(value)) {
        if (fieldValue !== undefined) lines.push(`${key}${field.toUpperCase()}=${clean(fieldValue)}`);
      }
    }
  }
  return lines.join('\n');
}
