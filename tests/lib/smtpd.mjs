// A small SMTP server the test suite owns (RFC 5321, enough for a client
// such as libcurl): EHLO/HELO, optional AUTH PLAIN and LOGIN, STARTTLS
// with a certificate given to it, MAIL FROM, RCPT TO, DATA with
// dot-unstuffing, RSET, NOOP, QUIT. It records each message with its
// envelope and raw data, and can be told to refuse (answer a code of your
// choosing at MAIL, RCPT or DATA), to drop connections, or to be down.
//
//   const smtp = new SmtpServer({ auth: { user: 'u', pass: 'p' } });
//   await smtp.listen();            // a free port on 127.0.0.1
//   smtp.port, smtp.messages        // [{ from, to: [...], data, authUser, tls }]
//   smtp.refuse = { at: 'rcpt', code: 451, text: 'Try later' } // or null
//   await smtp.close(); await smtp.listen(smtp.port) // down, then up again
import net from 'node:net';
import tls from 'node:tls';

export class SmtpServer {
  constructor({ auth = null, tls: tlsOpts = null, requireTls = false, hostname = 'smtp.test' } = {}) {
    this.auth = auth;         // { user, pass }: AUTH required before MAIL
    this.tlsOpts = tlsOpts;   // { key, cert }: offers STARTTLS
    this.requireTls = requireTls;
    this.hostname = hostname;
    this.messages = [];
    this.refuse = null;       // { at: 'connect'|'mail'|'rcpt'|'data', code, text }
    this.sessions = 0;        // connections accepted
    this.server = null;
    this.port = 0;
    this.sockets = new Set();
    this.waiters = [];
  }

