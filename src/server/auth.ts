/**
 * API authentication: bearer tokens with roles (viewer < approver < admin), compared by
 * SHA-256 hash so that no token is kept in clear. `AFR_API_TOKEN` adds an admin token.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export const ROLES = ['viewer', 'approver', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  name: string;
  role: Role;
}

export interface TokenEntry extends Principal {
  sha256: string;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

export class TokenAuthority {
  private readonly entries: TokenEntry[];

  constructor(entries: readonly TokenEntry[], env: NodeJS.ProcessEnv = process.env) {
    this.entries = [...entries];
    if (env.AFR_API_TOKEN)
      this.entries.push({ name: 'admin', role: 'admin', sha256: hashToken(env.AFR_API_TOKEN) });
  }

  get configured(): boolean {
    return this.entries.length > 0;
  }

  /** The principal a bearer token belongs to, or undefined. */
  identify(token: string | undefined): Principal | undefined {
    if (!token) return undefined;
    const digest = Buffer.from(hashToken(token), 'hex');
    for (const entry of this.entries) {
      const expected = Buffer.from(entry.sha256, 'hex');
      if (expected.length === digest.length && timingSafeEqual(expected, digest)) {
        return { name: entry.name, role: entry.role };
      }
    }
    return undefined;
  }
}

/** The token of an `Authorization: Bearer <token>` header. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  return match?.[1]?.trim();
}
