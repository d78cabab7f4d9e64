// The broadcast composer (conversations v2, state in the database): the message (formatted text or a photo
// with a caption), the audience, optional oblasts and languages, a preview exactly as recipients will see
// it with their count, then send now, send at a local time, or cancel. Replayed on every update: reads,
// writes and the clock go through `conversation.external`. The operator check is repeated when sending.
import type { Conversation } from "@grammyjs/conversations";
import { InlineKeyboard, type Context } from "grammy";
import { SUPPORTED_LOCALES, type Locale } from "../../../config.js";
import { AUDIENCES, type Audience, type BroadcastRepository } from "../../../domain/broadcast.js";
import type { OperatorDirectory } from "../../../domain/operators.js";
import { nameIn } from "../../../domain/region.js";
import type { RegionDirectory } from "../../../domain/region-directory.js";
import { formatLocalDateTime, localToInstant } from "../../../domain/scheduling.js";
import { packBroadcast, parseBroadcast, type BroadcastAction } from "../../callback-data/broadcast.js";
import type { BotContext } from "../../context.js";
import { entitiesToHtml } from "../../helpers/entities-to-html.js";
import type { I18n, Translate } from "../../i18n.js";
import { adoptTappedQuestion, isCurrentQuestion, rejectInput } from "../shared/reject-input.js";

export const BROADCAST_COMPOSE_CONVERSATION = "broadcast-compose";

const HTML = { parse_mode: "HTML" as const };
const TEXT_MAX = 4096;
const CAPTION_MAX = 1024;
const WAIT_MS = 60 * 60 * 1000;

export interface BroadcastComposeDeps {
  broadcasts: BroadcastRepository;
  operators: OperatorDirectory;
  regions: RegionDirectory;
  i18n: I18n;
  defaultLocale: Locale;
  timeZone: string;
  now: () => Date;
}

type Input = { kind: "action"; action: BroadcastAction; ctx: Context } | { kind: "message"; ctx: Context } | { kind: "cancel"; ctx: Context };

