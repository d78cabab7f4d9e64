// createBot: the Kelisim bot as one grammY composition. Middleware order (each line runs before the next):
//   0. sequentialize       — one chat's updates in order (the runner handles chats concurrently)
//   1. update logger        — ids, kind and timing of every update (no personal data), and metrics
//   2. private chats only   — Kelisim talks to people one to one; group updates are ignored
//   3. preset locale        — so even an early failure is answered in a sensible language
//   3b. rate limit          — a person flooding the bot is asked to slow down (RATE_LIMIT_PER_10S)
//   4. error boundary       — everything below it: a thrown error is logged and answered with an apology
//   5.   load user          — records the person, picks their language, sets ctx.t
//   6.   conversations      — an intake, application, operator prompt, broadcast composer, time proposal, appointment note, the other party's question or a register join in progress
//                             takes the person's updates (state in the database)
//   7.   features           — deep links (inv_ invitations…), start, menu/help, about, language, membership, intake entry, my requests, your data
//   8.   unhandled          — anything not understood gets a pointer to the menu
// Outgoing API calls: auto-retry (429 retry_after, transient 5xx/network) → mark-blocked-on-403.
import { sequentialize } from "@grammyjs/runner";
import { conversations, createConversation, type ConversationData, type VersionedState } from "@grammyjs/conversations";
import { Bot, type Api, type StorageAdapter } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { Config } from "../config.js";
import type { PrivacyRepository } from "../domain/privacy.js";
import type { RequestRepository } from "../domain/request.js";
import type { MediatorRepository } from "../domain/mediator.js";
import type { Matchmaker } from "../domain/matchmaker.js";
import type { AuditRepository, OperatorDirectory, OperatorRepository } from "../domain/operators.js";
import type { RegionDirectory } from "../domain/region-directory.js";
import type { UserRepository } from "../domain/user.js";
import type { Logger } from "../logger.js";
import { configureApi, retryInConversations } from "./api/configure-api.js";
import { leanFetch } from "./api/lean-fetch.js";
import type { BotContext } from "./context.js";
import { aboutFeature } from "./features/about.js";
import { createLanguageFeature } from "./features/language.js";
import { createMembershipFeature } from "./features/membership.js";
import { createMenuFeature } from "./features/menu.js";
import { startFeature } from "./features/start.js";
import { intakeFeature } from "./features/intake.js";
import { createOffersFeature } from "./features/offers.js";
import { createMyRequestsFeature } from "./features/my-requests.js";
import { createPrivacyFeature } from "./features/privacy.js";
import { createOperatorFeature } from "./features/operator.js";
import { createOperatorPromptConversation, OPERATOR_PROMPT_CONVERSATION } from "./conversations/operator-prompt/operator-prompt.js";
import { createIntakeConversation, INTAKE_CONVERSATION } from "./conversations/intake/intake.js";
import { createMediatorApplicationConversation, MEDIATOR_APPLICATION_CONVERSATION } from "./conversations/mediator-application/mediator-application.js";
import { createMediatorWorkspaceFeature } from "./features/mediator-workspace.js";
import type { MediatorCaseRepository } from "../domain/mediator-case.js";
import type { AppointmentRepository } from "../domain/appointments.js";
import { createAppointmentsFeature } from "./features/appointments.js";
import { createProposeTimesConversation, PROPOSE_TIMES_CONVERSATION } from "./conversations/propose-times/propose-times.js";
import { APPOINTMENT_NOTE_CONVERSATION, createAppointmentNoteConversation } from "./conversations/appointment-note/appointment-note.js";
import { createAppointmentMessages } from "./notifications/appointment-messages.js";
import { createStatsFeature } from "./features/stats.js";
import type { StatsRepository } from "../db/repositories/stats-repository.js";
import { unhandledFeature } from "./features/unhandled.js";
import { expiredFormFeature } from "./conversations/shared/expired-form.js";
import type { InvitationRepository } from "../domain/invitations.js";
import { createInvitationsFeature } from "./features/invitations.js";
import { createOtherPartyStaffFeature } from "./features/other-party-staff.js";
import { createOperatorEraseFeature } from "./features/operator-erase.js";
import { createInvitationNotices } from "./notifications/invitation-notices.js";
import { createOtherPartyQuestionConversation, OTHER_PARTY_QUESTION_CONVERSATION } from "./conversations/other-party-question/other-party-question.js";
import { createRegisterJoinConversation, REGISTER_JOIN_CONVERSATION } from "./conversations/register-join/register-join.js";
import { AGREEMENT_TERMS_CONVERSATION, createAgreementTermsConversation } from "./conversations/agreement-terms/agreement-terms.js";
import { createAgreementTermsFeature } from "./features/agreement-terms.js";
import { createAgreementDelivery } from "./notifications/agreement-delivery.js";
import type { AgreementRepository } from "../domain/agreement-terms.js";
import { notifyOperators as notifyRegisterOperators } from "./features/register-deps.js";
import type { BroadcastRepository } from "../domain/broadcast.js";
import type { DeepLinkStartRepository } from "../domain/deep-link.js";
import type { AssistedRequestRepository } from "../domain/assisted-intake.js";
import type { PosterRepository } from "../domain/poster.js";
import { createAssistedIntakeFeature, createFilerRoleCheck } from "./features/assisted-intake.js";
import { createClaimFeature } from "./features/claim.js";
import { createPostersFeature } from "./features/posters.js";
import { createCaseDocumentsFeature } from "./features/case-documents.js";
import type { CaseDocumentService } from "./documents/case-document-service.js";
import { createRegisterFeature } from "./features/register.js";
import type { RegisterRepository } from "../domain/register-import/register.js";
import { createBroadcastFeature } from "./features/broadcast.js";
import { BROADCAST_COMPOSE_CONVERSATION, createBroadcastComposeConversation } from "./conversations/broadcast-compose/broadcast-compose.js";
import type { I18n } from "./i18n.js";
import { apologise } from "./middlewares/error-handler.js";
import { loadUser, presetLocale } from "./middlewares/load-user.js";
import { logUpdates } from "./middlewares/update-logger.js";
import { rateLimit } from "./middlewares/rate-limit.js";
import type { Metrics } from "../server/metrics.js";
import type { TermCheckRepository } from "../domain/term-checks.js";
import type { TermCheckMessages } from "./notifications/term-check-sender.js";
import { createTermChecksFeature } from "./features/term-checks.js";

