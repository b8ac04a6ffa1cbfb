// No part of the token, ever: the one redaction (server/src/openmetadata/errors.ts) fuzzed with
// random tokens, random text around them, every cut position and partial echoes, as written,
// JSON-escaped, URL-encoded and broken across lines. A leak is looked for with the platform's own
// decoders (JSON.parse, decodeURIComponent), not the product's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { hideSecret, hideSecretIn, OpenMetadataError, redact, SECRET_FRAGMENT, shownServerMessage } from '../../server/src/openmetadata/errors';
import { HttpTransport } from '../../server/src/openmetadata/http';

/** Every piece of `token` of SECRET_FRAGMENT characters (the token itself when shorter). */
function pieces(token: string): string[] {
  const n = Math.min(SECRET_FRAGMENT, token.length);
  const all = new Set<string>();
  for (let i = 0; i + n <= token.length; i++) all.add(token.slice(i, i + n));
  return [...all];
}

/** A piece of the token that `text` holds as written, or undefined. */
function piece(text: string, token: string): string | undefined {
  return pieces(token).find((p) => text.includes(p));
}

function assertNoPiece(text: string, token: string, what: string): void {
  const found = piece(text, token);
  assert.equal(found, undefined, `${what} holds ${JSON.stringify(found)} of the token ${JSON.stringify(token)}: ${JSON.stringify(text)}`);
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const base64url = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...(ALNUM + '-_')), minLength: min, maxLength: max });
/** Tokens as servers issue them (JWTs, hex, base64), and odd ones: punctuation, accents, CJK, emoji. */
const token = fc.oneof(
  fc.tuple(base64url(10, 40), base64url(10, 80), base64url(10, 60)).map((parts) => parts.join('.')),
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 16, maxLength: 64 }),
  fc.string({ unit: fc.constantFrom(...(ALNUM + '+/=')), minLength: 12, maxLength: 80 }),
  fc.string({ unit: fc.constantFrom(...(ALNUM + '%\\"\'/.:;*~!@#$&()[]{}<>?,éüß中文😀')), minLength: 8, maxLength: 60 }),
);

/** One way a server may pass text on, and the platform's way back. */
interface Encoding {
  name: string;
  encode: (text: string, breaks: number[]) => string;
  decode: (text: string) => string;
}

/** Line breaks (or spaces) inserted at the given relative positions, as a server wrapping a long line would. */
function broken(text: string, breaks: number[]): string {
  const at = new Set(breaks.map((b) => Math.floor(b * text.length)));
  return [...text].map((c, i) => (at.has(i) && i > 0 ? ['\n', ' ', '\r\n', '\t'][i % 4] + c : c)).join('');
}

const ENCODINGS: Encoding[] = [
  { name: 'json', encode: (t) => JSON.stringify(t).slice(1, -1), decode: (t) => JSON.parse(`"${t}"`) as string },
  { name: 'json \\u', encode: (t) => t.split('').map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join(''), decode: (t) => JSON.parse(`"${t}"`) as string },
  { name: 'url', encode: (t) => encodeURIComponent(t), decode: (t) => decodeURIComponent(t) },
  { name: 'url, lower-case hex', encode: (t) => encodeURIComponent(t).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()), decode: (t) => decodeURIComponent(t) },
  { name: 'broken lines', encode: broken, decode: (t) => t.replace(/\s+/g, '') },
];

/** Text around an echo, of characters none of the encodings changes (so the whole can be decoded back). */
const around = fc.string({ unit: fc.constantFrom(...(ALNUM + ' .,:;!?()_-')), maxLength: 80 });

test('an echo of the token or any piece of it, encoded up to three ways, leaves no piece of it', () => {
  fc.assert(
    fc.property(
      token,
      fc.nat(),
      fc.nat(),
      fc.array(fc.constantFrom(...ENCODINGS), { maxLength: 3 }),
      fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 6 }),
      around,
      around,
      (secret, a, b, encodings, breaks, before, after) => {
        // A piece of SECRET_FRAGMENT characters or more, anywhere in the token (often all of it).
        const length = SECRET_FRAGMENT + (a % (secret.length - SECRET_FRAGMENT + 1));
        const start = b % (secret.length - length + 1);
        let echo: string;
        try {
          echo = encodings.reduce((text, e) => e.encode(text, breaks), secret.slice(start, start + length));
        } catch {
          return; // half of a surrogate pair: no URL encoding of it exists
        }
        const out = redact(`${before}${echo}${after}`, secret);
        assertNoPiece(out, secret, 'the redacted text');
        // Decoded back the way it was encoded, by the platform, it holds no piece either.
        const decoded = encodings.reduceRight((text, e) => e.decode(text), out);
        assertNoPiece(decoded, secret, `the redacted text decoded (${encodings.map((e) => e.name).join(', ')})`);
        assertNoPiece(decoded.replace(/\s+/g, ''), secret, 'the redacted text decoded, without whitespace');
      },
    ),
    { numRuns: 3000 },
  );
});

