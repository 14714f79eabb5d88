/**
 * A batch's rows as JSON arrays in a fixed number of statement parameters, each under V8's
 * large-object threshold where the rows allow it.
 *
 * One JSON parameter for a hundred documents' contents is a 300,000-character string: V8 puts a
 * string that large in its large-object space, on pages it maps afresh and unmaps at the next
 * collection, and JSON.stringify's result is flattened there again when the driver measures it.
 * Touching fresh pages is what costs (about a millisecond per 300 KB on the machines measured): a
 * bulk import spent a tenth of its Node time in Buffer.byteLength (bench/results/import.md). Parts
 * of at most PART_CHARS stay on the ordinary heap pages, which are reused.
 */

/** Under 64 Ki characters: the regular-object limit (128 KiB) even for a string of two-byte characters. */
const PART_CHARS = 60_000;

/**
 * `parts` JSON arrays holding `rows` in order: each filled up to PART_CHARS (a row larger than that
 * has a part of its own), the last taking whatever does not fit in the others, the unused ones `[]`.
 */
export function jsonParts(rows: readonly unknown[], parts: number): string[] {
  const out: string[] = [];
  let current: string[] = [];
  let length = 0;
  for (const row of rows) {
    const json = JSON.stringify(row);
    if (current.length && length + json.length > PART_CHARS && out.length < parts - 1) {
      out.push(`[${current.join(',')}]`);
      current = [];
      length = 0;
    }
    current.push(json);
    length += json.length + 1;
  }
  out.push(`[${current.join(',')}]`);
  while (out.length < parts) out.push('[]');
  return out;
}

/**
 * The SQL that reads jsonParts' parameters $first … $(first + parts − 1) as one set of records:
 * `from ${jsonRecords(1, 8, 'r(a int, b text)')}`. Rows keep the order of their parts; a statement
 * that needs an order (a lock order) says so with its own `order by`.
 */
export function jsonRecords(first: number, parts: number, alias: string): string {
  const params = Array.from({ length: parts }, (_, i) => `$${first + i}::jsonb`).join(', ');
  return `unnest(array[${params}]) as part(rows) cross join lateral jsonb_to_recordset(part.rows) as ${alias}`;
}