  listen(port = 0) {
    return new Promise((resolve, reject) => {
      this.server = net.createServer((sock) => this.session(sock));
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.port = this.server.address().port;
        resolve(this.port);
      });
    });
  }

  // Stop listening and end every connection: the server is down.
  close() {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  // Resolves with the n-th message (from 1) once it has arrived.
  waitFor(n = 1, timeout = 20000) {
    if (this.messages.length >= n) return Promise.resolve(this.messages[n - 1]);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no message ${n} within ${timeout} ms (have ${this.messages.length})`)), timeout);
      this.waiters.push({ n, resolve: (m) => { clearTimeout(t); resolve(m); } });
    });
  }

  arrived(msg) {
    this.messages.push(msg);
    this.waiters = this.waiters.filter((w) => {
      if (this.messages.length >= w.n) { w.resolve(this.messages[w.n - 1]); return false; }
      return true;
    });
  }

  session(rawSock) {
    this.sessions++;
    let sock = rawSock;
    this.sockets.add(sock);
    sock.on('close', () => this.sockets.delete(sock));
    sock.on('error', () => {});
    const st = { ehlo: false, authUser: null, tls: false, from: null, to: [], inData: false, data: [], pending: null };
    let buf = '';
    const send = (line) => { if (!sock.destroyed) sock.write(`${line}\r\n`); };
    const refused = (at) => {
      if (this.refuse && this.refuse.at === at) {
        if (this.refuse.code === 'close') { sock.destroy(); return true; }
        send(`${this.refuse.code} ${this.refuse.text || 'Refused by the test'}`);
        return true;
      }
      return false;
    };
    const onLine = (line) => {
      if (st.inData) {
        if (line === '.') {
          st.inData = false;
          const data = st.data.join('\r\n') + '\r\n';
          st.data = [];
          if (refused('data')) return;
          this.arrived({ from: st.from, to: [...st.to], data, authUser: st.authUser, tls: st.tls });
          send('250 2.0.0 Ok: queued');
          st.from = null; st.to = [];
          return;
        }
        st.data.push(line.startsWith('.') ? line.slice(1) : line); // dot-unstuffing
        return;
      }
      if (st.pending) { st.pending(line); return; }
      const [verb, ...rest] = line.split(' ');
      const arg = rest.join(' ');
      switch (verb.toUpperCase()) {
        case 'EHLO': {
          st.ehlo = true;
          const ext = [`250-${this.hostname} at your service`, '250-8BITMIME', '250-SIZE 10485760'];
          if (this.tlsOpts && !st.tls) ext.push('250-STARTTLS');
          if (this.auth) ext.push('250-AUTH PLAIN LOGIN');
          ext.push('250 SMTPUTF8');
          send(ext.join('\r\n'));
          break;
        }
        case 'HELO': st.ehlo = true; send(`250 ${this.hostname}`); break;
        case 'STARTTLS': {
          if (!this.tlsOpts || st.tls) { send('502 5.5.1 Not offered'); break; }
          send('220 2.0.0 Ready to start TLS');
          sock.removeAllListeners('data');
          const secure = new tls.TLSSocket(sock, { isServer: true, key: this.tlsOpts.key, cert: this.tlsOpts.cert });
          secure.on('error', () => {});
          this.sockets.add(secure);
          secure.on('close', () => this.sockets.delete(secure));
          sock = secure;
          st.tls = true; st.ehlo = false; st.authUser = null; buf = '';
          secure.on('data', onData);
          break;
        }
        case 'AUTH': {
          if (!this.auth) { send('502 5.5.1 Not offered'); break; }
          const [mech, initial] = arg.split(' ');
          const check = (user, pass) => {
            if (user === this.auth.user && pass === this.auth.pass) { st.authUser = user; send('235 2.7.0 Authentication successful'); }
            else send('535 5.7.8 Authentication credentials invalid');
          };
          if (mech.toUpperCase() === 'PLAIN') {
            const finish = (b64) => {
              const [, user, pass] = Buffer.from(b64, 'base64').toString('utf8').split('\0');
              check(user, pass);
            };
            if (initial) finish(initial);
            else { send('334 '); st.pending = (l) => { st.pending = null; finish(l); }; }
          } else if (mech.toUpperCase() === 'LOGIN') {
            let user = initial ? Buffer.from(initial, 'base64').toString('utf8') : null;
            const askPass = () => {
              send(`334 ${Buffer.from('Password:').toString('base64')}`);
              st.pending = (l) => { st.pending = null; check(user, Buffer.from(l, 'base64').toString('utf8')); };
            };
            if (user === null) {
              send(`334 ${Buffer.from('Username:').toString('base64')}`);
              st.pending = (l) => { user = Buffer.from(l, 'base64').toString('utf8'); askPass(); };
            } else askPass();
          } else send('504 5.5.4 Unrecognized authentication type');
          break;
        }
        case 'MAIL': {
          if (this.requireTls && !st.tls) { send('530 5.7.0 Must issue a STARTTLS command first'); break; }
          if (this.auth && !st.authUser) { send('530 5.7.0 Authentication required'); break; }
          if (refused('mail')) break;
          const m = arg.match(/^FROM:\s*<([^>]*)>/i);
          if (!m) { send('501 5.5.4 Syntax: MAIL FROM:<address>'); break; }
          st.from = m[1]; st.to = [];
          send('250 2.1.0 Ok');
          break;
        }
        case 'RCPT': {
          if (st.from === null) { send('503 5.5.1 Need MAIL first'); break; }
          if (refused('rcpt')) break;
          const m = arg.match(/^TO:\s*<([^>]*)>/i);
          if (!m) { send('501 5.5.4 Syntax: RCPT TO:<address>'); break; }
          st.to.push(m[1]);
          send('250 2.1.5 Ok');
          break;
        }
        case 'DATA':
          if (!st.to.length) { send('503 5.5.1 Need RCPT first'); break; }
          st.inData = true;
          send('354 End data with <CR><LF>.<CR><LF>');
          break;
        case 'RSET': st.from = null; st.to = []; send('250 2.0.0 Ok'); break;
        case 'NOOP': send('250 2.0.0 Ok'); break;
        case 'QUIT': send('221 2.0.0 Bye'); sock.end(); break;
        default: send('502 5.5.2 Command not recognized');
      }
    };
    const onData = (chunk) => {
      buf += chunk.toString('latin1'); // bytes as they came; decoded by the test
      let i;
      while ((i = buf.indexOf('\r\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 2);
        onLine(line);
      }
    };
    if (refused('connect')) return;
    send(`220 ${this.hostname} ESMTP test server`);
    sock.on('data', onData);
  }
}

// ---- reading a message back -----------------------------------------------

// Split raw data into { headers: Map(lower name -> unfolded value), body }.
export function parseMessage(raw) {
  const i = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, i), body = raw.slice(i + 4);
  const headers = new Map();
  for (const line of head.replace(/\r\n[ \t]/g, ' ').split('\r\n')) {
    const c = line.indexOf(':');
    headers.set(line.slice(0, c).toLowerCase(), line.slice(c + 1).trim());
  }
  return { headers, body, head };
}

// RFC 2047 encoded words (B and Q) decoded; bytes in (latin1 string), text out.
export function decodeWords(s) {
  return s.replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=(\s+(?==\?))?/g, (_, cs, enc, text) => {
    const bytes = enc.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64')
      : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (m, h) => String.fromCharCode(parseInt(h, 16))), 'latin1');
    return bytes.toString('utf8');
  });
}

// A quoted-printable body decoded to text (UTF-8).
export function decodeQP(s) {
  const bytes = s.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (m, h) => String.fromCharCode(parseInt(h, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8').replace(/\r\n/g, '\n');
}
