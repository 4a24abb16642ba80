import type { TokenTables } from '../auth/token.table.js';
import type { MessageTables } from '../messages/message.table.js';
import type { OutboxTables } from '../outbound/outbox.table.js';
import type { ProgramTables } from '../program/program.table.js';
import type { CommunicationTables } from '../program/communication.table.js';
import type { GuardianTables } from '../program/guardian.table.js';
import type { ImportTables } from '../program/import.table.js';
import type { OnboardingTables } from '../program/onboarding.table.js';
import type { ResponsibilityTables } from '../program/responsibility.table.js';
import type { ReviewTables } from '../review/template.table.js';
import type { StaffTables } from '../staff/staff.table.js';

/** The whole schema as Kysely sees it, collected from each feature's *.table.ts. */
export interface Database extends ProgramTables, MessageTables, OutboxTables, TokenTables, StaffTables, ReviewTables, ImportTables, ResponsibilityTables, OnboardingTables, GuardianTables, CommunicationTables {}
