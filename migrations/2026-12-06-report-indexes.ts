import { sql, type Kysely } from 'kysely';

// Indexes for the reports (src/stats) on a program's year of messages; `npm run bench` (bench/reports.ts)
// measures them and bench/README.md has the figures. Frozen in time: never imports application code.
// - (pair_id, direction, received_at): each pair's latest message of each side before an instant, and
//   when its unanswered run began (the by-pair report, the summary's silent pairs), one seek each.
// - (decided_at, received_at): the backlog at a week's end (messages not decided by then), found from
//   the undecided and late-decided ones instead of every message received before it.
// - (direction, received_at), (status, received_at), and a partial one on received_at for edited
//   copies: the program's weekly counts as range counts on an index each; and a partial
//   (received_at, flags) of the flagged messages (a few percent), which reads their flag types
//   without visiting the table.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('messages_pair_direction_received').on('messages').columns(['pair_id', 'direction', 'received_at']).execute();
  await db.schema.createIndex('messages_decided').on('messages').columns(['decided_at', 'received_at']).execute();
  await db.schema.createIndex('messages_direction_received').on('messages').columns(['direction', 'received_at']).execute();
  await db.schema.createIndex('messages_status_received').on('messages').columns(['status', 'received_at']).execute();
  await db.schema.createIndex('messages_edited_received').on('messages').column('received_at').where(sql.ref('forward_archive_id'), 'is not', null).execute();
  await db.schema.createIndex('messages_flagged_received').on('messages').columns(['received_at', 'flags']).where(sql.ref('flags'), '<>', '[]').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of ['messages_flagged_received', 'messages_edited_received', 'messages_status_received', 'messages_direction_received', 'messages_decided', 'messages_pair_direction_received']) {
    await db.schema.dropIndex(name).execute();
  }
}
