// A catalog text with chat commands in it: `{code}` (and `{code2}`) become <code> elements, so
// that each language puts the command where its word order wants it.
import { Fragment } from "preact";

const SLOT = /\{code2?\}/g;

export function Fill({ text, code, code2 = "" }: { text: string; code: string; code2?: string }) {
  const pieces = text.split(SLOT);
  const codes = [...text.matchAll(SLOT)].map((m) => (m[0] === "{code2}" ? code2 : code));
  return (
    <>
      {pieces.map((piece, i) => (
        <Fragment key={i}>
          {piece}
          {i < codes.length ? <code>{codes[i]}</code> : null}
        </Fragment>
      ))}
    </>
  );
}
