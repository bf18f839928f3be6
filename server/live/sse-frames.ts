// Server-Sent Events wire format (see shared/api/stream.ts): each message is built once as a
// Buffer and written as is to every subscriber.

/** A heartbeat: a comment line, ignored by EventSource, that keeps proxies from timing out. */
export const PING_FRAME = Buffer.from(": ping\n\n");

/** How long a disconnected EventSource waits before reconnecting (the browser default is ~3 s). */
export const RETRY_FRAME = Buffer.from("retry: 1500\n\n");

/**
 * One message. `data` must be a single line: JSON.stringify output always is (it escapes CR
 * and LF inside strings), so a JSON document is sent as one `data:` line.
 */
export function sseFrame(event: string, id: number, data: string): Buffer {
  if (/[\r\n]/.test(data)) throw new Error("SSE data must be a single line");
  return Buffer.from(`id: ${id}\nevent: ${event}\ndata: ${data}\n\n`);
}
