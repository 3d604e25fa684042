// Shared helpers for the HTTP and browser tests: each test file starts its
// own `tillit serve` on a free loopback port with a fresh database in a
// temporary directory, and stops it by its process id.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BIN = process.env.TILLIT_BIN || new URL('../../build/tillit', import.meta.url).pathname;
export const ADMIN_PASSWORD = 'correct-horse-battery-staple';

// Run a tillit command synchronously; returns { status, stdout, stderr }.
export function cli(args, env = {}) {
  const r = spawnSync(BIN, args, {
    encoding: 'utf8',
    env: { ...process.env, USER: 'test', ...env },
    timeout: 120000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// A fresh database with the administrator `admin` (ADMIN_PASSWORD).
export function freshDb(opts = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'tillit-test-'));
  const db = join(dir, 'tillit.db');
  const args = ['init', '--db', db];
  if (opts.org !== false) args.push('--org', opts.org || 'Testkommun');
  const r = cli(args, { TILLIT_ADMIN_PASSWORD: ADMIN_PASSWORD });
  if (r.status !== 0) throw new Error(`init failed: ${r.stderr}`);
  return { dir, db, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

// Start `tillit serve` on a free port. Resolves { url, proc, stop(), stderr() }.
// nofile: run it with that open-file limit (soft and hard, as `ulimit -n`).
export async function startServer(db, extraArgs = [], { nofile, env: extraEnv } = {}) {
  const args = ['serve', '--db', db, '--listen', '127.0.0.1:0', ...extraArgs];
  const [cmd, argv] = nofile
    ? ['/bin/sh', ['-c', `ulimit -n ${Number(nofile)} && exec "$0" "$@"`, BIN, ...args]]
    : [BIN, args];
  const proc = spawn(cmd, argv, {
    env: { ...process.env, USER: 'test', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 15000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/[^\s]+?)\/?\s/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited ${code}: ${stderr}`)); });
  });
  const exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  return {
    url,
    proc,
    exited,
    stderr: () => stderr,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      return exited;
    },
  };
}

// A cookie jar client for the web UI: follows nothing, keeps cookies.
export class Browserless {
  constructor(url) {
    this.url = url;
    this.cookies = new Map();
    this.csrf = null;
  }
  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  keep(res) {
    for (const c of res.headers.getSetCookie ? res.headers.getSetCookie() : []) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      const k = pair.slice(0, i), v = pair.slice(i + 1);
      if (/Max-Age=0/.test(c)) this.cookies.delete(k); else this.cookies.set(k, v);
    }
  }
  async request(method, path, { body, headers = {}, form } = {}) {
    const h = { ...headers };
    if (this.cookies.size) h.Cookie = this.cookieHeader();
    let payload = body;
    if (form) {
      const data = { ...form };
      if (method !== 'GET' && this.csrf && !('_csrf' in data)) data._csrf = this.csrf;
      if (data instanceof FormData) payload = data; else {
        const p = new URLSearchParams();
        for (const [k, v] of Object.entries(data)) {
          if (Array.isArray(v)) v.forEach((x) => p.append(k, x)); else p.append(k, v);
        }
        payload = p.toString();
        h['Content-Type'] = 'application/x-www-form-urlencoded';
      }
    }
    const res = await fetch(this.url + path, { method, headers: h, body: payload, redirect: 'manual' });
    this.keep(res);
    const text = await res.text();
    const m = text.match(/name="_csrf" value="([^"]+)"/);
    if (m) this.csrf = m[1];
    return { status: res.status, headers: res.headers, text };
  }
  get(path) { return this.request('GET', path); }
  post(path, form) { return this.request('POST', path, { form }); }
  async login(username = 'admin', password = ADMIN_PASSWORD) {
    const page = await this.get('/login');
    const pre = page.text.match(/name="_pre" value="([^"]+)"/)[1];
    const res = await this.request('POST', '/login', { form: { _pre: pre, username, password, next: '/' } });
    if (res.status !== 303) throw new Error(`login failed for ${username}: ${res.status}`);
    await this.get('/'); // picks up the CSRF token
    return res;
  }
}

// JSON API client with a bearer token.
export class Api {
  constructor(url, token) {
    this.url = url;
    this.token = token;
  }
  async call(method, path, body, headers = {}) {
    const h = { Authorization: `Bearer ${this.token}`, ...headers };
    let payload;
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      if (!h['Content-Type']) h['Content-Type'] = 'application/json';
    }
    const res = await fetch(this.url + path, { method, headers: h, body: payload });
    const text = await res.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
    return { status: res.status, headers: res.headers, json, text };
  }
  get(p) { return this.call('GET', p); }
  post(p, b) { return this.call('POST', p, b); }
  // Create a record that must be accepted (201): its JSON.
  async create(entity, body) {
    const r = await this.post(`/api/v1/${entity}`, body);
    if (r.status !== 201) throw new Error(`${entity}: ${r.status} ${r.text}`);
    return r.json;
  }
  // Up to 500 records of an entity (qs: more query, starting with '&').
  async items(entity, qs = '') {
    const r = await this.get(`/api/v1/${entity}?limit=500${qs}`);
    if (r.status !== 200) throw new Error(`${entity}: ${r.status} ${r.text}`);
    return r.json.items;
  }
  patch(p, b) { return this.call('PATCH', p, b); }
  del(p) { return this.call('DELETE', p); }
}

// The date offset days from today, "YYYY-MM-DD", as the server counts days
// (its local date, Europe/Stockholm by default).
export function day(offset = 0) {
  const tz = process.env.TZ || 'Europe/Stockholm';
  const today = new Intl.DateTimeFormat('sv-SE', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  const d = new Date(`${today}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + offset);
  return d.toISOString().slice(0, 10);
}

// An API token for a user, made with the command line.
export function token(db, user = 'admin') {
  const r = cli(['token', 'create', '--db', db, '--user', user]);
  if (r.status !== 0) throw new Error(`token create failed: ${r.stderr}`);
  return r.stdout.trim();
}

// A user with a person and an organisation-wide role, by the command line.
export function addUser(db, user, role, { password = `${user}-password-123`, name, lang } = {}) {
  const args = ['user', 'add', '--db', db, '--user', user, '--name', name || user];
  if (role) args.push('--role', role);
  if (lang) args.push('--lang', lang);
  const r = cli(args, { TILLIT_PASSWORD: password });
  if (r.status !== 0) throw new Error(`user add failed: ${r.stderr}`);
  return password;
}

// Run sqlite3 on the database (for tampering in tests).
export function sqlite(db, sql) {
  const r = spawnSync('sqlite3', [db, sql], { encoding: 'utf8', maxBuffer: 256 << 20 });
  if (r.status !== 0) throw new Error(`sqlite3 failed: ${r.stderr}`);
  return r.stdout;
}

// ---- Helpers added for the api/badinput/importexport/audit/lifecycle/gaps
// ---- tests. Existing helpers above are unchanged.

import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';

const poCache = new Map();

// Parse a gettext .po file's text: Map msgid -> msgstr (non-empty, not fuzzy;
// with a msgctxt the key is "ctxt\u0004msgid", as trc() looks it up). Handles multi-line strings and the usual C escapes.
export function parsePo(text) {
  const out = new Map();
  const unq = (s) => JSON.parse(s.replace(/\\([0-7]{1,3})/g, (_, o) => `\\u${parseInt(o, 8).toString(16).padStart(4, '0')}`)
    .replace(/\\x([0-9a-fA-F]{2})/g, '\\u00$1').replace(/\\([abfv'?])/g, (_, c) => ({ a: '\\u0007', b: '\\b', f: '\\f', v: '\\u000b', "'": "'", '?': '?' })[c]));
  let cur = null, key = null, fuzzy = false;
  const flush = () => {
    // A message with a context is keyed as the server keys it: ctxt EOT msgid.
    if (cur && !cur.fuzzy && cur.id && cur.str) out.set(cur.ctxt === undefined ? cur.id : `${cur.ctxt}\u0004${cur.id}`, cur.str);
    cur = null; key = null;
  };
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '') { flush(); fuzzy = false; continue; }
    if (line.startsWith('#,')) { if (/\bfuzzy\b/.test(line)) fuzzy = true; continue; }
    if (line.startsWith('#')) continue;
    const m = line.match(/^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")$/);
    if (m) {
      if (m[1] === 'msgctxt' || (m[1] === 'msgid' && cur && cur.str !== undefined)) { flush(); }
      if (!cur) { cur = { fuzzy }; fuzzy = false; }
      key = m[1] === 'msgctxt' ? 'ctxt' : m[1] === 'msgid' ? 'id' : m[1] === 'msgid_plural' ? 'plural'
        : (m[2] === undefined || m[2] === '0') ? 'str' : 'ignored';
      cur[key] = unq(m[3]);
    } else if (line.startsWith('"') && cur && key) {
      cur[key] += unq(line);
    }
  }
  flush();
  return out;
}

// The catalogue po/LANG.po of the source tree, parsed (cached).
export function poCatalog(lang) {
  if (!poCache.has(lang)) {
    const file = new URL(`../../po/${lang}.po`, import.meta.url);
    poCache.set(lang, parsePo(readFileSync(file, 'utf8')));
  }
  return poCache.get(lang);
}

// printf for the conversions the server's messages use (%s %d %lld %zu %%).
export function cformat(fmt, ...args) {
  let i = 0;
  return fmt.replace(/%(%|[-0-9.]*(?:ll|l|z|h)?[sdiufx])/g, (m, c) => (c === '%' ? '%' : String(args[i++])));
}

// What the server shows for msgid in lang ('sv' or 'en'): the translation in
// po/LANG.po, or msgid itself when it has none — formatted with args.
export function tr(lang, msgid, ...args) {
  const t = poCatalog(lang).get(msgid) || msgid.slice(msgid.indexOf('\u0004') + 1);
  return args.length ? cformat(t, ...args) : t;
}

// Does po/LANG.po translate msgid (to something other than msgid)?
export function translated(lang, msgid) {
  const t = poCatalog(lang).get(msgid);
  return !!t && t !== msgid;
}

// Undo the template engine's escaping and drop tags: the text a reader sees.
export function htmlText(html) {
  return html.replace(/<[^>]*>/g, ' ').replace(/&quot;/g, '"').replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/[ \t\r\n]+/g, ' ');
}

// The entries of a ZIP file (a Buffer), read through its central directory:
// Map name -> Buffer (stored or deflated entries).
export function unzip(buf) {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error('not a ZIP file: no end of central directory');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out = new Map();
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`bad central directory entry at ${p}`);
    const method = buf.readUInt16LE(p + 10);
    const csize = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28), extraLen = buf.readUInt16LE(p + 30), commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    if (buf.readUInt32LE(local) !== 0x04034b50) throw new Error(`bad local header for ${name}`);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + csize);
    if (method === 0) out.set(name, Buffer.from(data));
    else if (method === 8) out.set(name, inflateRawSync(data));
    else throw new Error(`${name}: unsupported compression ${method}`);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

// Number of audit entries in the database file.
export function auditCount(db) {
  return Number(sqlite(db, 'SELECT count(*) FROM audit').trim());
}

// Upload a file from the web UI (multipart/form-data with the CSRF token).
export async function uploadFile(web, path, content, { field = 'file', filename = 'data.csv', type = 'text/csv', fields = {} } = {}) {
  const fd = new FormData();
  fd.append('_csrf', web.csrf);
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  fd.append(field, new Blob([content], { type }), filename);
  return web.request('POST', path, { body: fd });
}

// Rows of a query as objects (sqlite3 -json).
export function sqliteJson(db, sql) {
  const r = spawnSync('sqlite3', ['-json', db, sql], { encoding: 'utf8', maxBuffer: 256 << 20 });
  if (r.status !== 0) throw new Error(`sqlite3 failed: ${r.stderr}`);
  return r.stdout.trim() ? JSON.parse(r.stdout) : [];
}

// Run a tillit command without blocking the event loop (so that requests
// from this process can go on meanwhile); resolves { status, stdout, stderr }.
export function cliAsync(args, env = {}) {
  return new Promise((resolve, reject) => {
    const p = spawn(BIN, args, { env: { ...process.env, USER: 'test', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    p.stdout.on('data', (d) => { stdout += d; });
    p.stderr.on('data', (d) => { stderr += d; });
    p.on('error', reject);
    p.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

// The text of a PDF (Buffer) in the order it was drawn (pdftotext -raw: a
// table cell's lines stay together): what a reader of the report sees.
export function pdfText(pdf) {
  const r = spawnSync('pdftotext', ['-raw', '-enc', 'UTF-8', '-', '-'], { input: pdf, maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`pdftotext failed: ${r.stderr}`);
  return r.stdout.toString('utf8');
}

// A fresh database and server with one user per entry of users ({ login:
// role }, each with a person named name(login)), each logged in through
// the API (api[login], person[login]: the person's id) and the web
// (web[login]); admin is the administrator's API.
export async function serverWithUsers(users, name = (u) => u) {
  const env = freshDb();
  for (const [user, role] of Object.entries(users)) addUser(env.db, user, role, { name: name(user) });
  const srv = await startServer(env.db);
  const admin = new Api(srv.url, token(env.db));
  const api = {}, web = {}, person = {};
  for (const user of Object.keys(users)) {
    api[user] = new Api(srv.url, token(env.db, user));
    person[user] = (await api[user].get('/api/v1/me')).json.person_id;
    web[user] = new Browserless(srv.url);
    await web[user].login(user, `${user}-password-123`);
  }
  return { env, srv, admin, api, web, person };
}

// Whether requirement q applies at the levels lv ({K, R, T, S}; a missing
// aspect is unclassified), as core/classify.h requirement_applies: level 0
// always; "any" when any aspect reaches the level.
export function requirementApplies(q, lv) {
  // A requirement on the organisation is assessed once, never in a plan.
  if (q.scope === 'organisation') return false;
  if (q.min_level === 0) return true;
  const at = (a) => (lv[a] === undefined || lv[a] === null ? -1 : lv[a]);
  if (q.aspect === 'any') return ['K', 'R', 'T', 'S'].some((a) => at(a) >= q.min_level);
  return at(q.aspect) >= q.min_level;
}