/** Version of the stored conversation format; see the conversations plugin's docs on versioning. */
const CONVERSATIONS_VERSION = 3; // 2: the intake asks about cost (a new step after "in court")
// 3: rejected input is no longer recorded (shared/reject-input.ts); intake and application waits record the clock (maxMillisecondsToWait).

export interface BotDeps {
  logger: Logger;
  i18n: I18n;
  users: UserRepository;
  requests: RequestRepository;
  privacy: PrivacyRepository;
  regions: RegionDirectory;
  mediators: MediatorRepository;
  /** Who is an operator (OPERATOR_IDS plus those added in the bot), and the table behind it. */
  operators: OperatorDirectory;
  operatorRepository: OperatorRepository;
  audit: AuditRepository;
  /** Offers, acceptance, expiry and manual assignment (shared with the jobs). */
  matchmaker: Matchmaker;
  /** A mediator's open cases (/cases). */
  mediatorCases: MediatorCaseRepository;
  /** Proposing times, confirming, moving, cancelling, outcome and rating of appointments. */
  appointments: AppointmentRepository;
  /** Aggregates behind /stats (operators only). */
  stats: StatsRepository;
  /** Broadcasts composed by operators (/broadcast) and their deliveries. */
  broadcasts: BroadcastRepository;
  /** Invitations of the other party and their answers (issue #9). */
  invitations: InvitationRepository;
  /** Starts through deep links (posters, invitations, join links), for statistics. */
  deepLinkStarts: DeepLinkStartRepository;
  /** Requests filed for someone else (assisted intake) and claiming them (issue #9). */
  assisted: AssistedRequestRepository;
  /** Rayon posters: a person's poster rayon, mediators per rayon (issue #9). */
  posters: PosterRepository;
  /** Mediators imported from the centre's register, their join links, and the register export (issue #10). */
  register: RegisterRepository;
  /** The mediation contract and agreement PDF drafts of a case, for its parties and mediator (issue #16). */
  caseDocuments: CaseDocumentService;
  /** Agreement terms recorded after a session with an agreement (issue #16). */
  agreements: AgreementRepository;
  /** Conversation state (intake) survives restarts in the database. */
  conversationStorage: StorageAdapter<VersionedState<ConversationData>>;
  /** The clock; tests and the playground substitute their own. */
  now: () => Date;
  /** Prometheus counters (updates, latency, Bot API calls); optional so unit tests can leave it out. */
  metrics?: Metrics;
  /** Known bot identity (skips getMe); tests and webhook instances pass it. */
  botInfo?: UserFromGetMe;
  /** Answers to "Was this done?" about agreement terms and the follow-up case (issue #16); optional for unit tests. */
  termChecks?: { repository: TermCheckRepository; messages: TermCheckMessages; api?: Api; recheckDays: number };
}

