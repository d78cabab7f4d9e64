// Wiring only: migrate, open the database, load reference data, build the bot and run it.
// main.ts calls startApp with the real environment; flow tests call it with an emulator's API root.
import type { ConversationData, VersionedState } from "@grammyjs/conversations";
import { Api, type Bot } from "grammy";
import type { Config } from "./config.js";
import { openDatabase, type Database } from "./db/client.js";
import { listPendingMigrations, migrate } from "./db/migrator.js";
import { startHealthServer } from "./server/health-server.js";
import { createMetrics } from "./server/metrics.js";
import { bundledRegionDirectory, loadRegions } from "./db/regions/load-regions.js";
import { createPrivacyRepository } from "./db/repositories/privacy-repository.js";
import { createRequestRepository } from "./db/repositories/request-repository.js";
import { createMediatorRepository } from "./db/repositories/mediator-repository.js";
import { createMediatorCaseRepository } from "./db/repositories/mediator-case-repository.js";
import { createAuditRepository, createOperatorRepository } from "./db/repositories/operator-repository.js";
import { createOperatorDirectory } from "./domain/operators.js";
import { createMatchmaker, type Matchmaker } from "./domain/matchmaker.js";
import { runExpireOffers } from "./jobs/expire-offers.js";
import { runDailyDigest, type DailyDigestResult } from "./jobs/daily-digest.js";
import { runSendReminders, type SendRemindersResult } from "./jobs/send-reminders.js";
import { runProcedureClock, type ProcedureClockResult } from "./jobs/procedure-clock.js";
import { createProcedureClockRepository } from "./db/repositories/procedure-clock-repository.js";
import { createDigestRepository } from "./db/repositories/digest-repository.js";
import { createReminderRepository } from "./db/repositories/reminder-repository.js";
import { createTermCheckRepository } from "./db/repositories/term-check-repository.js";
import { createTermCheckMessages, createTermCheckSender } from "./bot/notifications/term-check-sender.js";
import { runSendTermChecks, type SendTermChecksResult } from "./jobs/send-term-checks.js";
import { startScheduler } from "./jobs/scheduler.js";
import { createOfferRepository } from "./db/repositories/offer-repository.js";
import { createCandidateRepository } from "./db/repositories/candidate-repository.js";
import { configureApi } from "./bot/api/configure-api.js";
import { leanFetch } from "./bot/api/lean-fetch.js";
import { createMatchNotifier } from "./bot/notifications/match-notifier.js";
import { createAppointmentMessages } from "./bot/notifications/appointment-messages.js";
import { createReminderSender } from "./bot/notifications/reminder-sender.js";
import { createAppointmentRepository } from "./db/repositories/appointment-repository.js";
import type { ReminderSender } from "./domain/reminders.js";
import { createDatabaseStorage } from "./db/repositories/storage-repository.js";
import { createCachedStorage } from "./db/cache/cached-storage.js";
import { forgetConversationOnErase } from "./db/cache/forget-on-erase.js";
import { createBoundedStorage } from "./db/cache/bounded-storage.js";
import { createConversationStateRepository } from "./db/repositories/conversation-state-repository.js";
import { runPruneConversations } from "./jobs/prune-conversations.js";
import { createResetNotice } from "./bot/conversations/shared/reset-notice.js";
import { createRegionRepository } from "./db/repositories/region-repository.js";
import { createUserRepository } from "./db/repositories/user-repository.js";
import { createStatsRepository } from "./db/repositories/stats-repository.js";
import { createBroadcastRepository } from "./db/repositories/broadcast-repository.js";
import { createDeepLinkStartRepository } from "./db/repositories/deep-link-repository.js";
import { createRegisterRepository } from "./db/repositories/register-repository.js";
import { createAssistedRequestRepository } from "./db/repositories/assisted-request-repository.js";
import { createPosterRepository } from "./db/repositories/poster-repository.js";
import { createAgreementRepository } from "./db/repositories/agreement-repository.js";
import { createCaseDocumentService } from "./bot/documents/case-document-service.js";
import { createInvitationRepository } from "./db/repositories/invitation-repository.js";
import { createBroadcastApi } from "./bot/api/broadcast-api.js";
import { createBroadcastProgressRenderer } from "./bot/notifications/broadcast-progress.js";
import { runBroadcasts, type RunBroadcastsResult } from "./jobs/run-broadcasts.js";
import type { UserRepository } from "./domain/user.js";
import { registerCommands } from "./bot/commands.js";
import type { BotContext } from "./bot/context.js";
import { createI18n } from "./bot/i18n.js";
import { createBot } from "./bot/index.js";
import { startPolling } from "./bot/polling.js";
import { createWebhookMode } from "./bot/webhook.js";
import { untilTelegramAnswers } from "./bot/telegram-connection.js";
import { createProcessedUpdateRepository } from "./db/repositories/processed-update-repository.js";
import { createLeaseRepository } from "./db/repositories/lease-repository.js";
import { runPruneProcessedUpdates } from "./jobs/prune-processed-updates.js";
import { createLogger, type Logger } from "./logger.js";

