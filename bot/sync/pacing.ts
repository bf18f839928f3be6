// Background requests to the homeserver go out at a bounded rate (PTG_MATRIX_REQUESTS_PER_SECOND):
// a bot that starts in a thousand rooms, or opens direct rooms for thousands of followers, would
// otherwise fire thousands of requests at once and take its homeserver (and its widgets) down.
// Replies and notifications do not go through here: they answer people and are never held back.
import pThrottle from "p-throttle";

/** Runs `request` once the rate allows; `weight` is how many requests it makes. */
export type Pace = <T>(request: () => Promise<T>, weight?: number) => Promise<T>;

export function pacer(perSecond: number): Pace {
  const gate = pThrottle({
    limit: perSecond,
    interval: 1000,
    strict: true,
    weight: (weight: number) => Math.min(weight, perSecond),
  })((_weight: number) => Promise.resolve());
  return async (request, weight = 1) => {
    await gate(weight);
    return request();
  };
}

/** No pacing (tests of other things, one-off tools). */
export const unpaced: Pace = (request) => request();
