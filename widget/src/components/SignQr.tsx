// A QR code for a link on the hallway screen, so that people walking by can open it on their
// phone. The QR library (uqr) is imported on demand, so only signage with room for codes loads
// it; until it arrives, an empty square of the same size holds the place (layout is measured).
import { useEffect, useState } from "preact/hooks";

/** The dark modules of a QR code as one SVG path (one unit per module). */
function modulesPath(rows: readonly (readonly boolean[])[]): string {
  const parts: string[] = [];
  rows.forEach((row, y) => {
    row.forEach((dark, x) => {
      if (dark) parts.push(`M${x} ${y}h1v1h-1z`);
    });
  });
  return parts.join("");
}

interface Code {
  size: number;
  path: string;
}

export function SignQr({ url, label }: { url: string; label: string }) {
  const [code, setCode] = useState<Code | null>(null);
  useEffect(() => {
    let live = true;
    import("uqr")
      .then(({ encode }) => {
        const { data, size } = encode(url, { ecc: "M", border: 2 });
        if (live) setCode({ size, path: modulesPath(data) });
      })
      .catch((e: unknown) => {
        console.warn("QR code unavailable", e);
      });
    return () => {
      live = false;
    };
  }, [url]);
  if (code === null) return <span class="sign-qr sign-qr-pending" aria-hidden="true" />;
  return (
    <svg
      class="sign-qr"
      viewBox={`0 0 ${code.size} ${code.size}`}
      role="img"
      aria-label={label}
      shape-rendering="crispEdges"
    >
      <rect width={code.size} height={code.size} class="sign-qr-light" />
      <path d={code.path} class="sign-qr-dark" />
    </svg>
  );
}
