import { Composer, InlineKeyboard } from "grammy";
import { generateLinkCode } from "../../domain/deep-link.js";
import { planImport } from "../../domain/register-import/import-plan.js";
import { createRayonResolver } from "../../domain/register-import/rayon-resolver.js";
import { COLUMN_HEADER, readRegisterFile, type RegisterFile } from "../../domain/register-import/register-file.js";
import { applyRegisterImport, INVITE_CODE_LENGTH, inviteExpiry } from "../../domain/register-import/register.js";
import { packRegister, parseRegister } from "../callback-data/register.js";
import type { BotContext } from "../context.js";
import { isOperator } from "../filters/is-operator.js";
import { escapeHtml } from "../helpers/escape-html.js";
import { formatDate } from "../helpers/format-date.js";
import { csvFile, textContext, type RegisterFeatureDeps } from "./register-deps.js";
import { INVITE_TEXT_LOCALES, inviteLink, inviteMessage, invitesCsv, previewText, reportCsv } from "./register-texts.js";

/** Registers are small text files; anything bigger is not one. */
const MAX_FILE_BYTES = 2 * 1024 * 1024;
const SPREADSHEET = /\.(xlsx|xlsm|xls|ods)$/i;

/** The file's text: UTF-8, or Windows-1251 as older Excel saves Cyrillic CSV. Null when it cannot be fetched. */
async function downloadText(ctx: BotContext, apiRoot: string | undefined): Promise<string | null> {
  const file = await ctx.getFile();
  if (!file.file_path) return null;
  const response = await fetch(`${apiRoot ?? "https://api.telegram.org"}/file/bot${ctx.api.token}/${file.file_path}`);
  if (!response.ok) return null;
  const bytes = new Uint8Array(await response.arrayBuffer());
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder("windows-1251").decode(bytes);
  }
}

function fileProblem(ctx: BotContext, file: Exclude<RegisterFile, { ok: true }>): string {
  switch (file.problem) {
    case "empty": return ctx.t("register:import.empty");
    case "tooManyRows": return ctx.t("register:import.tooManyRows", { rows: file.rows });
    case "missingColumns": return ctx.t("register:import.missingColumns", { columns: file.missing.map((c) => COLUMN_HEADER[c]).join(", ") });
  }
}

/**
 * An operator sends the register as a CSV document (at any time): the bot reads and checks every line,
 * stores the result as a preview and shows what confirming would do, with a report file. Confirm applies
 * it in one transaction and answers with the join links; Cancel drops it. Documents from anyone else,
 * and other kinds of documents, go on to the ordinary fallback unread.
 */
export function createRegisterImportFeature(deps: RegisterFeatureDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  const allowed = isOperator(deps.operators);
  const rayons = deps.regions.oblasts().flatMap((o) => deps.regions.rayonsOf(o.code));
  const resolver = createRayonResolver(deps.regions.oblasts(), rayons);

  feature.on("message:document", async (ctx, next) => {
    const document = ctx.message.document;
    const name = document.file_name ?? "register.csv";
    const isCsv = /\.csv$/i.test(name) || document.mime_type === "text/csv";
    if (!(isCsv || SPREADSHEET.test(name)) || !(await allowed(ctx)) || !ctx.user) return next();
    if (!isCsv) return ctx.reply(ctx.t("register:import.saveAsCsv"), { parse_mode: "HTML" });
    if ((document.file_size ?? 0) > MAX_FILE_BYTES) return ctx.reply(ctx.t("register:import.tooBig"), { parse_mode: "HTML" });

    const text = await downloadText(ctx, deps.apiRoot);
    if (text === null) return ctx.reply(ctx.t("register:import.unreadable"), { parse_mode: "HTML" });
    const file = readRegisterFile(text, resolver);
    if (!file.ok) return ctx.reply(fileProblem(ctx, file), { parse_mode: "HTML" });
    const plan = planImport(file.entries, file.rejected, await deps.register.existingProfiles());
    const now = deps.now();
    const importId = await deps.register.savePreview({ createdById: ctx.user.id, fileName: name, stored: { entries: file.entries, rejected: file.rejected } }, now);
    const counts = { created: plan.creates.length, updated: plan.updates.length, unchanged: plan.unchanged.length, rejected: plan.rejected.length };
    await deps.audit.record({ actorId: ctx.user.id, action: "register.preview", targetType: "mediator_import", targetId: String(importId), details: counts }, now);

    const c = textContext(ctx, deps);
    await ctx.replyWithDocument(csvFile(reportCsv(c, plan), "import-report.csv"));
    const keyboard = new InlineKeyboard();
    if (counts.created + counts.updated > 0) keyboard.text(ctx.t("register:buttons.confirm"), packRegister({ type: "import-confirm", importId }));
    keyboard.text(ctx.t("register:buttons.cancel"), packRegister({ type: "import-cancel", importId }));
    await ctx.reply(previewText(c, name, plan), { parse_mode: "HTML", reply_markup: keyboard });
  });

  feature.on("callback_query:data", async (ctx, next) => {
    const action = parseRegister(ctx.callbackQuery.data);
    if (action?.type !== "import-confirm" && action?.type !== "import-cancel") return next();
    if (!(await allowed(ctx)) || !ctx.user) {
      await ctx.answerCallbackQuery({ text: ctx.t("operator:notAllowed"), show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery();
    const now = deps.now();
    const actorId = ctx.user.id;
    if (action.type === "import-cancel") {
      const cancelled = await deps.register.cancelImport(action.importId, now);
      if (cancelled) await deps.audit.record({ actorId, action: "register.cancel", targetType: "mediator_import", targetId: String(action.importId) }, now);
      await ctx.editMessageReplyMarkup().catch(() => undefined);
      return ctx.reply(ctx.t(cancelled ? "register:import.cancelled" : "register:import.alreadyDone"), { parse_mode: "HTML" });
    }
    const actor = { userId: actorId, telegramId: BigInt(ctx.from.id) };
    const applied = await applyRegisterImport(deps, actor, action.importId, { newCode: () => generateLinkCode(INVITE_CODE_LENGTH), expiresAt: inviteExpiry(now) }, now);
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    if (!applied) return ctx.reply(ctx.t("register:import.alreadyDone"), { parse_mode: "HTML" });
    const { plan, invites } = applied;
    const counts = { created: invites.length, updated: plan.updates.length, unchanged: plan.unchanged.length, rejected: plan.rejected.length };
    await deps.audit.record({ actorId, action: "register.import", targetType: "mediator_import", targetId: String(action.importId), details: counts }, now);

    const parts = [ctx.t("register:applied.summary", counts)];
    const first = invites[0];
    if (first) {
      const c = textContext(ctx, deps);
      const link = inviteLink(ctx.me.username, first.code);
      parts.push(ctx.t("register:applied.linksHint", { date: formatDate(first.expiresAt, ctx.locale, deps.timeZone) }));
      parts.push(ctx.t("register:applied.sample"));
      for (const locale of INVITE_TEXT_LOCALES) {
        parts.push(`<code>${escapeHtml(inviteMessage(deps.i18n.t(locale), first, link, formatDate(first.expiresAt, locale, deps.timeZone)))}</code>`);
      }
      await ctx.replyWithDocument(csvFile(invitesCsv(c, ctx.me.username, invites), "invite-links.csv"));
    }
    parts.push(ctx.t("register:applied.registerHint"));
    await ctx.reply(parts.join("\n\n"), { parse_mode: "HTML", link_preview_options: { is_disabled: true } });
  });
  return feature;
}
