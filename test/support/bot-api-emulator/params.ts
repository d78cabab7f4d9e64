// Request payload decoding and typed parameter access.
//
// Telegram accepts parameters as JSON, urlencoded, query string or multipart;
// in the non-JSON forms everything arrives as strings and is coerced per field.
// We decode all forms into one loose object and let handlers read typed values
// through the helpers below, the same way the real server does.
import { badRequest } from "./errors.js";
import { boundaryOf, parseMultipart } from "./multipart.js";

export type Params = Record<string, unknown>;

/** A file that arrived in the request body (InputFile in grammY). */
export interface UploadedFile {
  readonly upload: true;
  fileName?: string;
  contentType?: string;
  content: Buffer;
}

export function isUpload(v: unknown): v is UploadedFile {
  return typeof v === "object" && v !== null && (v as { upload?: unknown }).upload === true;
}

// Non-JSON transports carry these as strings; coerce so `calls` payloads look
// the same whether grammY chose JSON or multipart.
const SCALAR_FIELDS = new Set([
  "chat_id", "message_id", "message_thread_id", "reply_to_message_id", "latitude", "longitude",
  "horizontal_accuracy", "live_period", "heading", "proximity_alert_radius", "duration", "width",
  "height", "disable_notification", "protect_content", "allow_sending_without_reply", "has_spoiler",
  "show_caption_above_media", "disable_content_type_detection", "supports_streaming", "offset",
  "limit", "timeout", "show_alert", "cache_time", "drop_pending_updates", "max_connections",
]);

// Object-valued parameters arrive JSON-encoded; free text (text, caption, ...)
// must stay a string even when it looks like JSON.
const JSON_FIELDS = new Set([
  "reply_markup", "entities", "caption_entities", "link_preview_options", "reply_parameters",
  "commands", "scope", "menu_button", "allowed_updates", "media", "rights", "message_ids",
]);

function coerce(key: string, value: string): unknown {
  if (JSON_FIELDS.has(key)) {
    try {
      return JSON.parse(value);
    } catch {
      return value; // let the handler report it in Telegram's words
    }
  }
  if (SCALAR_FIELDS.has(key)) {
    if (value === "true") return true;
    if (value === "false") return false;
    if (/^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  }
  return value;
}

export function decodeBody(contentType: string | undefined, body: Buffer, query: URLSearchParams): Params {
  const params: Params = {};
  for (const [k, v] of query) params[k] = coerce(k, v);
  const type = (contentType ?? "").toLowerCase();

  if (body.length === 0) return params;
  if (type.startsWith("application/json")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString("utf8"));
    } catch {
      throw badRequest("can't parse JSON request body");
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw badRequest("request body must be a JSON object");
    }
    return Object.assign(params, parsed);
  }
  if (type.startsWith("multipart/form-data")) return Object.assign(params, decodeMultipart(contentType!, body));
  // application/x-www-form-urlencoded (curl -d, HTML forms) and anything else text-like.
  for (const [k, v] of new URLSearchParams(body.toString("utf8"))) params[k] = coerce(k, v);
  return params;
}

function decodeMultipart(contentType: string, body: Buffer): Params {
  const boundary = boundaryOf(contentType);
  if (!boundary) throw badRequest("multipart boundary is missing");
  let parts;
  try {
    parts = parseMultipart(body, boundary);
  } catch (e) {
    throw badRequest(`can't parse multipart/form-data: ${(e as Error).message}`);
  }

  const fields: Params = {};
  const files = new Map<string, UploadedFile>();
  for (const part of parts) {
    if (part.filename !== undefined) {
      files.set(part.name, {
        upload: true,
        content: part.data,
        ...(part.filename ? { fileName: part.filename } : {}),
        ...(part.contentType ? { contentType: part.contentType } : {}),
      });
    } else {
      fields[part.name] = coerce(part.name, part.data.toString("utf8"));
    }
  }

  // grammY sends `document: "attach://<id>"` plus a file part named <id>;
  // other clients upload the file directly under the parameter name.
  const used = new Set<string>();
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value === "string" && value.startsWith("attach://")) {
      const file = files.get(value.slice("attach://".length));
      if (file) {
        fields[key] = file;
        used.add(value.slice("attach://".length));
      }
    }
  }
  for (const [name, file] of files) if (!used.has(name) && !(name in fields)) fields[name] = file;
  return fields;
}

// --- typed access -----------------------------------------------------------

function missing(key: string): never {
  throw badRequest(`parameter "${key}" is required`);
}

export function optNum(p: Params, key: string): number | undefined {
  const v = p[key];
  if (v === undefined || v === null || v === "") return undefined;
  const n = typeof v === "number" ? v : typeof v === "string" ? Number(v) : NaN;
  if (!Number.isFinite(n)) throw badRequest(`invalid ${key} specified`);
  return n;
}

export function num(p: Params, key: string): number {
  return optNum(p, key) ?? missing(key);
}

export function optStr(p: Params, key: string): string | undefined {
  const v = p[key];
  if (v === undefined || v === null) return undefined;
  return typeof v === "string" ? v : String(v);
}

export function optBool(p: Params, key: string): boolean | undefined {
  const v = p[key];
  if (v === undefined || v === null) return undefined;
  return v === true || v === "true" || v === 1 || v === "1";
}

/** An object parameter that may arrive JSON-encoded (multipart, query string). */
export function optJson<T>(p: Params, key: string, onError: () => Error): T | undefined {
  const v = p[key];
  if (v === undefined || v === null || v === "") return undefined;
  if (typeof v === "object") return v as T;
  if (typeof v === "string") {
    try {
      return JSON.parse(v) as T;
    } catch {
      throw onError();
    }
  }
  throw onError();
}

/** A file parameter: an upload, or a string (file_id or URL). */
export function optFile(p: Params, key: string): UploadedFile | string | undefined {
  const v = p[key];
  if (v === undefined || v === null) return undefined;
  if (isUpload(v)) return v;
  if (typeof v === "string") return v;
  throw badRequest(`invalid ${key} specified`);
}
