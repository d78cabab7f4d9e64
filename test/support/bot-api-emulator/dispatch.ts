// One Bot API call, independent of transport: record it, apply injected
// faults, run the handler, and shape the answer like Telegram does.
import type { EmulatorCore } from "./core.js";
import { ApiError, Errors } from "./errors.js";
import { findMethod, type CallContext } from "./methods/index.js";
import { optNum, type Params } from "./params.js";
import { sleep } from "./sleep.js";
import type { ApiCall } from "./types.js";

export type ApiAnswer = { ok: true; result: unknown } | ApiError;

export async function dispatch(core: EmulatorCore, method: string, params: Params, ctx: CallContext): Promise<ApiAnswer> {
  // getUpdates is left out: a polling bot makes it constantly and it would drown the log.
  const call: ApiCall | undefined = method.toLowerCase() === "getupdates" ? undefined : { method, payload: params, at: core.now() };
  if (call) core.calls.push(call);

  const answer = await run(core, method, params, ctx);
  if (answer instanceof ApiError) {
    if (call) call.error = { code: answer.code, description: answer.description };
    noteFailure(core, method, params, answer);
  }
  return answer;
}

async function run(core: EmulatorCore, method: string, params: Params, ctx: CallContext): Promise<ApiAnswer> {
  const fault = core.faults.take(method);
  if (fault?.delayMs) await sleep(fault.delayMs, core.closing.signal);
  if (fault?.error) return fault.error;
  const slow = core.traffic.delayFor(method);
  if (slow > 0) await sleep(slow, core.closing.signal);
  const refused = core.traffic.check(method, params);
  if (refused) return refused;

  const handler = findMethod(method);
  if (!handler) return Errors.notFound();
  try {
    const result = await handler(core, params, ctx);
    core.traffic.served(method, params);
    return core.traffic.loseAnswer(method) ?? { ok: true, result };
  } catch (e) {
    if (e instanceof ApiError) return e;
    // A bug in the emulator itself: surface it loudly instead of a vague 500.
    console.error(`[bot-api-emulator] ${method} crashed:`, e);
    return new ApiError(500, `Internal Server Error: emulator crashed in ${method}: ${(e as Error).message}`);
  }
}

/** Remember failures per chat so a timed-out waitForReply can say why the bot went quiet. */
function noteFailure(core: EmulatorCore, method: string, params: Params, error: ApiError): void {
  let chatId: number | undefined;
  try {
    chatId = optNum(params, "chat_id");
  } catch {
    return;
  }
  if (chatId !== undefined) core.chats.get(chatId)?.botFailed(method, `${error.code} ${error.description}`);
}
