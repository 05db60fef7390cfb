// A sandbox application id carries everything its outcome depends on: `SBX-<reference>:<fqdn>:<drop>`
// (drop in epoch milliseconds, or `none`). Any process can answer for it, and sending the same
// backorder twice yields the same id, so a resend after a crash is harmless.

export interface SandboxApplication {
  reference: string;
  fqdn: string;
  dropAt: Date | null;
}

const ID = /^SBX-([^:]+):([^:]+):(\d+|none)$/;

export function encodeApplicationId(a: SandboxApplication): string {
  // encodeURIComponent escapes ':' so a reference cannot shift the fields.
  return `SBX-${encodeURIComponent(a.reference)}:${a.fqdn}:${a.dropAt ? a.dropAt.getTime() : 'none'}`;
}

export function decodeApplicationId(id: string): SandboxApplication | null {
  const m = ID.exec(id);
  if (!m) return null;
  try {
    return {
      reference: decodeURIComponent(m[1]!),
      fqdn: m[2]!,
      dropAt: m[3] === 'none' ? null : new Date(Number(m[3])),
    };
  } catch {
    return null;
  }
}
