// Background requests to the homeserver go out at a bounded rate (PTG_MATRIX_REQUESTS_PER_SECOND):
// a bot that starts in a thousand rooms, or opens direct rooms for thousands of followers, would
// otherwise fire thousands of requests at once and take its homeserver (and its widgets) down.
//
// What is paced: every request of the bot except the /sync long-poll, the messages it sends
// (replies and notifications: they answer people and are never held back) and the reads made to
// answer a command (its sender's name and power, the room's members for bridged users). That is:
// whoami and m.direct at start, the reads of each room's state, the /messages that fill a gap,
// the direct rooms opened ahead of time.
//
// The bound holds on the wire, in every sliding second, however late the HTTP client sends a
// request after the pace let it go: a request holds its share of the rate from the moment it is
// let go until one second after its answer. Any request seen by the homeserver within a second
// [t, t + 1 s) was let go before t + 1 s and answered after t, so it held its share at the instant
// just before t + 1 s; at most `perSecond` shares are held at any instant. (A pace that counts a
// request when it is let go, as a token bucket or a sliding window of release times does, lets a
// request sent a few milliseconds late share a second with the next second's whole allowance:
// the FOSDEM-size benchmark saw 24–28 a second at 20.) The cost: a slow homeserver gets fewer
// requests, about perSecond / (1 + answer time in seconds) a second, which is the point.
import { AsyncLocalStorage } from "node:async_hooks";

/** Runs `request` once the rate allows; `weight` is how many requests it makes. */
export type Pace = <T>(request: () => Promise<T>, weight?: number) => Promise<T>;

/** Set while a paced request runs, so that the client can tell paced requests from others. */
const pacedScope = new AsyncLocalStorage<boolean>();

/** Whether the caller runs inside a paced request. */
export const insidePace = (): boolean => pacedScope.getStore() === true;

/** A pace of `perSecond` requests in any `windowMs` (1 s), first come first served. */
export function pacer(perSecond: number, windowMs = 1000): Pace {
  let free = perSecond;
  const waiting: { weight: number; go: () => void }[] = [];
  const admit = (): void => {
    for (let next = waiting[0]; next !== undefined && next.weight <= free; next = waiting[0]) {
      waiting.shift();
      free -= next.weight;
      next.go();
    }
  };
  return async (request, weight = 1) => {
    const shares = Math.min(Math.max(1, Math.ceil(weight)), perSecond);
    await new Promise<void>((go) => {
      waiting.push({ weight: shares, go });
      admit();
    });
    try {
      return await pacedScope.run(true, request);
    } finally {
      setTimeout(() => {
        free += shares;
        admit();
      }, windowMs);
    }
  };
}

/** No pacing (tests of other things, one-off tools). */
export const unpaced: Pace = (request) => request();
