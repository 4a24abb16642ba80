import Type, { type TSchema } from 'typebox';
import { programEntities, responsibilityEventTypes } from '../program/responsibility.table.js';
import { Id } from './schemas.js';

// The responsibility matrix's schemas, built from the domain's lists (event types, entities).

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const Responsibility = Type.Object({
  id: Type.Integer(),
  position: Type.Integer({ description: 'The order on the page and on the sheet' }),
  task: Type.String(),
  organizationId: Nullable(Type.Integer()),
  organizationName: Nullable(Type.String()),
  personId: Nullable(Type.Integer({ description: 'Always a person of organizationId; null while only the organization is chosen' })),
  personName: Nullable(Type.String()),
  personEmail: Nullable(Type.String()),
  retired: Type.Boolean({ description: 'Retired tasks keep their history but leave the sheet' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const Assignment = Type.Object(
  {
    organizationId: Nullable(Id),
    personId: Nullable(Id),
  },
  { additionalProperties: false, description: 'Both null unassigns; an organization alone is allowed (its person not chosen yet); a person needs their own organization' },
);

const TaskText = Type.String({ minLength: 1, maxLength: 500 });
export const NewTask = Type.Object({ task: TaskText }, { additionalProperties: false });
export const TaskPatch = Type.Object({ task: Type.Optional(TaskText), retired: Type.Optional(Type.Boolean()) }, { additionalProperties: false, minProperties: 1 });

export const ProgramEvent = Type.Object({
  id: Type.Integer(),
  // From the domain's lists, as an enum: a new event type is documented without a second list to keep.
  entity: Type.Unsafe<string>({ type: 'string', enum: [...programEntities] }),
  entityId: Type.Integer(),
  type: Type.Unsafe<string>({ type: 'string', enum: [...responsibilityEventTypes] }),
  actor: Type.String(),
  at: Type.String({ format: 'date-time' }),
  detail: Type.Record(Type.String(), Type.Unknown(), { description: 'before and after, with ids and names' }),
});

export const SheetQuery = Type.Object({ format: Type.Optional(Type.Union([Type.Literal('html'), Type.Literal('csv')])) });

export const Organizer = Type.Object({ name: Type.String(), email: Type.String() });
export const SendResult = Type.Object({
  id: Type.Integer({ description: 'The send, as recorded' }),
  sentAt: Type.String({ format: 'date-time' }),
  recipients: Type.Array(Type.String(), { description: 'The organizers\' addresses: one mail each, through the outbox' }),
  organizers: Type.Array(Organizer, { description: 'The same, with their names' }),
});

export const SheetState = Type.Object({
  lastSend: Nullable(Type.Object({ id: Type.Integer(), sentAt: Type.String({ format: 'date-time' }), actor: Type.String(), recipients: Type.Array(Organizer), matrixHash: Type.String(), delivered: Type.Integer(), failed: Type.Integer() })),
  changedSince: Type.Boolean({ description: 'The matrix differs from the one last sent' }),
  currentHash: Type.String(),
});