/** Chats whose conversation state stays in memory in polling mode, and the memory all of them may take. */
const CONVERSATION_CACHE_KEYS = 10_000;
const CONVERSATION_CACHE_BYTES = 64 * 1024 * 1024;
/** Cap on one chat's stored conversation state (UTF-8 bytes); a finished intake stays well below it. */
export const CONVERSATION_STATE_MAX_BYTES = 64 * 1024;

export interface AppOptions {
  logger?: Logger;
  /** Replace or wrap the user repository (tests use it to make a handler fail on purpose). */
  decorateUsers?: (users: UserRepository) => UserRepository;
  /** The clock (tests and the playground move time by hand). */
  now?: () => Date;
  /** Telegram rejected the token while polling (main.ts stops the process; default: logged only). */
  onFatal?: (error: Error) => void;
}

export interface RunningApp {
  bot: Bot<BotContext>;
  db: Database;
  logger: Logger;
  matchmaker: Matchmaker;
  /** Port of /healthz and /readyz, and of the webhook in webhook mode (HTTP_PORT; 0 picks a free one). */
  healthPort: number;
  /** Turns a due reminder row into its message (used by the reminder job; tests may call it directly). */
  reminderSender: ReminderSender;
  /** Each job as a function of "now", for tests with a fake clock. */
  jobs: { expireOffers(now: Date): Promise<number>; pruneConversations(now: Date): Promise<number>; sendReminders(now: Date): Promise<SendRemindersResult>; dailyDigest(now: Date): Promise<DailyDigestResult>; runBroadcasts(now: Date): Promise<RunBroadcastsResult>; sendTermChecks(now: Date): Promise<SendTermChecksResult>; procedureClock(now: Date): Promise<ProcedureClockResult> };
  /** Stops taking updates, lets in-flight ones finish, confirms them to Telegram, closes the database. */
  stop(): Promise<void>;
}

