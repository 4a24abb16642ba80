import Type from 'typebox';
import { communicationChannels } from '../program/communication.table.js';
import { Id, Nullable, OneOf } from './schemas.js';

// Guardians, the communications log and check-ins (DESIGN.md "Participant lifecycle").

const When = Type.String({ format: 'date-time' });

export const Guardian = Type.Object(
  {
    id: Type.Integer({ description: "The guardian's person id (a person of role parent): the guardianId of a parental permission" }),
    protegeId: Type.Integer(),
    name: Type.String(),
    email: Nullable(Type.String({ description: "The guardian's first address; null when the program has none" })),
    phone: Nullable(Type.String({ description: 'E.164, e.g. +14155550132' })),
    relationship: Type.String({ description: 'mother, father, guardian ...' }),
  },
  { description: "A protégé's guardian" },
);

export const NewGuardian = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    email: Type.Optional(
      Type.String({ maxLength: 320, description: 'The parent who has this address is linked (one person for all their children); 409 if it belongs to someone who is not a parent' }),
    ),
    phone: Type.Optional(Type.String({ maxLength: 40, description: "As written; without a country code it is read in screening.defaultCountry's; stored as E.164" })),
    relationship: Type.String({ minLength: 1, maxLength: 50, description: 'mother, father, guardian ...' }),
  },
  { additionalProperties: false },
);

export const Channel = OneOf(communicationChannels);

export const Communication = Type.Object(
  {
    id: Type.Integer(),
    personId: Type.Integer(),
    channel: Channel,
    kind: Nullable(Type.String({ description: 'Lower-cased; check-in for a staff check-in' })),
    summary: Type.String(),
    at: Type.String({ format: 'date-time', description: 'When the contact happened' }),
    followUpDue: Nullable(When),
    followUpDoneAt: Nullable(When),
    actor: Type.String({ description: 'The staff account or token that recorded it' }),
  },
  { description: 'One contact staff had with a mentor, a protégé or a parent' },
);

export const NewCommunication = Type.Object(
  {
    personId: Id,
    channel: Channel,
    kind: Type.Optional(Type.String({ maxLength: 40, description: 'Free text, lower-cased; check-in for a staff check-in (what the check-in list counts)' })),
    summary: Type.String({ minLength: 1, maxLength: 4000, description: 'Several lines allowed' }),
    at: Type.Optional(Type.String({ format: 'date-time', description: "When it happened; the relay's clock when absent; never in the future" })),
    followUpDue: Type.Optional(Type.String({ format: 'date-time', description: 'When something promised is due' })),
  },
  { additionalProperties: false },
);

export const CommunicationQuery = Type.Object(
  {
    personId: Type.Optional(Id),
    followUp: Type.Optional(OneOf(['open'] as const, { description: 'open: only entries whose follow-up is not done yet' })),
  },
  { additionalProperties: false },
);

export const CommunicationPatch = Type.Object({ followUpDone: Type.Boolean({ description: 'true: done now; false: open again' }) }, { additionalProperties: false });

export const CheckIn = Type.Object({
  personId: Type.Integer(),
  role: OneOf(['mentor', 'protege'] as const),
  lastCheckInAt: Nullable(Type.String({ format: 'date-time', description: 'The latest communication of kind check-in; null if none' })),
  dueAt: Type.String({ format: 'date-time', description: 'program.checkInDays after the last check-in, or after their first active or paused pair started' }),
  responsiblePersonId: Nullable(
    Type.Integer({ description: 'Who holds the task of communicating regularly with accepted mentors (or with protégés); null when nobody does' }),
  ),
});

export const CheckInQuery = Type.Object({ status: Type.Optional(OneOf(['overdue'] as const, { description: 'overdue: only those due by now' })) }, { additionalProperties: false });
