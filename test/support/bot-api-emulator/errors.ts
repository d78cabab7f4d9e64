// Telegram-shaped failures. Handlers throw ApiError; the server turns it into
// `{ ok: false, error_code, description, parameters? }` with the same HTTP status,
// which is what grammY turns into a GrammyError.

export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly parameters?: { retry_after?: number; migrate_to_chat_id?: number },
  ) {
    super(description);
  }

  toJSON(): Record<string, unknown> {
    return {
      ok: false,
      error_code: this.code,
      description: this.description,
      ...(this.parameters ? { parameters: this.parameters } : {}),
    };
  }
}

export const badRequest = (what: string): ApiError => new ApiError(400, `Bad Request: ${what}`);
export const forbidden = (what: string): ApiError => new ApiError(403, `Forbidden: ${what}`);

/** Exact descriptions real Telegram uses, so bot code matching on them behaves the same. */
export const Errors = {
  chatNotFound: () => badRequest("chat not found"),
  blocked: () => forbidden("bot was blocked by the user"),
  textEmpty: () => badRequest("message text is empty"),
  textTooLong: () => badRequest("message is too long"),
  captionTooLong: () => badRequest("message caption is too long"),
  editNotFound: () => badRequest("message to edit not found"),
  deleteNotFound: () => badRequest("message to delete not found"),
  cantEdit: () => badRequest("message can't be edited"),
  notModified: () =>
    badRequest(
      "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
    ),
  buttonDataInvalid: () => badRequest("BUTTON_DATA_INVALID"),
  queryInvalid: () => badRequest("query is too old and response timeout expired or query ID is invalid"),
  notFound: () => new ApiError(404, "Not Found"),
  unauthorized: () => new ApiError(401, "Unauthorized"),
} as const;

/** Default descriptions for injected faults, matching what Telegram says for those codes. */
export function defaultFaultDescription(code: number, retryAfter?: number): string {
  switch (code) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 409: return "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running";
    case 429: return `Too Many Requests: retry after ${retryAfter ?? 1}`;
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    default: return `Error ${code}`;
  }
}