export async function startApp(config: Config, options: AppOptions = {}): Promise<RunningApp> {
  const logger = options.logger ?? createLogger(config.logLevel);

  const migration = await migrate(config.databaseUrl);
  logger.info({ provider: migration.provider, applied: migration.applied }, "database migrated");

  const db = openDatabase(config.databaseUrl);
  try {
    const regions = await loadRegions(createRegionRepository(db.prisma));
    logger.info(regions, "regions loaded");

    const databaseConversationStorage = createDatabaseStorage<VersionedState<ConversationData>>(db.prisma, "conversation");
    // Long polling: this process is the only one handling any chat, so conversation state can live in memory
    // (written through to the database). Webhook instances share chats and keep reading the database.
    const cachedConversations = config.botMode === "polling"
      ? createCachedStorage(databaseConversationStorage, { maxKeys: CONVERSATION_CACHE_KEYS, maxBytes: CONVERSATION_CACHE_BYTES })
      : undefined;
    const operatorRepository = createOperatorRepository(db.prisma);
    const operators = createOperatorDirectory(config.operatorIds, operatorRepository);
    const databasePrivacy = createPrivacyRepository(db.prisma, operators);
    // People's rows are NOT kept in memory (cacheContacts, user-repository.ts): the playground, its seed and test
    // helpers still write User.locale behind the repository, which a cache would not see. Turn it on (polling
    // mode only) once every writer of User goes through the repository or erasure.
    const baseUsers = createUserRepository(db.prisma);
    const privacy = cachedConversations ? forgetConversationOnErase(databasePrivacy, cachedConversations, baseUsers) : databasePrivacy;
    const users = options.decorateUsers ? options.decorateUsers(baseUsers) : baseUsers;
    const i18n = createI18n(config.defaultLocale);
    const now = options.now ?? (() => new Date());
    const regionDirectory = bundledRegionDirectory();
    const requests = createRequestRepository(db.prisma);
    const mediators = createMediatorRepository(db.prisma);
    const offers = createOfferRepository(db.prisma);
    const reminders = createReminderRepository(db.prisma);
    // Jobs and handlers share one matchmaker; it sends through its own Api object (same token and root).
    const metrics = createMetrics();
    const notificationsApi = configureApi(new Api(config.botToken, config.botApiRoot ? { apiRoot: config.botApiRoot } : {}), { users, logger, metrics });
    // Every update parses, replays and rewrites a chat's whole conversation state: it is capped (security review R1).
    const conversationStorage = createBoundedStorage(cachedConversations ?? databaseConversationStorage, {
      maxBytes: CONVERSATION_STATE_MAX_BYTES,
      onReset: createResetNotice({ api: notificationsApi, users, i18n, defaultLocale: config.defaultLocale, logger }),
    });
    const matchmaker = createMatchmaker({
      offers,
      candidates: createCandidateRepository(db.prisma),
      regions: regionDirectory,
      matching: config.matching,
      operators,
      notifier: createMatchNotifier(notificationsApi, config, { i18n, users, mediators, requests, offers, operators, regions: regionDirectory, logger }),
      onError: (error, context) => logger.error({ err: (error as Error)?.message, context }, "matching step failed"),
      onOutcome: metrics.countOffer,
    });
    const appointments = createAppointmentRepository(db.prisma);
    // The reminder job sends through the same Api object as matching, in each recipient's language.
    const reminderSender = createReminderSender(notificationsApi, {
      appointments,
      messages: createAppointmentMessages({ i18n, defaultLocale: config.defaultLocale, timeZone: config.timeZone }),
    });
    // "Was this done?" about agreement terms: claimed like the reminders, sent through the same Api object.
    const termChecks = createTermCheckRepository(db.prisma);
    const termCheckMessages = createTermCheckMessages({ i18n, defaultLocale: config.defaultLocale, timeZone: config.timeZone });
    const termCheckSender = createTermCheckSender(notificationsApi, { termChecks, messages: termCheckMessages });
    // Broadcasts send through their own paced Api object, so handler replies never queue behind them.
    const broadcasts = createBroadcastRepository(db.prisma);
    const broadcastApi = createBroadcastApi(config.botToken, config.botApiRoot, { users, logger });
    const broadcastStop = new AbortController();
    const bot = createBot(config, {
      metrics,
      broadcasts,
      matchmaker,
      appointments,
      mediators,
      mediatorCases: createMediatorCaseRepository(db.prisma),
      operators,
      operatorRepository,
      audit: createAuditRepository(db.prisma),
      logger,
      i18n,
      users,
      requests,
      privacy,
      regions: regionDirectory,
      stats: createStatsRepository(db.prisma),
      deepLinkStarts: createDeepLinkStartRepository(db.prisma),
      register: createRegisterRepository(db.prisma),
      assisted: createAssistedRequestRepository(db.prisma, Math.random, { claimTtlDays: config.claimCodeTtlDays }),
      posters: createPosterRepository(db.prisma),
      agreements: createAgreementRepository(db.prisma),
      caseDocuments: createCaseDocumentService(db.prisma, { i18n, timeZone: config.timeZone }),
      invitations: createInvitationRepository(db.prisma, { ...config.invitationQuestions, timeZone: config.timeZone }),
      conversationStorage,
      now,
      termChecks: { repository: termChecks, messages: termCheckMessages, api: notificationsApi, recheckDays: config.termRecheckDays },
    });
    // getMe through a bare Api object: every failure is logged in words and retried with a visible back-off;
    // a rejected token stops start-up (TokenRejectedError) — see bot/telegram-connection.ts.
    logger.info({ apiRoot: config.botApiRoot ?? "https://api.telegram.org" }, "connecting to Telegram…");
    // getUpdates (polling) goes through it too: the same lean fetch as the handlers' calls (bot/api/lean-fetch.ts).
    const connection = new Api(config.botToken, { ...(config.botApiRoot ? { apiRoot: config.botApiRoot } : {}), fetch: leanFetch as unknown as typeof fetch });
    bot.botInfo = await untilTelegramAnswers("getMe", (signal) => connection.getMe(signal as Parameters<Api["getMe"]>[0]), { logger });
    logger.info({ username: bot.botInfo.username }, "connected to Telegram");

    // BOT_MODE=webhook: updates arrive on the health server's port (src/bot/webhook.ts); polling is the default.
    const claims = createProcessedUpdateRepository(db.prisma);
    const webhook = config.botMode === "webhook"
      ? createWebhookMode(bot, { ...config.webhook, claims, leases: createLeaseRepository(db.prisma), logger, onDuplicate: metrics.countDuplicateUpdate })
      : undefined;
    const health = await startHealthServer({
      webhook: webhook?.route,
      host: config.http.host,
      port: config.http.port,
      logger,
      metrics: metrics.registry,
      ready: async () => {
        await db.prisma.$queryRawUnsafe("SELECT 1");
        const pending = await listPendingMigrations(config.databaseUrl);
        return pending.length > 0 ? { problem: "migrations pending", detail: pending.join(", ") } : null;
      },
    });
    if (webhook) await webhook.register();
    else await untilTelegramAnswers("deleteWebhook", (signal) => connection.deleteWebhook({ drop_pending_updates: false }, signal as Parameters<Api["deleteWebhook"]>[1]), { logger });
    const polling = webhook ? undefined : startPolling(bot, logger, { connection, onFatal: options.onFatal });
    const jobs = {
      expireOffers: (now: Date) => runExpireOffers({ matchmaker, logger }, now),
      pruneConversations: (now: Date) =>
        runPruneConversations({ conversations: createConversationStateRepository(db.prisma), ttlDays: config.conversationTtlDays, evict: (key) => cachedConversations?.forget(key), logger }, now),
      sendReminders: (now: Date) => runSendReminders({ reminders, sender: reminderSender, logger, onOutcome: metrics.countReminder }, now),
      sendTermChecks: (now: Date) => runSendTermChecks({ termChecks, sender: termCheckSender, logger }, now),
      dailyDigest: (now: Date) =>
        runDailyDigest({ digests: createDigestRepository(db.prisma), reminders, operators, users, api: notificationsApi, i18n, config, logger }, now),
      procedureClock: (now: Date) => runProcedureClock({ clock: createProcedureClockRepository(db.prisma), api: notificationsApi, i18n, config, logger }, now),
      runBroadcasts: (now: Date) =>
        runBroadcasts({
          broadcasts, api: broadcastApi, logger, signal: broadcastStop.signal, onDelivery: metrics.countBroadcast,
          renderProgress: createBroadcastProgressRenderer({ i18n, users, defaultLocale: config.defaultLocale }),
        }, now),
    };
    const scheduler = startScheduler(
      [
        { name: "expire-offers", schedule: "* * * * *", run: jobs.expireOffers },
        { name: "send-reminders", schedule: "* * * * *", run: jobs.sendReminders },
        // Every minute: "Was this done?" about agreement terms whose question fell due (each claimed once).
        { name: "send-term-checks", schedule: "* * * * *", run: jobs.sendTermChecks },
        // Hourly: forms left unanswered for CONVERSATION_TTL_DAYS are dropped (their answers with them).
        { name: "prune-conversations", schedule: "41 * * * *", run: jobs.pruneConversations },
        // Every minute: the job itself decides whether DIGEST_TIME has come and today's digest is still unsent.
        { name: "daily-digest", schedule: "* * * * *", run: jobs.dailyDigest },
        // Every 10 minutes: day 25 of a procedure without an outcome reminds its mediator once (claimed per case).
        { name: "procedure-clock", schedule: "*/10 * * * *", run: jobs.procedureClock },
        // Every 5 seconds: due broadcasts start promptly; a running one holds a lease, so runs never overlap.
        { name: "run-broadcasts", schedule: "*/5 * * * * *", run: jobs.runBroadcasts },
        ...(webhook ? [{ name: "prune-processed-updates", schedule: "17 * * * *", run: (now: Date) => runPruneProcessedUpdates({ claims, logger }, now) }] : []),
      ],
      { logger, timeZone: config.timeZone, now },
    );
    // What fell due while the bot was down is handled right away, not at the next minute; a request saved
    // just before a crash but never offered is offered now.
    void scheduler.runAllNow();
    void matchmaker.offerStranded(now()).catch((error: unknown) => logger.error({ err: error }, "offering stranded requests failed"));
    void registerCommands(bot.api, { i18n, users, mediators, operators, defaultLocale: config.defaultLocale, logger, store: createDatabaseStorage<string>(db.prisma, "command-menus") });
    logger.info({ username: bot.botInfo.username, mode: config.botMode }, "bot started");

    return {
      bot,
      db,
      logger,
      matchmaker,
      reminderSender,
      healthPort: health.port,
      jobs,
      async stop() {
        broadcastStop.abort(); // a running broadcast stops between messages and releases its lease
        await webhook?.stop(); // new posts get 503 (Telegram retries elsewhere); claimed updates finish
        await scheduler.stop();
        await health.close();
        await polling?.stop();
        await db.close();
        logger.info("stopped");
      },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}
