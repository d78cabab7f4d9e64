// Errors the domain raises on purpose. Each carries a code the bot maps to a localized answer; the message
// says what went wrong and how to fix it, for whoever reads the log.
export class DomainError extends Error {
  constructor(readonly code: string, message?: string) {
    super(message ?? code);
    this.name = "DomainError";
  }
}
