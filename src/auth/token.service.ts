import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../db/clock.js';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { findActiveByHash, insertToken } from './token.repository.js';
import type { TokenRole } from './token.table.js';
import { invalid } from '../errors.js';
import { plainText } from '../program/program.model.js';

export interface Principal {
  role: TokenRole;
  /** Who acts, as recorded in the audit trail. */
  actor: string;
}

const digest = (token: string) => createHash('sha256').update(token).digest();

/**
 * API bearer tokens. Only a SHA-256 of each token is stored: tokens are 256 random bits, so a
 * fast hash is enough (no dictionary to attack), and a leaked database yields no usable token.
 */
export class TokenService {
  private readonly adminDigest: Buffer | null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    adminToken: string | null,
  ) {
    this.adminDigest = adminToken ? digest(adminToken) : null;
  }

  /**
   * Creates a token and returns it in clear: the only time it is ever shown. Its label names whoever
   * uses it in the audit trail and the reports, so it is plain text of at most 100 characters.
   */
  async create(role: TokenRole, label: string | null): Promise<{ id: number; token: string }> {
    if (label !== null) {
      label = plainText('label', label);
      if (label.length > 100) throw invalid('label', 'must be at most 100 characters');
    }
    const token = `mr_${randomBytes(32).toString('base64url')}`;
    const row = await insertToken(this.db, { token_hash: digest(token).toString('hex'), role, label, created_at: this.clock.now() });
    return { id: row.id, token };
  }

  async verify(token: string): Promise<Principal | null> {
    const d = digest(token);
    if (this.adminDigest && timingSafeEqual(d, this.adminDigest)) return { role: 'admin', actor: 'admin (RELAY_ADMIN_TOKEN)' };
    const row = await findActiveByHash(this.db, d.toString('hex'));
    if (!row) return null;
    return { role: row.role, actor: row.label ? `${row.label} (token ${row.id})` : `token ${row.id}` };
  }
}
