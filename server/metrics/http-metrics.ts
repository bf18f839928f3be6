// HTTP responses by route, method and status, and how long they took: kept in plain numbers, so
// that recording one costs a map look-up and a few additions (prom-client's labelled series hash
// their labels and check them on every call, which cost the cached state endpoint about a tenth
// of its CPU; issue 23). Written in the Prometheus text format, as prom-client writes its own,
// when /metrics is scraped.

/** Upper bounds of the duration buckets, in seconds. */
export const DURATION_BUCKETS = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
] as const;

const REQUESTS = "http_requests_total";
const REQUESTS_HELP = "HTTP responses sent, by route and status";
const DURATIONS = "http_request_duration_seconds";
const DURATIONS_HELP = "Time to answer HTTP requests (live streams excluded)";

/** Records one response: its method, status and duration (null: not timed). */
export type RecordResponse = (method: string, status: number, seconds: number | null) => void;

/** The responses of one route to one method. */
class Series {
  readonly statuses = new Map<number, number>();
  /** Timed responses in each bucket (not cumulative); slower than the last bound: in none. */
  readonly buckets = new Float64Array(DURATION_BUCKETS.length);
  timed = 0;
  sum = 0;

  record(status: number, seconds: number | null): void {
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
    if (seconds === null) return;
    this.timed += 1;
    this.sum += seconds;
    for (let i = 0; i < DURATION_BUCKETS.length; i++) {
      if (seconds <= (DURATION_BUCKETS[i] ?? 0)) {
        this.buckets[i] = (this.buckets[i] ?? 0) + 1;
        return;
      }
    }
  }
}

/** A label value as the text format writes it: backslash, double quote and newline escaped. */
const escapeLabel = (value: string): string =>
  value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");

export class HttpMetrics {
  /** Series by route label, then by method. */
  private readonly routes = new Map<string, Map<string, Series>>();

  /** The recorder of one route (or of "unmatched"), for its hook to call on each response. */
  recorder(route: string): RecordResponse {
    let byMethod = this.routes.get(route);
    if (byMethod === undefined) {
      byMethod = new Map();
      this.routes.set(route, byMethod);
    }
    const methods = byMethod;
    return (method, status, seconds) => {
      let series = methods.get(method);
      if (series === undefined) {
        series = new Series();
        methods.set(method, series);
      }
      series.record(status, seconds);
    };
  }

  /** Both metrics in the Prometheus text format (version 0.0.4), each line ending in "\n". */
  render(): string {
    const counts = [`# HELP ${REQUESTS} ${REQUESTS_HELP}`, `# TYPE ${REQUESTS} counter`];
    const durations = [`# HELP ${DURATIONS} ${DURATIONS_HELP}`, `# TYPE ${DURATIONS} histogram`];
    for (const [route, byMethod] of this.routes) {
      for (const [method, series] of byMethod) {
        const labels = `method="${escapeLabel(method)}",route="${escapeLabel(route)}"`;
        for (const [status, count] of series.statuses) {
          counts.push(`${REQUESTS}{${labels},status="${String(status)}"} ${String(count)}`);
        }
        if (series.timed === 0) continue;
        let cumulative = 0;
        DURATION_BUCKETS.forEach((bound, i) => {
          cumulative += series.buckets[i] ?? 0;
          durations.push(
            `${DURATIONS}_bucket{le="${String(bound)}",${labels}} ${String(cumulative)}`,
          );
        });
        durations.push(`${DURATIONS}_bucket{le="+Inf",${labels}} ${String(series.timed)}`);
        durations.push(`${DURATIONS}_sum{${labels}} ${String(series.sum)}`);
        durations.push(`${DURATIONS}_count{${labels}} ${String(series.timed)}`);
      }
    }
    return `${[...counts, ...durations].join("\n")}\n`;
  }
}