export function createBroadcastComposeConversation(deps: BroadcastComposeDeps) {
  return async function broadcastCompose(conversation: Conversation<BotContext, Context>, ctx: Context): Promise<void> {
    const who = await conversation.external((outer) => ({ locale: outer.locale }));
    const t = deps.i18n.t(who.locale);

    /** The next tap or message for the composer; anything else ends it and is handled by the bot. */
    const next = async (): Promise<Input> => {
      for (;;) {
        const current = await conversation.wait({ maxMilliseconds: WAIT_MS });
        const text = current.message?.text?.trim();
        if (text !== undefined && /^\/cancel(@\w+)?$/i.test(text)) return { kind: "cancel", ctx: current };
        if (current.callbackQuery) {
          const action = parseBroadcast(current.callbackQuery.data);
          if (!action || action.type === "bc-stop") return await conversation.halt({ next: true });
          await current.answerCallbackQuery().catch(() => undefined);
          if (action.type === "bc-cancel") return { kind: "cancel", ctx: current };
          return { kind: "action", action, ctx: current };
        }
        if (current.message) {
          if (text?.startsWith("/")) return await conversation.halt({ next: true });
          return { kind: "message", ctx: current };
        }
        await conversation.skip({ next: true });
      }
    };
    const cancelled = async (c: Context) => void (await c.reply(t("broadcast:compose.cancelled"), HTML));

    // 1. The message.
    await ctx.reply(t("broadcast:compose.askText"), HTML);
    let content: { text: string; photoFileId: string | null } | undefined;
    while (!content) {
      const input = await next();
      if (input.kind === "cancel") return cancelled(input.ctx);
      const message = input.ctx.message;
      const photo = message?.photo?.at(-1);
      const html = photo ? entitiesToHtml(message?.caption ?? "", message?.caption_entities) : message?.text !== undefined ? entitiesToHtml(message.text, message.entities) : null;
      const max = photo ? CAPTION_MAX : TEXT_MAX;
      const length = photo ? (message?.caption ?? "").length : (message?.text ?? "").length;
      // Rejected input is answered and not recorded (shared/reject-input.ts).
      if (html === null || (!photo && html.trim() === "")) await rejectInput(conversation, () => input.ctx.reply(t("broadcast:compose.textOnly"), HTML));
      else if (length > max) await rejectInput(conversation, () => input.ctx.reply(t("broadcast:compose.tooLong", { length, max }), HTML));
      else content = { text: html, photoFileId: photo?.file_id ?? null };
    }

    // 2. The audience.
    const audienceKeyboard = new InlineKeyboard();
    for (const audience of AUDIENCES) audienceKeyboard.text(t(`broadcast:audience.${audience}`), packBroadcast({ type: "bc-audience", audience }));
    audienceKeyboard.row().text(t("broadcast:buttons.cancel"), packBroadcast({ type: "bc-cancel" }));
    await ctx.reply(t("broadcast:compose.askAudience"), { ...HTML, reply_markup: audienceKeyboard });
    let audience: Audience | undefined;
    while (!audience) {
      const input = await next();
      if (input.kind === "cancel") return cancelled(input.ctx);
      if (input.kind === "action" && input.action.type === "bc-audience") audience = input.action.audience;
      else await rejectInput(conversation, () => input.ctx.reply(t("broadcast:compose.askAudience"), { ...HTML, reply_markup: audienceKeyboard }));
    }

    // 3 and 4. Oblasts and languages: toggles, then "Next".
    const oblasts = deps.regions.oblasts().map((o) => ({ value: o.code, label: nameIn(o, who.locale) }));
    const oblastCodes = await toggles(t("broadcast:compose.askOblasts"), oblasts, (code) => ({ type: "bc-oblast", code }), 2);
    if (!oblastCodes) return;
    const languageChoices = SUPPORTED_LOCALES.map((l) => ({ value: l, label: t(`common:language.names.${l}`) }));
    const languages = (await toggles(t("broadcast:compose.askLanguages"), languageChoices, (locale) => ({ type: "bc-language", locale: locale as Locale }), 3)) as Locale[] | null;
    if (!languages) return;

    // 5. The preview, exactly as sent, and the count.
    const filter = { audience, oblastCodes, languages };
    const count = await conversation.external(() => deps.broadcasts.countAudience(filter, deps.defaultLocale));
    if (content.photoFileId) await ctx.replyWithPhoto(content.photoFileId, { caption: content.text, ...HTML });
    else await ctx.reply(content.text, { ...HTML, link_preview_options: { is_disabled: true } });
    const all = t("broadcast:preview.all");
    const summary = t("broadcast:preview.summary", {
      count,
      audience: t(`broadcast:audience.${audience}`),
      oblasts: oblastCodes.length ? oblastCodes.map((c) => oblasts.find((o) => o.value === c)?.label ?? c).join(", ") : all,
      languages: languages.length ? languages.map((l) => t(`common:language.names.${l}`)).join(", ") : all,
    });
    const sendKeyboard = new InlineKeyboard()
      .text(t("broadcast:buttons.sendNow"), packBroadcast({ type: "bc-send-now" }))
      .text(t("broadcast:buttons.sendAt"), packBroadcast({ type: "bc-send-at" }))
      .row().text(t("broadcast:buttons.cancel"), packBroadcast({ type: "bc-cancel" }));
    await ctx.reply(summary, { ...HTML, reply_markup: sendKeyboard });

    // 6. Now, at a time, or not at all.
    let scheduledAt: string | null | undefined;
    let askingTime = false;
    const askSend = (c: Context) => c.reply(summary, { ...HTML, reply_markup: sendKeyboard });
    const example = await conversation.external(() => exampleTime(deps.now(), deps.timeZone));
    while (scheduledAt === undefined) {
      const input = await next();
      if (input.kind === "cancel") return cancelled(input.ctx);
      if (input.kind === "action" && input.action.type === "bc-send-now") scheduledAt = null;
      else if (input.kind === "action" && input.action.type === "bc-send-at") {
        askingTime = true;
        await input.ctx.reply(t("broadcast:compose.askTime", { example }), HTML);
      } else if (input.kind === "message" && askingTime) {
        const typed = /^(\d{4}-\d{2}-\d{2})\s+(\d{1,2}:\d{2})$/.exec(input.ctx.message?.text?.trim() ?? "");
        const at = typed ? localToInstant(typed[1]!, typed[2]!.padStart(5, "0"), deps.timeZone) : null;
        const now = await conversation.external(() => deps.now().toISOString());
        if (at && !Number.isNaN(at.getTime()) && at.getTime() > Date.parse(now)) scheduledAt = at.toISOString();
        else await rejectInput(conversation, () => input.ctx.reply(t("broadcast:compose.badTime", { example }), HTML));
      } else await rejectInput(conversation, () => askSend(input.ctx));
    }

    const created = await conversation.external(async (outer) => {
      // Re-checked at the moment of sending: a person who lost operator rights meanwhile sends nothing.
      if (!outer.user || !outer.from || !(await deps.operators.isOperator(BigInt(outer.from.id)))) return null;
      const at = scheduledAt ? new Date(scheduledAt) : null;
      const { id, recipients } = await deps.broadcasts.create(
        { ...filter, ...content!, createdById: outer.user.id, scheduledAt: at, progressChatId: BigInt(outer.from.id) },
        deps.defaultLocale,
        deps.now(),
      );
      const text = at
        ? t("broadcast:progress.scheduled", { id, count: recipients, when: formatLocalDateTime(at, who.locale, deps.timeZone) })
        : t("broadcast:progress.queued", { id, count: recipients });
      const stop = new InlineKeyboard().text(t("broadcast:buttons.stop"), packBroadcast({ type: "bc-stop", id }));
      const progress = await outer.api.sendMessage(outer.from.id, text, { ...HTML, reply_markup: stop });
      await deps.broadcasts.setProgressMessage(id, BigInt(outer.from.id), progress.message_id);
      return { id };
    });
    if (!created) await ctx.reply(t("broadcast:notAllowed"), HTML);

    async function toggles(question: string, choices: Array<{ value: string; label: string }>, pack: (value: string) => BroadcastAction, perRow: number): Promise<string[] | null> {
      const chosen = new Set<string>();
      const keyboard = () => {
        const k = new InlineKeyboard();
        choices.forEach((c, i) => {
          if (i > 0 && i % perRow === 0) k.row();
          k.text(`${chosen.has(c.value) ? "✅ " : ""}${c.label}`, packBroadcast(pack(c.value)));
        });
        return k.row().text(t("broadcast:buttons.done"), packBroadcast({ type: "bc-next" })).text(t("broadcast:buttons.cancel"), packBroadcast({ type: "bc-cancel" }));
      };
      const asked = await ctx.reply(question, { ...HTML, reply_markup: keyboard() });
      let askedId: number | undefined = asked.message_id;
      for (;;) {
        const input = await next();
        if (input.kind === "cancel") return cancelled(input.ctx).then(() => null);
        // "Done" only from this question's message (or a later repeat of it): another step's "Done" is not an answer to this one.
        const own = input.kind === "action" && isCurrentQuestion(input.ctx.callbackQuery?.message?.message_id, askedId);
        if (own) askedId = await adoptTappedQuestion(input.ctx, askedId);
        if (own && input.kind === "action" && input.action.type === "bc-next") return choices.map((c) => c.value).filter((v) => chosen.has(v));
        const value = !own || input.kind !== "action" ? undefined : input.action.type === "bc-oblast" ? input.action.code : input.action.type === "bc-language" ? input.action.locale : undefined;
        if (value === undefined || !choices.some((c) => c.value === value)) {
          return await rejectInput(conversation, () => input.ctx.reply(question, { ...HTML, reply_markup: keyboard() }));
        }
        if (chosen.has(value)) chosen.delete(value);
        else chosen.add(value);
        await input.ctx.api.editMessageReplyMarkup(asked.chat.id, askedId!, { reply_markup: keyboard() }).catch(() => undefined);
      }
    }
  };
}

/** Tomorrow at 10:00, local: an example that is always valid. */
function exampleTime(now: Date, timeZone: string): string {
  const tomorrow = new Date(now.getTime() + 24 * 3600 * 1000);
  return `${new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(tomorrow)} 10:00`;
}
