import { Kind, OptionalKind, type TSchema } from '@sinclair/typebox';
import {
  DEFAULT_REQUEST_MAX_SIZE,
  MAX_ERROR_MESSAGE_LENGTH,
  MAX_MESSAGE_BYTES,
  QUEUE_NAMESPACE,
  notifications,
  queueNotifications,
  queueRequests,
  requestMaxSize,
  requests,
  type RequestSpec,
} from './index';

/**
 * The request and notification reference of docs/protocol-reference.md, rendered from
 * the TypeBox schemas of this package so that it cannot drift from what the server
 * checks. `npm run docs:protocol` (infra/scripts/protocol-docs.ts) writes it;
 * reference.test.ts fails when the committed file differs. Not exported from index.ts:
 * the web bundle never carries it.
 */
type S = TSchema & Record<string, any>;

const range = (s: S, unit: string, lo: string, hi: string) => {
  const min = s[lo];
  const max = s[hi];
  if (min !== undefined && max !== undefined) return ` ${min}–${max}${unit}`;
  if (min !== undefined) return ` ≥ ${min}${unit}`;
  if (max !== undefined) return ` ≤ ${max}${unit}`;
  return '';
};

/** A one-line type: `string (1–4096 chars)`, `integer 0–16384`, `'send' \| 'recv'`, `object[] (≤ 64)`. */
function typeOf(s: S): string {
  if (s.const !== undefined) return JSON.stringify(s.const).replace(/"/g, "'");
  switch (s[Kind]) {
    case 'String': {
      const len = range(s, ' chars', 'minLength', 'maxLength');
      const parts = [len.trim(), s.pattern ? `pattern \`${s.pattern}\`` : ''].filter(Boolean);
      return `string${parts.length ? ` (${parts.join(', ')})` : ''}`;
    }
    case 'Integer':
      return `integer${range(s, '', 'minimum', 'maximum')}`;
    case 'Number':
      return `number${range(s, '', 'minimum', 'maximum')}`;
    case 'Boolean':
      return 'boolean';
    case 'Null':
      return 'null';
    case 'Unknown':
    case 'Any':
      return 'any';
    case 'Union':
      return (s.anyOf as S[]).map(typeOf).join(' \\| ');
    case 'Array': {
      const inner = typeOf(s.items as S);
      const n = range(s, '', 'minItems', 'maxItems').trim();
      return `${/[ |]/.test(inner) ? `(${inner})` : inner}[]${n ? ` (${n} items)` : ''}`;
    }
    case 'Record': {
      const [, value] = Object.entries(s.patternProperties as Record<string, S>)[0]!;
      const n = s.maxProperties !== undefined ? `, ≤ ${s.maxProperties} entries` : '';
      return `map of name → ${typeOf(value)}${n ? ` (${n.slice(2)})` : ''}`;
    }
    case 'Object':
      return Object.keys(s.properties ?? {}).length === 0 ? '{}' : 'object';
    default:
      return String(s[Kind]).toLowerCase();
  }
}

const extras = (s: S): string => {
  const ap = s.additionalProperties;
  if (ap === false) return '';
  if (ap && typeof ap === 'object') return `extra fields allowed as ${typeOf(ap as S)}${s.maxProperties ? ` (≤ ${s.maxProperties} fields in all)` : ''}`;
  return 'extra fields allowed';
};

/** Rows `| field | type | required |` for an object schema, descending into objects and arrays of objects. */
function rows(s: S, prefix = '', depth = 0): string[] {
  const out: string[] = [];
  const props = (s.properties ?? {}) as Record<string, S>;
  const required = new Set<string>((s.required as string[] | undefined) ?? []);
  for (const [name, child] of Object.entries(props)) {
    const path = `${prefix}${name}`;
    const optional = child[OptionalKind] === 'Optional' || !required.has(name);
    const note = child[Kind] === 'Object' ? extras(child) : child[Kind] === 'Array' && (child.items as S)[Kind] === 'Object' ? extras(child.items as S) : '';
    out.push(`| \`${path}\` | ${typeOf(child)}${note ? `; ${note}` : ''} | ${optional ? 'no' : 'yes'} |`);
    if (depth >= 4) continue;
    if (child[Kind] === 'Object') out.push(...rows(child, `${path}.`, depth + 1));
    else if (child[Kind] === 'Array' && (child.items as S)[Kind] === 'Object') out.push(...rows(child.items as S, `${path}[].`, depth + 1));
  }
  return out;
}

function table(s: S, empty: string): string[] {
  const r = rows(s);
  if (r.length === 0) return [empty];
  const note = s[Kind] === 'Object' && s.additionalProperties === false ? ['No other fields.'] : [];
  return ['| field | type | required |', '|---|---|---|', ...r, ...(note.length ? ['', ...note] : [])];
}

/** A type without its limits: `string`, `integer`, `object[]`. */
function bare(s: S): string {
  if (s.const !== undefined) return typeOf(s);
  if (s[Kind] === 'String' || s[Kind] === 'Integer' || s[Kind] === 'Number') return String(s[Kind]).toLowerCase();
  if (s[Kind] === 'Union') return (s.anyOf as S[]).map(bare).join(' \\| ');
  if (s[Kind] === 'Array') return `${bare(s.items as S)}[]`;
  return typeOf(s);
}

/** Top-level result fields only (results are the server's own; payloads are what it checks). */
function resultLine(s: S): string {
  const props = Object.entries((s.properties ?? {}) as Record<string, S>);
  if (props.length === 0) return 'Result: no fields (`{ "ok": true }`).';
  return `Result fields: ${props.map(([k, v]) => `\`${k}\` (${bare(v)})`).join(', ')}.`;
}

function requestSection(title: string, map: Record<string, RequestSpec>): string[] {
  const out = [`## ${title}`, ''];
  for (const [name, spec] of Object.entries(map)) {
    out.push(`### \`${name}\``, '', `Largest message: ${requestMaxSize(spec)} characters.`, '');
    out.push(...table(spec.request as S, 'Payload: `{}` (no fields; anything else is BAD_REQUEST).'), '');
    out.push(resultLine(spec.response as S), '');
  }
  return out;
}

