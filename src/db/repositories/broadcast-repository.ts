// Broadcasts and their deliveries. The audience is resolved here: citizens are people with at least one
// request (their oblast: the rayons of their requests), mediators are people with an active profile
// (their oblast: the rayons they serve), everyone is everybody; people who blocked the bot or erased their
// data are never included. Claims are conditional updates (like reminders): of several callers exactly one
// sees count 1 for a row. A batch claim only marks rows "claimed"; each row becomes "sending" by its own
// conditional update just before its message goes out (see domain/broadcast.ts), so a delivery is sent by
// one instance at most and a crash leaves only the rows in flight "sending".
import { SUPPORTED_LOCALES, type Locale } from "../../config.js";
import type {
  AudienceFilter, BroadcastRecord, BroadcastRepository, BroadcastStatus, ClaimedDelivery, DeliveryCounts,
} from "../../domain/broadcast.js";
import type { PrismaClient } from "../client.js";

const ERROR_LENGTH = 300;

/** Telegram's language_code for a language: "ru", or a regional form such as "ru-RU" (as domain/locale.ts reads it). */
const telegramSpeaks = (locale: Locale) => [{ telegramLanguage: locale }, { telegramLanguage: { startsWith: `${locale}-` } }, { telegramLanguage: { startsWith: `${locale}_` } }];

/**
 * People whose language (recipientLocale in domain/locale.ts: their choice, else Telegram's when Kelisim
 * speaks it, else the default) is one of `languages` — the same rule every pushed message follows.
 */
function languageWhere(languages: readonly Locale[], defaultLocale: Locale) {
  const unchosen = { locale: { notIn: [...SUPPORTED_LOCALES] as string[] } };
  const unchosenOrNull = (extra: object) => [{ locale: null, ...extra }, { ...unchosen, ...extra }];
  const spoken = languages.flatMap((locale) => [{ locale }, ...unchosenOrNull({ OR: telegramSpeaks(locale) })]);
  // Neither a choice nor a Telegram language Kelisim speaks: the default language.
  const fallback = languages.includes(defaultLocale)
    ? [...unchosenOrNull({ telegramLanguage: null }), ...unchosenOrNull({ telegramLanguage: { not: null }, NOT: { OR: SUPPORTED_LOCALES.flatMap(telegramSpeaks) } })]
    : [];
  return { OR: [...spoken, ...fallback] };
}

function audienceWhere(filter: AudienceFilter, defaultLocale: Locale) {
  const oblasts = filter.oblastCodes.length > 0 ? { oblastCode: { in: [...filter.oblastCodes] } } : {};
  const citizen = { requests: { some: { rayon: oblasts } } };
  const mediator = { mediator: { is: { status: "active", rayons: filter.oblastCodes.length > 0 ? { some: { rayon: oblasts } } : undefined } } };
  const byAudience = filter.audience === "citizens" ? [citizen] : filter.audience === "mediators" ? [mediator] : filter.oblastCodes.length > 0 ? [citizen, mediator] : [];
  const languages = filter.languages.length > 0 ? [languageWhere(filter.languages, defaultLocale)] : [];
  return {
    blockedAt: null,
    erasedAt: null,
    AND: [...(byAudience.length > 0 ? [{ OR: byAudience }] : []), ...languages],
  };
}

const recordSelect = {
  id: true, text: true, photoFileId: true, status: true, createdById: true, progressChatId: true, progressMessageId: true, startedAt: true,
} as const;

