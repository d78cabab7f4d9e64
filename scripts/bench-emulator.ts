// The Bot API emulator of `npm run bench:broadcast`, in a process of its own (started by that script with
// child_process.fork): its own event loop, so that the bench measures the bot's pacing and not the
// emulator's stalls. It enforces Telegram's limits and answers the parent's questions over IPC:
//   → { id, type: "users", ids }   started users (chats that may receive messages)
//   → { id, type: "count" }        messages delivered so far
//   → { id, type: "report" }       every message send (time, ok), deliveries per chat, 429 times
//   → { id, type: "close" }
//   ← { type: "ready", apiRoot } once listening; ← { id, result } for each question.
import { startBotApiEmulator } from "../test/support/bot-api-emulator/index.js";

type Question = { id: number; type: "users"; ids: number[] } | { id: number; type: "count" | "report" | "close" };

const perSecond = Number(process.env.BENCH_LIMIT ?? 30);
const emu = await startBotApiEmulator({ rateLimits: { perSecond, perChatPerSecond: 1 } });
const answer = (id: number, result: unknown) => process.send?.({ id, result });

process.on("message", (question: Question) => {
  switch (question.type) {
    case "users":
      emu.addStartedUsers(question.ids.map((id) => ({ id, first_name: `R${id}` })));
      return answer(question.id, true);
    case "count":
      return answer(question.id, [...emu.deliveredCounts().values()].reduce((a, b) => a + b, 0));
    case "report":
      return answer(question.id, {
        sends: emu.calls.filter((c) => c.method === "sendMessage").map((c) => [c.at, !c.error]),
        delivered: [...emu.deliveredCounts().values()],
        rateLimitedAt: emu.rateLimitedAt(),
        attempts: emu.calls.filter((c) => c.method === "sendMessage").map((c) => [c.at, c.payload.chat_id, c.error?.code ?? 0]),
      });
    case "close":
      void emu.close().then(() => {
        answer(question.id, true);
        process.disconnect?.();
      });
  }
});
process.on("disconnect", () => void emu.close().finally(() => process.exit(0)));
process.send?.({ type: "ready", apiRoot: emu.apiRoot });
