import type { Generated, Selectable } from 'kysely';

export const staffRoles = ['reviewer', 'coordinator', 'admin'] as const;
export type StaffRole = (typeof staffRoles)[number];

export interface StaffUserTable {
  id: Generated<number>;
  email: string;
  name: string;
  role: StaffRole;
  password_hash: string;
  created_at: number;
  disabled_at: number | null;
}

export interface WebSessionTable {
  sid: string;
  data: string;
  expires_at: number;
  /** The account logged in with this session; null before login. */
  staff_id: number | null;
}

export interface SettingTable {
  key: string;
  value: string;
}

export interface StaffTables {
  staff_users: StaffUserTable;
  web_sessions: WebSessionTable;
  settings: SettingTable;
}

export type StaffUserRow = Selectable<StaffUserTable>;
