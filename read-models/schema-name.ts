/** The schema the live read models live in; a rebuild projects into a fresh one beside it. */
export const LIVE_READ_MODEL_SCHEMA = 'rm';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * The schema name as a quoted SQL identifier. Schema names are interpolated into SQL (they
 * cannot be bind parameters), so only plain lower-case identifiers are accepted.
 */
export function quoteSchema(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`invalid read-model schema name: ${JSON.stringify(schema)}`);
  return `"${schema}"`;
}