export function createBot(config: Config, deps: BotDeps): Bot<BotContext> {
  const bot = new Bot<BotContext>(config.botToken, {
    botInfo: deps.botInfo,
    // Handlers' Bot API calls go through a lean fetch on node:http (bot/api/lean-fetch.ts) instead of node-fetch.
    client: { ...(config.botApiRoot ? { apiRoot: config.botApiRoot } : {}), fetch: leanFetch as unknown as typeof fetch },
  });

  configureApi(bot.api, deps);

  bot.use(sequentialize((ctx) => ctx.chat?.id.toString() ?? ctx.from?.id.toString()));
  bot.use(logUpdates(deps.logger));
  if (deps.metrics) bot.use(deps.metrics.middleware());
  const privateChats = bot.filter((ctx) => ctx.chat?.type === "private" || (ctx.chat === undefined && ctx.from !== undefined));
  privateChats.use(presetLocale({ i18n: deps.i18n, defaultLocale: config.defaultLocale }));
  privateChats.use(rateLimit(config.rateLimitPer10s));

  const protectedChain = privateChats.errorBoundary(apologise(deps.logger));
  protectedChain.use(loadUser({ users: deps.users, i18n: deps.i18n, defaultLocale: config.defaultLocale }));
  // Bump `version` when a change to a conversation breaks the replay of conversations in flight.
  // Inside a conversation ctx.api is the plugin's own Api (it records calls for replay) without the bot's
  // transformers: without this, a 429 or 5xx in the middle of an intake step became "something went wrong".
  // Only retries are added (a recorded 429 is waited out again when the step is replayed: rare and short).
  const conversationPlugins = [retryInConversations];
  protectedChain.use(conversations({ storage: { type: "key", version: CONVERSATIONS_VERSION, adapter: deps.conversationStorage }, plugins: conversationPlugins }));
  const filerRole = createFilerRoleCheck(deps);
  // A form left unanswered for CONVERSATION_TTL_DAYS ends at the next update, which then goes on to the features.
  const formTtl = { maxMillisecondsToWait: config.conversationTtlDays * 24 * 60 * 60_000 };
  protectedChain.use(createConversation(createIntakeConversation({ ...deps, filerRole, offerTtlHours: config.matching.offerTtlHours }), { id: INTAKE_CONVERSATION, ...formTtl }));
  protectedChain.use(createConversation(createMediatorApplicationConversation({ ...deps, defaultLocale: config.defaultLocale }), { id: MEDIATOR_APPLICATION_CONVERSATION, ...formTtl }));
  protectedChain.use(createConversation(createOperatorPromptConversation({ ...deps, defaultLocale: config.defaultLocale, timeZone: config.timeZone }), { id: OPERATOR_PROMPT_CONVERSATION }));
  protectedChain.use(createConversation(createBroadcastComposeConversation({ ...deps, defaultLocale: config.defaultLocale, timeZone: config.timeZone }), { id: BROADCAST_COMPOSE_CONVERSATION }));
  const appointmentMessages = createAppointmentMessages({ i18n: deps.i18n, defaultLocale: config.defaultLocale, timeZone: config.timeZone });
  const appointmentDeps = { appointments: deps.appointments, messages: appointmentMessages, now: deps.now };
  protectedChain.use(createConversation(createProposeTimesConversation({ ...appointmentDeps, i18n: deps.i18n, logger: deps.logger, timeZone: config.timeZone }), { id: PROPOSE_TIMES_CONVERSATION }));
  protectedChain.use(createConversation(createAppointmentNoteConversation({ ...appointmentDeps, i18n: deps.i18n }), { id: APPOINTMENT_NOTE_CONVERSATION }));
  const invitationNotices = createInvitationNotices({ i18n: deps.i18n, defaultLocale: config.defaultLocale, logger: deps.logger, users: deps.users });
  protectedChain.use(createConversation(createOtherPartyQuestionConversation({ ...deps, notices: invitationNotices }), { id: OTHER_PARTY_QUESTION_CONVERSATION }));
  const registerDeps = { ...deps, defaultLocale: config.defaultLocale, timeZone: config.timeZone, apiRoot: config.botApiRoot };
  const agreementDelivery = createAgreementDelivery({ i18n: deps.i18n, defaultLocale: config.defaultLocale, logger: deps.logger, documents: deps.caseDocuments });
  protectedChain.use(createConversation(createAgreementTermsConversation({ ...deps, delivery: agreementDelivery, timeZone: config.timeZone }), { id: AGREEMENT_TERMS_CONVERSATION, ...formTtl }));
  protectedChain.use(createConversation(createRegisterJoinConversation({ ...registerDeps, notifyOperators: (api, build) => notifyRegisterOperators(api, registerDeps, build) }), { id: REGISTER_JOIN_CONVERSATION }));
  protectedChain.use(
    // Deep-link handlers (/start <payload>, src/domain/deep-link.ts) go here, before startFeature: each
    // handles its own prefix and calls next() otherwise.
    createInvitationsFeature({ ...deps, appointmentMessages, notices: invitationNotices, timeZone: config.timeZone }),
    createOtherPartyStaffFeature({ ...deps, appointmentMessages, notices: invitationNotices }),
    createOperatorEraseFeature(deps),
    createPostersFeature(deps),
    createClaimFeature({ ...deps, defaultLocale: config.defaultLocale }),
    createRegisterFeature(registerDeps),
    startFeature,
    createMenuFeature(deps),
    aboutFeature,
    createLanguageFeature({ ...deps, defaultLocale: config.defaultLocale }),
    createMembershipFeature({ users: deps.users }),
    intakeFeature,
    createAssistedIntakeFeature({ filerRole }),
    createOffersFeature({ ...deps, offerTtlHours: config.matching.offerTtlHours }),
    createMyRequestsFeature({ requests: deps.requests, regions: deps.regions, now: deps.now, timeZone: config.timeZone, invitations: deps.invitations }),
    createPrivacyFeature({ ...deps, defaultLocale: config.defaultLocale, timeZone: config.timeZone }),
    createOperatorFeature({ ...deps, defaultLocale: config.defaultLocale, timeZone: config.timeZone }),
    createStatsFeature({ ...deps, radiusKm: config.matching.radiusKm, timeZone: config.timeZone }),
    createBroadcastFeature(deps),
    createMediatorWorkspaceFeature({ mediators: deps.mediators, cases: deps.mediatorCases, regions: deps.regions }),
    createAppointmentsFeature(appointmentDeps),
    createAgreementTermsFeature(deps),
    createCaseDocumentsFeature(deps),
    ...(deps.termChecks
      ? [createTermChecksFeature({ termChecks: deps.termChecks.repository, matchmaker: deps.matchmaker, messages: deps.termChecks.messages, api: deps.termChecks.api, logger: deps.logger, now: deps.now, recheckDays: deps.termChecks.recheckDays, timeZone: config.timeZone })]
      : []),
    expiredFormFeature,
    unhandledFeature,
  );

  // Errors outside the boundary (there should be none) are still logged, never thrown into the runner.
  bot.catch((error) => deps.logger.error({ updateId: error.ctx.update.update_id, err: (error.error as Error)?.message }, "unhandled bot error"));
  return bot;
}
