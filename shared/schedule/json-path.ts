// A JSON pointer ("/schedule/conference/days/0/rooms/Ada/1") as a position a person reads in
// an error message ("schedule.conference.days[0].rooms.Ada[1]").

export function readablePath(pointer: string): string {
  const parts = pointer
    .split("/")
    .slice(1)
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
  let out = "";
  for (const part of parts) {
    if (/^\d+$/.test(part)) out += `[${part}]`;
    else if (/^[\p{L}_$][\p{L}\p{N}_$]*$/u.test(part)) out += out === "" ? part : `.${part}`;
    else out += `[${JSON.stringify(part.slice(0, 64))}]`;
  }
  return out;
}
