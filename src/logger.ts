// Structured logs (pino). Personal data never goes in: handlers log ids and types, not texts or phones;
// the redaction list is a safety net for fields that must never appear even by accident.
import pino, { type Logger } from "pino";
import type { Config } from "./config.js";

export type { Logger };

export function createLogger(level: Config["logLevel"], destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: "kelisim" },
      redact: { paths: ["*.phone", "*.phone_number", "*.text", "*.caption", "*.description", "*.first_name", "*.last_name"], censor: "[redacted]" },
    },
    destination,
  );
}