function notificationSection(title: string, map: Record<string, TSchema>): string[] {
  const out = [`## ${title}`, ''];
  for (const [name, schema] of Object.entries(map)) out.push(`### \`${name}\``, '', ...table(schema as S, 'Payload: `{}`.'), '');
  return out;
}

export function renderProtocolReference(): string {
  return [
    '# Signalling protocol reference (generated)',
    '',
    '<!-- Generated by `npm run docs:protocol` from the TypeBox schemas in signaling/protocol/src. Do not edit: a test compares. -->',
    '',
    'Every request, its payload schema as the server checks it, its largest message, and',
    'the fields of its successful ack; every notification and its payload. The prose, the',
    'error codes and the rules are in [protocol.md](protocol.md).',
    '',
    `- A request's largest message counts the characters of its socket.io packet; unless listed otherwise it is ${DEFAULT_REQUEST_MAX_SIZE}. A longer one is answered \`PAYLOAD_TOO_LARGE\` without being parsed.`,
    `- Any message over ${MAX_MESSAGE_BYTES} bytes closes the connection (engine.io \`maxHttpBufferSize\`).`,
    `- Error messages are at most ${MAX_ERROR_MESSAGE_LENGTH} characters and never quote values.`,
    '- Integers are whole numbers: `0` is an integer, `0.5` is not. Ranges are inclusive.',
    '',
    ...requestSection('Requests, default namespace', requests),
    ...requestSection(`Requests, namespace \`${QUEUE_NAMESPACE}\``, queueRequests),
    ...notificationSection('Notifications, default namespace', notifications),
    ...notificationSection(`Notifications, namespace \`${QUEUE_NAMESPACE}\``, queueNotifications),
  ]
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()
    .concat('\n');
}
