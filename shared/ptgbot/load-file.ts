// Reads a PTGbot JSON document from a file for the CLI, refusing files over the size limit
// (also pipes and devices, which are read no further than the limit).
import { open } from "node:fs/promises";
import { DEFAULT_MAX_DOCUMENT_BYTES } from "./format.js";
import { PtgbotImportError, parseJsonBytes } from "./validate.js";

const CHUNK_BYTES = 64 * 1024;

const reasonOf = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)).replace(/\s+/g, " ").slice(0, 160);

/**
 * Reads and parses the JSON document at `path`; validate it with parsePtgbotDocument.
 * Throws PtgbotImportError when it cannot be read, is too big or is not JSON.
 */
export async function readPtgbotFile(
  path: string,
  maxBytes: number = DEFAULT_MAX_DOCUMENT_BYTES,
): Promise<unknown> {
  return parseJsonBytes(await readDocumentFile(path, maxBytes), path);
}

/** The bytes of the file at `path`; throws PtgbotImportError when it cannot be read or is too big. */
export async function readDocumentFile(
  path: string,
  maxBytes: number = DEFAULT_MAX_DOCUMENT_BYTES,
): Promise<Buffer> {
  const tooBig = () => new PtgbotImportError(`${path} is larger than ${maxBytes} bytes`);
  let file;
  try {
    file = await open(path, "r");
  } catch (error) {
    throw new PtgbotImportError(`cannot open ${path}: ${reasonOf(error)}`);
  }
  try {
    const info = await file.stat();
    if (info.isFile() && info.size > maxBytes) throw tooBig();
    const parts: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buffer = Buffer.alloc(Math.min(CHUNK_BYTES, maxBytes + 1 - total));
      const { bytesRead } = await file.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      parts.push(buffer.subarray(0, bytesRead));
      total += bytesRead;
      if (total > maxBytes) throw tooBig();
    }
    return Buffer.concat(parts, total);
  } catch (error) {
    if (error instanceof PtgbotImportError) throw error;
    throw new PtgbotImportError(`cannot read ${path}: ${reasonOf(error)}`);
  } finally {
    await file.close();
  }
}
