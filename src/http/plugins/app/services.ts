import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import type { TokenService } from '../../../auth/token.service.js';
import type { Config } from '../../../config/schema.js';
import type { Clock } from '../../../db/clock.js';
import type { Database } from '../../../db/database.js';
import type { MessageService } from '../../../messages/message.service.js';
import type { ProgramService } from '../../../program/program.service.js';
import type { ImportService } from '../../../program/import.service.js';
import type { OnboardingService } from '../../../program/onboarding.service.js';
import type { GuardianService } from '../../../program/guardian.service.js';
import type { CommunicationService } from '../../../program/communication.service.js';
import type { ResponsibilityService } from '../../../program/responsibility.service.js';
import type { ReviewService } from '../../../review/review.service.js';
import type { TemplateService } from '../../../review/template.service.js';
import type { StaffService } from '../../../staff/staff.service.js';

/** What the HTTP side uses; built once in the composition root and shared with SMTP and the worker. */
export interface Services {
  config: Config;
  db: Kysely<Database>;
  clock: Clock;
  program: ProgramService;
  imports: ImportService;
  messages: MessageService;
  review: ReviewService;
  tokens: TokenService;
  staff: StaffService;
  templates: TemplateService;
  responsibilities: ResponsibilityService;
  onboarding: OnboardingService;
  guardians: GuardianService;
  communications: CommunicationService;
}

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
  }
}

export default fp(
  async function servicesPlugin(app: FastifyInstance, opts: { services: Services }) {
    app.decorate('services', opts.services);
  },
  { name: 'services' },
);
