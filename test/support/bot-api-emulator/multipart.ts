// A small multipart/form-data parser (RFC 7578) for file uploads.
//
// grammY writes its parts in a compact style (see grammy/out/core/payload.js):
//   content-disposition:form-data;name="<id>";filename=<unquoted name>\r\n
//   content-type:application/octet-stream\r\n\r\n<bytes>
// with the file referenced from a normal field as "attach://<id>". Browsers and
// curl use the usual `Content-Disposition: form-data; name="x"; filename="y"`.
// Both are accepted here.

export interface Part {
  name: string;
  /** Present for file parts. */
  filename?: string;
  contentType?: string;
  data: Buffer;
}

export function boundaryOf(contentType: string): string | undefined {
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m?.[1] ?? m?.[2];
}

export function parseMultipart(body: Buffer, boundary: string): Part[] {
  const opening = Buffer.from(`--${boundary}`);
  const separator = Buffer.from(`\r\n--${boundary}`);
  const parts: Part[] = [];

  let pos = body.indexOf(opening);
  if (pos < 0) throw new Error("multipart boundary not found");
  pos += opening.length;

  for (;;) {
    // After a boundary comes either "--" (the end) or a line break (next part).
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) break;
    if (body[pos] === 0x0d) pos++;
    if (body[pos] === 0x0a) pos++;

    const end = body.indexOf(separator, pos);
    if (end < 0) throw new Error("unterminated multipart part");
    parts.push(parsePart(body.subarray(pos, end)));
    pos = end + separator.length;
  }
  return parts;
}

function parsePart(raw: Buffer): Part {
  const headerEnd = raw.indexOf("\r\n\r\n");
  if (headerEnd < 0) throw new Error("multipart part without headers");
  const headers = raw.subarray(0, headerEnd).toString("utf8").split("\r\n");
  // Copy so the part does not pin the whole request body in memory.
  const data = Buffer.from(raw.subarray(headerEnd + 4));

  let disposition = "";
  let contentType: string | undefined;
  for (const line of headers) {
    const colon = line.indexOf(":");
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === "content-disposition") disposition = value;
    else if (key === "content-type") contentType = value;
  }

  const name = dispositionParam(disposition, "name");
  if (name === undefined) throw new Error("multipart part without a name");
  const filename = dispositionParam(disposition, "filename");
  return {
    name,
    data,
    ...(filename !== undefined ? { filename } : {}),
    ...(contentType !== undefined ? { contentType } : {}),
  };
}

function dispositionParam(disposition: string, key: string): string | undefined {
  const quoted = new RegExp(`;\\s*${key}="((?:[^"\\\\]|\\\\.)*)"`, "i").exec(disposition);
  if (quoted) return quoted[1]!.replace(/\\(.)/g, "$1");
  // grammY leaves filename unquoted and last on the line, so it may contain ';'.
  const bare = new RegExp(`;\\s*${key}=(.*)$`, "i").exec(disposition);
  if (!bare) return undefined;
  return key === "filename" ? bare[1]! : bare[1]!.split(";")[0]!.trim();
}
