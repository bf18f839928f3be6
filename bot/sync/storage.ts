// matrix-bot-sdk's storage (sync token, filter, key/values) in the project's database, in the
// `bot_state` table, one set of rows per bot account: works the same on PGlite and PostgreSQL.
import type { Kysely } from "kysely";
import type { IFilterInfo, IStorageProvider } from "matrix-bot-sdk";
import type { Database } from "../../shared/db/schema.js";
import { isObject } from "../matrix/matrix-events.js";

const SYNC_TOKEN = "sync_token";
const FILTER = "filter";
const VALUE_PREFIX = "kv:";

export class DatabaseStorageProvider implements IStorageProvider {
  private closed = false;

  constructor(
    private readonly db: Kysely<Database>,
    /** The bot's Matrix user id: several bot accounts may share one database. */
    private readonly account: string,
  ) {}

  /** Stops writing: a stopped bot must not move the sync token of the one that replaced it. */
  close(): void {
    this.closed = true;
  }

  private async read(key: string): Promise<string | null> {
    const row = await this.db
      .selectFrom("bot_state")
      .select("value")
      .where("account", "=", this.account)
      .where("key", "=", key)
      .executeTakeFirst();
    return row?.value ?? null;
  }

  private async write(key: string, value: string | null): Promise<void> {
    if (this.closed) return;
    if (value === null) {
      await this.db
        .deleteFrom("bot_state")
        .where("account", "=", this.account)
        .where("key", "=", key)
        .execute();
      return;
    }
    await this.db
      .insertInto("bot_state")
      .values({ account: this.account, key, value })
      .onConflict((oc) =>
        oc.columns(["account", "key"]).doUpdateSet({ value, updated_at: new Date() }),
      )
      .execute();
  }

  setSyncToken(token: string | null): Promise<void> {
    return this.write(SYNC_TOKEN, token);
  }

  getSyncToken(): Promise<string | null> {
    return this.read(SYNC_TOKEN);
  }

  setFilter(filter: IFilterInfo): Promise<void> {
    return this.write(FILTER, JSON.stringify(filter));
  }

  async getFilter(): Promise<IFilterInfo> {
    const text = await this.read(FILTER);
    const parsed: unknown = text === null ? null : JSON.parse(text);
    if (isObject(parsed) && typeof parsed.id === "number") {
      return { id: parsed.id, filter: parsed.filter };
    }
    // The SDK's type says a filter is always returned; at run time it expects null when none is.
    return null as unknown as IFilterInfo;
  }

  storeValue(key: string, value: string): Promise<void> {
    return this.write(VALUE_PREFIX + key, value);
  }

  readValue(key: string): Promise<string | null> {
    return this.read(VALUE_PREFIX + key);
  }
}
