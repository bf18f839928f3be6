// A small Prometheus registry (text exposition format 0.0.4): counters and histograms with
// labels, and values read at scrape time. Enough for this server; no dependency.

type MetricType = "counter" | "gauge" | "histogram";

function escapeLabel(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}

function formatLabels(names: readonly string[], values: readonly string[]): string {
  if (names.length === 0) return "";
  return `{${names.map((n, i) => `${n}="${escapeLabel(values[i] ?? "")}"`).join(",")}}`;
}

function formatNumber(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  return String(value);
}

interface Metric {
  render(): string;
}

function header(name: string, help: string, type: MetricType): string {
  return `# HELP ${name} ${help.replace(/\\/g, "\\\\").replace(/\n/g, "\\n")}\n# TYPE ${name} ${type}\n`;
}

export class Counter implements Metric {
  private readonly values = new Map<string, { labels: readonly string[]; value: number }>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[] = [],
  ) {}

  inc(labels: readonly string[] = [], by = 1): void {
    this.series(labels).value += by;
  }

  /** The series for these label values, to increment without a lookup (`.value += 1`). */
  series(labels: readonly string[]): { value: number } {
    const key = labels.join("\u0000");
    let entry = this.values.get(key);
    if (entry === undefined) {
      entry = { labels: [...labels], value: 0 };
      this.values.set(key, entry);
    }
    return entry;
  }

  render(): string {
    let out = header(this.name, this.help, "counter");
    for (const { labels, value } of this.values.values()) {
      out += `${this.name}${formatLabels(this.labelNames, labels)} ${formatNumber(value)}\n`;
    }
    return out;
  }
}

interface Series {
  labels: readonly string[];
  buckets: number[];
  sum: number;
  count: number;
}

export class Histogram implements Metric {
  private readonly series = new Map<string, Series>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
    readonly bounds: readonly number[],
  ) {}

  observe(labels: readonly string[], value: number): void {
    this.observer(labels)(value);
  }

  /** A function that records into the series for these label values. */
  observer(labels: readonly string[]): (value: number) => void {
    const key = labels.join("\u0000");
    let series = this.series.get(key);
    if (series === undefined) {
      series = { labels: [...labels], buckets: this.bounds.map(() => 0), sum: 0, count: 0 };
      this.series.set(key, series);
    }
    const { bounds } = this;
    const target = series;
    return (value) => {
      for (let i = 0; i < bounds.length; i++) {
        if (value <= (bounds[i] ?? Infinity)) target.buckets[i] = (target.buckets[i] ?? 0) + 1;
      }
      target.sum += value;
      target.count++;
    };
  }

  render(): string {
    let out = header(this.name, this.help, "histogram");
    const names = [...this.labelNames, "le"];
    for (const s of this.series.values()) {
      this.bounds.forEach((bound, i) => {
        out += `${this.name}_bucket${formatLabels(names, [...s.labels, formatNumber(bound)])} ${s.buckets[i] ?? 0}\n`;
      });
      out += `${this.name}_bucket${formatLabels(names, [...s.labels, "+Inf"])} ${s.count}\n`;
      out += `${this.name}_sum${formatLabels(this.labelNames, s.labels)} ${formatNumber(s.sum)}\n`;
      out += `${this.name}_count${formatLabels(this.labelNames, s.labels)} ${s.count}\n`;
    }
    return out;
  }
}

/** A value read when scraped (e.g. memory, open streams, counts kept elsewhere). */
export class Sampled implements Metric {
  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: "counter" | "gauge",
    private readonly read: () => number,
  ) {}

  render(): string {
    return `${header(this.name, this.help, this.type)}${this.name} ${formatNumber(this.read())}\n`;
  }
}

export class Registry {
  private readonly metrics: Metric[] = [];

  add<T extends Metric>(metric: T): T {
    this.metrics.push(metric);
    return metric;
  }

  render(): string {
    return this.metrics.map((m) => m.render()).join("");
  }
}
