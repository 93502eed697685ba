import { DurableObject } from "cloudflare:workers";
import type { LiveNotice } from "../domain/live-notice";

/** Comment lines keep proxies from closing an idle stream and reveal dashboards that went away. */
const HEARTBEAT_MS = 20_000;
/** EventSource's reconnect delay after a dropped stream (the `retry:` field). */
const RECONNECT_MS = 2_000;

const encoder = new TextEncoder();

/**
 * One store's live channel (SPEC §5 `GET /api/v1/live`): open dashboards hold a Server-Sent
 * Events stream from this object, and the store's cart objects call `notify` after each commit.
 *
 * Why SSE rather than WebSocket with hibernation: the channel is one-way (the dashboard only
 * listens); EventSource sends the session cookie, reconnects by itself and needs no upgrade
 * handling in the Worker, which simply passes the stream through from this object. The cost is
 * that the object stays in memory while a dashboard is open — a handful of merchant tabs per
 * store, not shoppers — which hibernation would save but which is small at that scale. Streams
 * live in memory only: after a restart every dashboard reconnects (EventSource does) and reloads.
 */
export class StoreLive extends DurableObject<Env> {
  private readonly streams = new Set<WritableStreamDefaultWriter<Uint8Array>>();
  private heartbeat: ReturnType<typeof setInterval> | null = null;

  override fetch(): Response {
    const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
    const writer = writable.getWriter();
    this.streams.add(writer);
    void this.write(writer, `retry: ${RECONNECT_MS}\n: connected\n\n`);
    this.heartbeat ??= setInterval(() => this.broadcast(": heartbeat\n\n"), HEARTBEAT_MS);
    return new Response(readable, {
      headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-store", "x-accel-buffering": "no" },
    });
  }

  /** Sends the notices to every open dashboard of the store; nobody listening is not an error. */
  notify(notices: LiveNotice[]): void {
    for (const notice of notices) this.broadcast(`event: change\ndata: ${JSON.stringify(notice)}\n\n`);
  }

  private broadcast(text: string) {
    for (const writer of this.streams) void this.write(writer, text);
  }

  /** A write that fails means the dashboard went away: forget its stream. */
  private async write(writer: WritableStreamDefaultWriter<Uint8Array>, text: string) {
    try {
      await writer.write(encoder.encode(text));
    } catch {
      this.streams.delete(writer);
      if (this.streams.size === 0 && this.heartbeat !== null) {
        clearInterval(this.heartbeat);
        this.heartbeat = null;
      }
    }
  }
}
