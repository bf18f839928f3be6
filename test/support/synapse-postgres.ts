/**
 * Synapse on PostgreSQL, for benchmarks (`startSynapse({ postgres })`): its driver (psycopg2,
 * installed once into the Synapse venv, pinned, from a wheel) and a scratch database created
 * as Synapse requires (UTF8, C collation) and dropped afterwards.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";

import { run } from "./child-process.js";
import { pipInstall } from "./python-venv.js";

/** The driver Synapse's `psycopg2` database engine imports, as a binary wheel. */
const PSYCOPG2 = "psycopg2-binary==2.9.13";

async function ensurePsycopg2(python: string): Promise<void> {
  try {
    await run(python, ["-c", "import psycopg2"]);
    return;
  } catch {
    // not installed yet
  }
  try {
    await pipInstall(python, [PSYCOPG2], 5 * 60_000);
  } catch (error) {
    throw new Error(
      `Could not install ${PSYCOPG2} for Synapse on PostgreSQL: ` +
        (error instanceof Error ? error.message : String(error)),
      { cause: error },
    );
  }
}

export interface SynapseDatabase {
  url: string;
  drop(): Promise<void>;
}

/** The rows of one statement on the database at `url`, on a connection of its own. */
export async function queryOnce<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

const onServer = async (adminUrl: string, sql: string): Promise<void> => {
  await queryOnce(adminUrl, sql);
};

/** Creates a scratch database for Synapse on the server `adminUrl` names (its driver first). */
export async function createSynapseDatabase(
  python: string,
  adminUrl: string,
): Promise<SynapseDatabase> {
  await ensurePsycopg2(python);
  const name = `ptg_synapse_${randomBytes(6).toString("hex")}`;
  await onServer(
    adminUrl,
    `create database ${name} encoding 'UTF8' lc_collate 'C' lc_ctype 'C' template template0`,
  );
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let dropped: Promise<void> | undefined;
  return {
    url: url.toString(),
    drop: () => {
      dropped ??= onServer(adminUrl, `drop database if exists ${name} with (force)`);
      return dropped;
    },
  };
}

/** Synapse's `database` setting for the PostgreSQL database at `url`. */
export function postgresDatabaseConfig(url: string): Record<string, unknown> {
  const u = new URL(url);
  const args: Record<string, unknown> = {
    user: decodeURIComponent(u.username) || "postgres",
    database: decodeURIComponent(u.pathname.slice(1)),
    host: u.hostname,
    port: Number(u.port || "5432"),
    cp_min: 5,
    cp_max: 10,
  };
  if (u.password !== "") args.password = decodeURIComponent(u.password);
  return { name: "psycopg2", args };
}
