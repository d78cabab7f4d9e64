// `npm run playground`: the real bot against the Bot API emulator, three chat panes in the browser.
// A development tool only: nothing under src/ imports it, and `npm start` never starts it.
import { startPlayground } from "./playground.js";

const port = Number(process.env.PLAYGROUND_PORT ?? 5173);
const host = process.env.PLAYGROUND_HOST ?? "127.0.0.1";

const playground = await startPlayground({ port, host, ...(process.env.LOG_LEVEL ? { logLevel: process.env.LOG_LEVEL } : {}) });
console.log(`Kelisim playground: ${playground.url}`);
console.log("Four chats (citizen, mediator, operator, the other party) with the real bot; Ctrl+C to stop.");

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await playground.close();
  process.exit(0);
};
process.once("SIGINT", () => void stop());
process.once("SIGTERM", () => void stop());