test('arbitrary text with pieces of an arbitrary token mixed in: no piece of it is left', () => {
  fc.assert(
    fc.property(
      fc.string({ unit: 'binary', minLength: 4, maxLength: 40 }),
      fc.array(fc.tuple(fc.string({ unit: 'binary', maxLength: 30 }), fc.nat(), fc.nat()), { maxLength: 6 }),
      (secret, parts) => {
        const text = parts.map(([noise, a, b]) => noise + secret.slice(Math.min(a, b) % (secret.length + 1), Math.max(a, b) % (secret.length + 1))).join('');
        assertNoPiece(hideSecret(text, secret), secret, 'the redacted text');
      },
    ),
    { numRuns: 3000 },
  );
});

test('a server message cut at any position never keeps the start of a token that straddles the cut', () => {
  fc.assert(
    fc.property(token, around, (secret, after) => {
      for (let before = 0; before <= 520; before++) {
        const shown = shownServerMessage(`${'x'.repeat(before)}${secret}${after}`, secret);
        assertNoPiece(shown, secret, `the message with the token at ${before}`);
        assert.ok(shown.length <= 501, 'the message is still cut');
      }
    }),
    { numRuns: 40 },
  );
});

test('the token in a JSON-like value (an LSP message): every string redacted, the rest kept as it was', () => {
  fc.assert(
    fc.property(token, around, (secret, text) => {
      const value = { uri: 'file:///a/b.mlmodel.yaml', items: [{ label: text, detail: `${text}${secret}` }, 42, null, true], nested: { message: encodeURIComponent(secret) } };
      const hidden = hideSecretIn(value, secret);
      assertNoPiece(JSON.stringify(hidden), secret, 'the value');
      assertNoPiece(decodeURIComponent(hidden.nested.message), secret, 'the URL-encoded message');
      assert.equal(hidden.uri, value.uri);
      assert.equal(hidden.items[0] === value.items[0], false, 'the item holding the token is a copy');
      assert.deepEqual(hidden.items.slice(1), [42, null, true]);
      assert.equal(hideSecretIn(value, undefined), value, 'without a token, nothing is copied');
    }),
    { numRuns: 500 },
  );
});

test('words are kept: only pieces of the token are hidden, and bearer credentials', () => {
  const secret = 'eyJhbGciOiJSUzI1NiJ9.c2VjcmV0LXBheWxvYWQ.c2lnbmF0dXJlLXZhbHVl';
  assert.equal(redact(`x ${secret} y`, secret), 'x *** y');
  assert.equal(redact(`token ${secret.slice(10, 30)} lacks EditLineage`, secret), 'token *** lacks EditLineage');
  assert.equal(redact(`starts ${secret.slice(0, 7)}`, secret), `starts ${secret.slice(0, 7)}`, 'seven characters are not a piece');
  assert.equal(redact('Authorization: Bearer abc.def.ghi', undefined), 'Authorization: Bearer ***');
  assert.equal(redact('table sample_data.ecommerce_db.shopify.fact_sale not found', secret), 'table sample_data.ecommerce_db.shopify.fact_sale not found');
});

/** A transport whose server answers every request with `status` and `{code, message}`. */
function answering(status: number, message: string, secret: string, log: string[]): HttpTransport {
  const fake: typeof fetch = async () => new Response(JSON.stringify({ code: status, message }), { status, headers: { 'Content-Type': 'application/json' } });
  return new HttpTransport({ baseUrl: 'http://om.example:8585', token: secret, fetch: fake, retries: 0, log: (line) => log.push(line) });
}

test('the transport: a server message with the token across the 500-character cut, or part of it, is in no error or log', async () => {
  const secret = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJtbG1vZGVsLWNpIn0.dG9rZW4tc2lnbmF0dXJlLXZhbHVlLTEyMzQ1';
  const echoes = [
    `${'x'.repeat(480)}${secret}`,
    `${'x'.repeat(495)}${secret}`,
    `invalid token ${secret.slice(12, 40)}`,
    `{"header":"Bearer\\n${secret.slice(0, 30)}\\n${secret.slice(30)}"}`,
    `redirected to /login?token=${encodeURIComponent(secret)}`,
  ];
  for (const [i, message] of echoes.entries()) {
    const log: string[] = [];
    const error = await answering(400, message, secret, log)
      .request({ method: 'GET', path: `/api/v1/tables/name/${i}` })
      .then(
        () => assert.fail('expected a 400'),
        (e: unknown) => e,
      );
    assert.ok(error instanceof OpenMetadataError);
    assertNoPiece(error.message, secret, `error ${i}`);
    assertNoPiece(error.serverMessage ?? '', secret, `server message ${i}`);
    assertNoPiece(error.stack ?? '', secret, `stack ${i}`);
    for (const line of log) assertNoPiece(line, secret, `log ${i}`);
    assert.match(error.message, /rejected GET \/api\/v1\/tables\/name\/\d \(400\): /);
  }
});
