import type { Generated, Selectable } from 'kysely';

export const tokenRoles = ['admin', 'reviewer'] as const;
export type TokenRole = (typeof tokenRoles)[number];

export interface ApiTokenTable {
  id: Generated<number>;
  token_hash: string;
  role: TokenRole;
  label: string | null;
  created_at: number;
  revoked_at: number | null;
}

export interface TokenTables {
  api_tokens: ApiTokenTable;
}

export type ApiTokenRow = Selectable<ApiTokenTable>;
