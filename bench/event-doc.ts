// The benchmark event: the PTGbot fixture (44 tracks), or the fixture with generated tracks
// added up to the size asked for, each with what a busy track shows (now, next, etherpad), so
// that the state grows as a real event's would.
import { readDenver } from "../test/support/denver.js";

type Doc = Record<string, unknown> & { tracks: string[] };

function record(doc: Doc, key: string): Record<string, unknown> {
  const value = doc[key];
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    return value as Record<string, unknown>;
  }
  const fresh: Record<string, unknown> = {};
  doc[key] = fresh;
  return fresh;
}

export function benchEventDoc(tracks: number): { doc: Doc; trackNames: string[] } {
  const doc = readDenver() as Doc;
  const now = record(doc, "now");
  const next = record(doc, "next");
  const etherpads = record(doc, "etherpads");
  for (let i = doc.tracks.length; i < tracks; i++) {
    const name = `bench-${String(i).padStart(3, "0")}`;
    doc.tracks.push(name);
    now[name] = `Working session ${i}: reviews and planning`;
    next[name] = [`Cross-project session ${i}`, `Retrospective ${i}`];
    etherpads[name] = `https://etherpad.example.org/p/bench-${i}`;
  }
  return { doc, trackNames: [...doc.tracks] };
}
