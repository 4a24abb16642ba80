import type { Kysely } from 'kysely';

// Indexes for the reports (src/stats) on a program's year of messages; bench/reports.ts measures them
// (bench/README.md has the figures). Frozen in time: never imports application code.
// - (pair_id, received_at): the by-pair report joins each pair to its messages of the week; without
//   it SQLite reads every message of every pair through messages_original_id and looks each one up.
// - (pair_id, direction, received_at): each pair's latest message of each direction (the by-pair
//   report's "last wrote", the summary's silent pairs) read in index order, without the table and
//   without sorting; also one index step per pair and direction for a max(received_at) of its own.
// - (decided_at, received_at): the backlog at a week's end, messages not decided by then, found from
//   the few undecided or late-decided ones instead of from every message received before it.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('messages_pair_received').on('messages').columns(['pair_id', 'received_at']).execute();
  await db.schema.createIndex('messages_pair_direction_received').on('messages').columns(['pair_id', 'direction', 'received_at']).execute();
  await db.schema.createIndex('messages_decided').on('messages').columns(['decided_at', 'received_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('messages_decided').execute();
  await db.schema.dropIndex('messages_pair_direction_received').execute();
  await db.schema.dropIndex('messages_pair_received').execute();
}
