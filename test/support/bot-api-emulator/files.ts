// File registry: every file the bot uploads or the user "sends" gets a
// Telegram-looking file_id, so bots can re-send it, call getFile and download
// it from /file/bot<token>/<file_path> like on the real server.
import { badRequest } from "./errors.js";
import type { Message } from "grammy/types";
import type { UploadedFile } from "./params.js";

export type FileKind = "document" | "photo" | "voice" | "sticker";

export interface StoredFile {
  fileId: string;
  fileUniqueId: string;
  filePath: string;
  kind: FileKind;
  size: number;
  fileName?: string;
  mimeType?: string;
  content?: Buffer;
}

// Real file_ids start with a type-specific prefix; bots sometimes sniff it.
const PREFIX: Record<FileKind, string> = {
  document: "BQACAgIAAxkBAAI",
  photo: "AgACAgIAAxkBAAI",
  voice: "AwACAgIAAxkBAAI",
  sticker: "CAACAgIAAxkBAAI",
};
const FOLDER: Record<FileKind, [string, string]> = {
  document: ["documents", "dat"],
  photo: ["photos", "jpg"],
  voice: ["voice", "oga"],
  sticker: ["stickers", "webp"],
};

export class FileStore {
  private readonly byId = new Map<string, StoredFile>();
  private readonly byPath = new Map<string, StoredFile>();
  private counter = 0;

  add(kind: FileKind, init: { fileName?: string; mimeType?: string; content?: Buffer; size?: number }): StoredFile {
    const n = ++this.counter;
    const tag = n.toString(36).padStart(6, "0");
    const [folder, defaultExt] = FOLDER[kind];
    const ext = /\.([\w]{1,8})$/.exec(init.fileName ?? "")?.[1] ?? defaultExt;
    const file: StoredFile = {
      fileId: `${PREFIX[kind]}${tag}Emu${kind.length}${tag}`,
      fileUniqueId: `AgAD${tag}`,
      filePath: `${folder}/file_${n}.${ext}`,
      kind,
      size: init.content?.length ?? init.size ?? 0,
      ...(init.fileName !== undefined ? { fileName: init.fileName } : {}),
      ...(init.mimeType !== undefined ? { mimeType: init.mimeType } : {}),
      ...(init.content !== undefined ? { content: init.content } : {}),
    };
    this.byId.set(file.fileId, file);
    this.byPath.set(file.filePath, file);
    return file;
  }

  get(fileId: string): StoredFile | undefined {
    return this.byId.get(fileId);
  }

  atPath(path: string): StoredFile | undefined {
    return this.byPath.get(path);
  }

  /** A file parameter of a send method: a fresh upload, a known file_id, or an HTTP URL. */
  resolve(kind: FileKind, input: UploadedFile | string): StoredFile {
    if (typeof input !== "string") {
      return this.add(kind, {
        content: input.content,
        ...(input.fileName !== undefined ? { fileName: input.fileName } : {}),
        ...(input.contentType !== undefined && input.contentType !== "application/octet-stream" ? { mimeType: input.contentType } : {}),
      });
    }
    const known = this.byId.get(input);
    if (known) return known;
    if (/^https?:\/\//i.test(input)) {
      // Telegram would download it; we only remember the name.
      const name = decodeURIComponent(new URL(input).pathname.split("/").pop() || "file");
      return this.add(kind, { fileName: name, size: 0 });
    }
    throw badRequest("wrong file identifier/HTTP URL specified");
  }
}

const MIME_BY_EXT: Record<string, string> = {
  pdf: "application/pdf", txt: "text/plain", csv: "text/csv", json: "application/json", zip: "application/zip",
  png: "image/png", jpg: "image/jpeg", jpeg: "image/jpeg", ogg: "audio/ogg", oga: "audio/ogg",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
};

export function guessMime(file: StoredFile): string {
  const ext = /\.(\w+)$/.exec(file.fileName ?? file.filePath)?.[1]?.toLowerCase() ?? "";
  return file.mimeType ?? MIME_BY_EXT[ext] ?? "application/octet-stream";
}

/** The Message fields Telegram uses for a file of this kind (photo sizes, document, voice, sticker). */
export function mediaFields(file: StoredFile, extra: { duration?: number } = {}): Partial<Message> {
  const ids = { file_id: file.fileId, file_unique_id: file.fileUniqueId, file_size: file.size };
  switch (file.kind) {
    case "photo":
      return { photo: [{ ...ids, width: 1280, height: 960 }] };
    case "document":
      return { document: { ...ids, mime_type: guessMime(file), ...(file.fileName ? { file_name: file.fileName } : {}) } };
    case "voice":
      return { voice: { ...ids, duration: extra.duration ?? 1, mime_type: "audio/ogg" } };
    case "sticker":
      return { sticker: { ...ids, type: "regular", width: 512, height: 512, is_animated: false, is_video: false, emoji: "👍" } };
  }
}
