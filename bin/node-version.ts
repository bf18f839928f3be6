// The first thing `ptg` does: refuse a Node.js older than the one the dependencies need, in one
// line, before anything else is loaded (an older Node fails deep inside a dependency instead).
// Imports nothing, so that it runs first.
const REQUIRED = [20, 19] as const;

const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
if (major < REQUIRED[0] || (major === REQUIRED[0] && minor < REQUIRED[1])) {
  process.stderr.write(
    `Error: this program needs Node.js ${REQUIRED.join(".")} or newer (this is ${process.versions.node})\n`,
  );
  process.exit(1);
}

export {};
