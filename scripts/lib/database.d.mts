export interface ResolvedDatabase {
  source: string;
  adminUrl: string;
  databaseUrl: string;
  stop(): Promise<void>;
}
export function resolveDatabase(opts?: { database?: string }): Promise<ResolvedDatabase>;
export function withDatabase(url: string, database: string): string;
export function ensureDatabase(adminUrl: string, database: string): Promise<void>;
export function migrate(databaseUrl: string): Promise<void>;
