/**
 * JSON as Toxiproxy's Go server reads and writes it, so the embedded server's answers and error texts
 * match the real one's:
 * - decoding into a struct matches keys case-insensitively, ignores unknown keys, skips `null`, keeps
 *   going after a type mismatch and reports the first one (`encoding/json`'s rules), with Go's message:
 *   `json: cannot unmarshal string into Go struct field LatencyToxic.attributes.latency of type int64`;
 * - encoding escapes `<`, `>` and `&` as `\u003c` ... (Go's default HTML-safe encoding);
 * - float32 fields print their shortest float32 form (0.123456789 → 0.12345679).
 * Malformed JSON reports `EOF` for an empty body, as Go does; other syntax errors carry V8's description
 * rather than Go's exact wording (a documented difference; the lab never sends malformed JSON).
 */

export type GoFieldKind = 'string' | 'bool' | 'int' | 'int64' | 'float32' | 'object';

export class GoJsonError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'GoJsonError';
  }
}

export function parseGoJson(text: string): unknown {
  if (text.trim() === '') throw new GoJsonError('EOF');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const first = text.trimStart()[0] ?? '';
    if (!'{["-0123456789tfn'.includes(first)) {
      throw new GoJsonError(`invalid character '${first}' looking for beginning of value`);
    }
    throw new GoJsonError(`invalid JSON: ${(error as Error).message}`);
  }
}

/** The JSON kind Go names in "cannot unmarshal <kind>". */
export function jsonKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'boolean') return 'bool';
  return typeof value; // 'string' | 'number' | 'object'
}

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `json: cannot unmarshal <kind> into <target> of type <goType>`; `target` is e.g. `Go struct field Proxy.name`. */
export function unmarshalError(
  value: unknown,
  target: string,
  goType: string,
  withLiteral = false,
): GoJsonError {
  const kind =
    withLiteral && typeof value === 'number' ? `number ${String(value).replace('e+', 'e')}` : jsonKind(value);
  return new GoJsonError(`json: cannot unmarshal ${kind} into ${target} of type ${goType}`);
}

const float32Max = 3.4028234663852886e38;

/** Decodes one JSON value into a Go field kind: the value, `undefined` for null (left as is), or an error. */
function decodeValue(value: unknown, kind: GoFieldKind, target: string): unknown {
  if (value === null) return undefined;
  switch (kind) {
    case 'string':
      return typeof value === 'string' ? value : unmarshalError(value, target, 'string');
    case 'bool':
      return typeof value === 'boolean' ? value : unmarshalError(value, target, 'bool');
    case 'int':
    case 'int64':
      if (typeof value !== 'number') return unmarshalError(value, target, kind);
      return Number.isSafeInteger(value) ? value : unmarshalError(value, target, kind, true);
    case 'float32':
      if (typeof value !== 'number') return unmarshalError(value, target, 'float32');
      return Math.abs(value) <= float32Max ? float32(value) : unmarshalError(value, target, 'float32', true);
    case 'object':
      return isJsonObject(value) ? value : unmarshalError(value, target, 'object');
  }
}

export interface GoStruct {
  /** Field JSON names in declaration order, with their kinds. */
  readonly fields: Readonly<Record<string, GoFieldKind>>;
  /** Go type of an `object` field, for messages (e.g. `zerolog.Logger`). */
  readonly objectTypes?: Readonly<Record<string, string>>;
  /** `Go struct field <prefix><name>`: e.g. `Proxy.`, `ToxicWrapper.`, `LatencyToxic.attributes.`. */
  readonly fieldPrefix: string;
}

/**
 * Decodes `object`'s keys into `target` as `encoding/json` does (case-insensitive keys, unknown keys and
 * nulls skipped, later keys win). Every valid field is applied; the first type error is returned.
 */
export function decodeStruct(
  object: Record<string, unknown>,
  struct: GoStruct,
  target: Record<string, unknown>,
): GoJsonError | undefined {
  let firstError: GoJsonError | undefined;
  const names = Object.keys(struct.fields);
  for (const [key, value] of Object.entries(object)) {
    const name = names.find((n) => n === key) ?? names.find((n) => n.toLowerCase() === key.toLowerCase());
    if (name === undefined) continue;
    const kind = struct.fields[name] as GoFieldKind;
    const where = `Go struct field ${struct.fieldPrefix}${name}`;
    const decoded =
      kind === 'object' && value !== null && !isJsonObject(value)
        ? unmarshalError(value, where, struct.objectTypes?.[name] ?? 'object')
        : decodeValue(value, kind, where);
    if (decoded instanceof GoJsonError) firstError ??= decoded;
    else if (decoded !== undefined) target[name] = decoded;
  }
  return firstError;
}

/** The shortest decimal that reads back as the same float32 (how Go prints a float32 field). */
export function float32(value: number): number {
  const rounded = Math.fround(value);
  for (let digits = 1; digits <= 9; digits += 1) {
    const candidate = Number(rounded.toPrecision(digits));
    if (Math.fround(candidate) === rounded) return candidate;
  }
  return rounded;
}

/** `json.Marshal` output: HTML-sensitive characters escaped as Go does by default. */
export function encodeGoJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