export function createBroadcastRepository(prisma: PrismaClient): BroadcastRepository {
  return {
    countAudience: (filter, defaultLocale) => prisma.user.count({ where: audienceWhere(filter, defaultLocale) }),

    async create(draft, defaultLocale, now) {
      return prisma.$transaction(async (tx) => {
        const recipients = await tx.user.findMany({ where: audienceWhere(draft, defaultLocale), select: { id: true, telegramId: true }, orderBy: { id: "asc" } });
        const broadcast = await tx.broadcast.create({
          data: {
            createdById: draft.createdById,
            text: draft.text,
            photoFileId: draft.photoFileId,
            audience: draft.audience,
            oblastCodes: draft.oblastCodes.join(","),
            languages: draft.languages.join(","),
            status: "scheduled",
            scheduledAt: draft.scheduledAt ?? now,
            progressChatId: draft.progressChatId,
          },
          select: { id: true },
        });
        await tx.broadcastDelivery.createMany({ data: recipients.map((r) => ({ broadcastId: broadcast.id, userId: r.id, telegramId: r.telegramId })) });
        return { id: broadcast.id, recipients: recipients.length };
      }, { timeout: 60_000 });
    },

    async setProgressMessage(id, chatId, messageId) {
      await prisma.broadcast.update({ where: { id }, data: { progressChatId: chatId, progressMessageId: messageId } });
    },

    async findDue(now) {
      const rows = await prisma.broadcast.findMany({
        where: { OR: [{ status: "scheduled", scheduledAt: { lte: now } }, { status: "sending", OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] }] },
        orderBy: { id: "asc" },
        select: { id: true },
      });
      return rows.map((r) => r.id);
    },

    async takeLease(id, now, until) {
      const won = await prisma.broadcast.updateMany({
        where: { id, OR: [{ status: "scheduled", scheduledAt: { lte: now } }, { status: "sending", OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] }] },
        data: { status: "sending", leaseUntil: until },
      });
      if (won.count !== 1) return false;
      await prisma.broadcast.updateMany({ where: { id, startedAt: null }, data: { startedAt: now } });
      return true;
    },

    async renewLease(id, held, until) {
      const renewed = await prisma.broadcast.updateMany({ where: { id, status: "sending", leaseUntil: held }, data: { leaseUntil: until } });
      return renewed.count === 1;
    },

    async releaseLease(id) {
      await prisma.broadcast.updateMany({ where: { id, status: "sending" }, data: { leaseUntil: null } });
    },

    async find(id) {
      const row = await prisma.broadcast.findUnique({ where: { id }, select: recordSelect });
      return row ? ({ ...row, status: row.status as BroadcastStatus } satisfies BroadcastRecord) : null;
    },

    async statusOf(id) {
      const row = await prisma.broadcast.findUnique({ where: { id }, select: { status: true } });
      return (row?.status as BroadcastStatus | undefined) ?? null;
    },

    async failInterrupted(id) {
      const result = await prisma.broadcastDelivery.updateMany({ where: { broadcastId: id, status: "sending" }, data: { status: "failed", lastError: "interrupted" } });
      return result.count;
    },

    async releaseClaimed(id) {
      const result = await prisma.broadcastDelivery.updateMany({ where: { broadcastId: id, status: "claimed" }, data: { status: "pending" } });
      return result.count;
    },

    async claim(id, limit) {
      const rows = await prisma.broadcastDelivery.findMany({ where: { broadcastId: id, status: "pending" }, orderBy: { id: "asc" }, take: limit, select: { id: true, telegramId: true } });
      const won: ClaimedDelivery[] = [];
      for (const row of rows) {
        const claimed = await prisma.broadcastDelivery.updateMany({ where: { id: row.id, status: "pending" }, data: { status: "claimed" } });
        if (claimed.count === 1) won.push(row);
      }
      return won;
    },

    async markSending(deliveryId) {
      // attempts counts rows that really went to the API (claims that were given back do not count).
      const marked = await prisma.broadcastDelivery.updateMany({ where: { id: deliveryId, status: "claimed" }, data: { status: "sending", attempts: { increment: 1 } } });
      return marked.count === 1;
    },

    async unclaim(deliveryIds) {
      if (deliveryIds.length === 0) return;
      await prisma.broadcastDelivery.updateMany({ where: { id: { in: [...deliveryIds] }, status: "claimed" }, data: { status: "pending" } });
    },

    async finishDelivery(deliveryId, outcome) {
      const data = outcome.status === "sent" ? { status: "sent", sentAt: outcome.at } : { status: outcome.status, lastError: outcome.error.slice(0, ERROR_LENGTH) };
      await prisma.broadcastDelivery.updateMany({ where: { id: deliveryId, status: "sending" }, data });
    },

    async counts(id) {
      const groups = await prisma.broadcastDelivery.groupBy({ by: ["status"], where: { broadcastId: id }, _count: { _all: true } });
      const counts: DeliveryCounts = { pending: 0, sending: 0, sent: 0, blocked: 0, failed: 0, total: 0 };
      for (const g of groups) {
        // Claimed rows have not been sent: for the operator (remaining) they are still pending.
        const status = (g.status === "claimed" ? "pending" : g.status) as keyof Omit<DeliveryCounts, "total">;
        if (status in counts) counts[status] += g._count._all;
        counts.total += g._count._all;
      }
      return counts;
    },

    async finish(id, now) {
      await prisma.broadcast.updateMany({ where: { id, status: { in: ["scheduled", "sending"] } }, data: { status: "done", finishedAt: now, leaseUntil: null } });
    },

    async cancel(id, now) {
      const result = await prisma.broadcast.updateMany({ where: { id, status: { in: ["draft", "scheduled", "sending"] } }, data: { status: "cancelled", finishedAt: now } });
      return result.count === 1;
    },
  };
}
