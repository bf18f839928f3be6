// Keeps the bot's crypto store (its device keys, Olm and Megolm sessions: idb-snapshot.ts) in the
// event database, one row per bot account, so that the bot keeps its identity across restarts and
// instances: a new identity on the same device would make clients warn. A save that would write
// what is already there is skipped.
import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../shared/db/schema.js";

export interface StoredCrypto {
  deviceId: string;
  snapshot: Uint8Array;
}

const digest = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");

export class CryptoStore {
  private lastSaved: string | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly userId: string,
  ) {}

  async read(): Promise<StoredCrypto | undefined> {
    const row = await this.db
      .selectFrom("matrix_crypto_store")
      .select(["device_id", "snapshot"])
      .where("user_id", "=", this.userId)
      .executeTakeFirst();
    if (row === undefined) return undefined;
    this.lastSaved = digest(row.snapshot);
    return { deviceId: row.device_id, snapshot: row.snapshot };
  }

  async save(deviceId: string, snapshot: Uint8Array): Promise<void> {
    const hash = digest(snapshot);
    if (hash === this.lastSaved) return;
    await this.db
      .insertInto("matrix_crypto_store")
      .values({ user_id: this.userId, device_id: deviceId, snapshot })
      .onConflict((oc) =>
        oc.column("user_id").doUpdateSet({ device_id: deviceId, snapshot, updated_at: new Date() }),
      )
      .execute();
    this.lastSaved = hash;
  }

  async remove(): Promise<void> {
    await this.db.deleteFrom("matrix_crypto_store").where("user_id", "=", this.userId).execute();
    this.lastSaved = undefined;
  }
}
