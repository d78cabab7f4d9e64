// Telegram Bot API emulator: an in-process HTTP server that a real grammY bot
// talks to via `new Bot(token, { client: { apiRoot: emu.apiRoot } })`, plus
// emulated users who chat with it. Usage notes: README.md in this folder.
//
// Layout: server.ts (HTTP) → dispatch.ts (record, faults) → methods/* (Bot API)
// working on core.ts state (chats.ts, files.ts, updates.ts + webhook.ts);
// user.ts is the human side, render.ts the test-facing views.
import { commandsKey } from "./methods/bot.js";
import { EmulatorCore } from "./core.js";
import { dispatch } from "./dispatch.js";
import { ApiServer } from "./server.js";
import type { BotApiEmulator, EmulatedUser, EmulatorOptions, UserInit } from "./types.js";
import { EmulatedUserImpl } from "./user.js";

export type * from "./types.js";
export { DEFAULT_BOT_INFO } from "./core.js";

export async function startBotApiEmulator(opts: EmulatorOptions = {}): Promise<BotApiEmulator> {
  // Webhook replies ({ method, ... } in the webhook's answer) run like API calls.
  const core: EmulatorCore = new EmulatorCore(opts, ({ method, payload }) => {
    void dispatch(core, method, payload, { onAbort: () => {} });
  });
  const server = new ApiServer(core);
  const apiRoot = await server.listen();
  const users = new Map<number, EmulatedUserImpl>();
  let closing: Promise<void> | undefined;

  return {
    apiRoot,
    botInfo: core.botInfo,
    calls: core.calls,

    user(from: UserInit): EmulatedUser {
      let user = users.get(from.id);
      if (!user) {
        user = new EmulatedUserImpl(core, core.chats.getOrCreate(from));
        users.set(from.id, user);
      }
      return user;
    },

    commands(scope = {}) {
      const stored = core.commands.get(commandsKey(scope.scope, scope.language_code));
      return stored && structuredClone(stored);
    },

    menuOf(chatId, languageCode) {
      // Telegram's order for a private chat: chat scope, all_private_chats, default; in each, the user's
      // language first, then without a language.
      const scopes = [{ type: "chat" as const, chat_id: chatId }, { type: "all_private_chats" as const }, undefined];
      for (const scope of scopes) {
        for (const language of languageCode ? [languageCode, undefined] : [undefined]) {
          const stored = core.commands.get(commandsKey(scope, language));
          if (stored) return structuredClone(stored);
        }
      }
      return [];
    },

    injectFault: (f) => core.faults.add(f),
    enforceRateLimits: (limits) => core.traffic.enforceRateLimits(limits),
    injectRandomFaults: (faults) => core.traffic.injectRandomFaults(faults),
    addStartedUsers(list) {
      for (const init of list) core.chats.getOrCreate(init).started = true;
    },
    deliveredCounts: () => new Map(core.traffic.delivered),
    rateLimitedAt: () => [...core.traffic.rateLimited],
    pendingUpdates: () => core.updates.pendingCount(),
    redeliverWebhookUpdates: (every) => core.updates.webhook.redeliver(every),
    deliverWebhookConcurrently: (connections) => core.updates.webhook.concurrently(connections),
    pushUpdate(body) {
      const query = body.callback_query as { id?: string; from?: { id: number } } | undefined;
      if (query?.id && query.from) core.callbackQueries.set(query.id, { chatId: query.from.id, answered: false });
      return core.updates.push(body as never).update_id;
    },
    pendingUpdateIds: () => core.updates.pendingIds(),

    close() {
      closing ??= (async () => {
        core.closing.abort(); // ends fault delays, webhook retries, waiting tests
        core.updates.webhook.close();
        core.updates.endLongPoll(); // answered with ok:true, result: []
        for (const chat of core.chats.all()) chat.notify();
        await server.close();
      })();
      return closing;
    },
  };
}
