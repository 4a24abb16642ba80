import Type from 'typebox';

// Schemas of the API routes that keep step with the coordinator pages (rename an organization,
// edit a person, remove an address). The shared ones stay in schemas.ts.

export const OrganizationPatch = Type.Object(
  { name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), kind: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })) },
  { additionalProperties: false, minProperties: 1 },
);

export const PersonPatch = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    organizationId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], { description: 'null: no organization' })),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const EmailParams = Type.Object({ id: Type.Integer({ minimum: 1 }), address: Type.String({ minLength: 3, maxLength: 320 }) });
