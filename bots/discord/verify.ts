import { createPublicKey, type KeyObject, verify } from 'node:crypto';

// Discord signs every interaction with the application's Ed25519 key over `timestamp + raw body`.
// node:crypto verifies Ed25519 when the 32-byte raw key is wrapped as DER SubjectPublicKeyInfo,
// whose fixed prefix names the algorithm (OID 1.3.101.112); no extra library is needed.

const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** A signed request older than this is refused, so a captured request cannot be replayed later. */
const MAX_AGE_S = 5 * 60;

export function publicKeyFromHex(hex: string): KeyObject {
  return createPublicKey({
    key: Buffer.concat([SPKI_ED25519_PREFIX, Buffer.from(hex, 'hex')]),
    format: 'der',
    type: 'spki',
  });
}

export function isSignedByDiscord(
  key: KeyObject,
  headers: Record<string, string | string[] | undefined>,
  rawBody: Buffer,
  nowMs: number,
): boolean {
  const signature = headers['x-signature-ed25519'];
  const timestamp = headers['x-signature-timestamp'];
  if (typeof signature !== 'string' || typeof timestamp !== 'string') return false;
  if (!/^[0-9a-f]{128}$/i.test(signature) || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > MAX_AGE_S) return false;
  return verify(
    null,
    Buffer.concat([Buffer.from(timestamp, 'utf8'), rawBody]),
    key,
    Buffer.from(signature, 'hex'),
  );
}
