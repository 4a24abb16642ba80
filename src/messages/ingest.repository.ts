import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.js';
import type { NewMessage } from './message.table.js';

type Db = Kysely<Database> | Transaction<Database>;

/** The pair an alias names and its status: what RCPT TO needs to accept or refuse an address. */
export const findPairStatusByAlias = (db: Db, alias: string) => db.selectFrom('pairs').select(['id', 'status']).where('alias', '=', alias).executeTakeFirst();

/** The addressed pairs with both participants, in id order: what identifying the sender's side needs. */
export const findPairsByAliases = (db: Db, aliases: string[]) =>
  db.selectFrom('pairs').select(['id', 'alias', 'status', 'mentor_id', 'protege_id']).where('alias', 'in', aliases).orderBy('id').execute();

/** The person an address belongs to, if anyone's. */
export const findPersonByAddress = (db: Db, address: string) => db.selectFrom('person_emails').select('person_id').where('address', '=', address).executeTakeFirst();

/** Inserts one message row and returns its id. */
export const insertMessage = (db: Db, row: NewMessage) => db.insertInto('messages').values(row).returning('id').executeTakeFirstOrThrow();
