/* Ed25519 signature verification (RFC 8032) and SHA-512 (FIPS 180-4) in plain JavaScript with
 * BigInt, for checking certificate payloads offline. WebCrypto is used when the browser offers
 * Ed25519 (and SHA-512); this code is the fallback and gives the same answers. No network. */
"use strict";
const Ed = (() => {
  const P = 2n ** 255n - 19n;
  const L = 2n ** 252n + 27742317777372353535851937790883648493n;
  const mod = (a, m = P) => { const r = a % m; return r >= 0n ? r : r + m; };
  const pow = (b, e, m = P) => {
    let r = 1n; b = mod(b, m);
    while (e > 0n) { if (e & 1n) r = r * b % m; b = b * b % m; e >>= 1n; }
    return r;
  };
  const inv = (a) => pow(a, P - 2n);
  const D = mod(-121665n * inv(121666n));
  const SQRT_M1 = pow(2n, (P - 1n) / 4n);

  // Points in extended coordinates (X, Y, Z, T), x = X/Z, y = Y/Z, xy = T/Z.
  const add = (p, q) => {
    const a = mod((p[1] - p[0]) * (q[1] - q[0])), b = mod((p[1] + p[0]) * (q[1] + q[0]));
    const c = mod(2n * D * p[3] * q[3]), d = mod(2n * p[2] * q[2]);
    const e = b - a, f = d - c, g = d + c, h = b + a;
    return [mod(e * f), mod(g * h), mod(f * g), mod(e * h)];
  };
  const mul = (s, p) => {
    let r = [0n, 1n, 1n, 0n];
    for (let q = p; s > 0n; s >>= 1n, q = add(q, q)) if (s & 1n) r = add(r, q);
    return r;
  };
  const leInt = (bytes) => { let n = 0n; for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]); return n; };
  const recoverX = (y, sign) => {
    const u = mod(y * y - 1n), v = mod(D * y * y + 1n);
    let x = mod(u * pow(v, 3n) * pow(u * pow(v, 7n), (P - 5n) / 8n));
    const vx2 = mod(v * x * x);
    if (vx2 === mod(-u)) x = mod(x * SQRT_M1);
    else if (vx2 !== u) return null;
    if (x === 0n && sign) return null;
    if (Number(x & 1n) !== sign) x = P - x;
    return x;
  };
  const decode = (bytes) => {
    if (bytes.length !== 32) return null;
    const sign = bytes[31] >> 7;
    const copy = Uint8Array.from(bytes); copy[31] &= 0x7f;
    const y = leInt(copy);
    if (y >= P) return null;
    const x = recoverX(y, sign);
    return x === null ? null : [x, y, 1n, mod(x * y)];
  };
  const encode = (p) => {
    const zi = inv(p[2]), x = mod(p[0] * zi), y = mod(p[1] * zi);
    const out = new Uint8Array(32);
    let n = y;
    for (let i = 0; i < 32; i++) { out[i] = Number(n & 255n); n >>= 8n; }
    if (x & 1n) out[31] |= 0x80;
    return out;
  };
  const BY = mod(4n * inv(5n));
  const BASE = [recoverX(BY, 0), BY, 1n, mod(recoverX(BY, 0) * BY)];

  // SHA-512 on 64-bit BigInt words; the constants are computed (roots of the first primes), not typed in.
  const M64 = (1n << 64n) - 1n;
  const iroot = (n, k) => {  // floor(n^(1/k)) by Newton's method
    let x = 1n << BigInt(Math.ceil(n.toString(2).length / k) + 1);
    for (;;) {
      const y = ((BigInt(k) - 1n) * x + n / x ** (BigInt(k) - 1n)) / BigInt(k);
      if (y >= x) return x;
      x = y;
    }
  };
  const primes = [];
  for (let n = 2; primes.length < 80; n++) if (primes.every((q) => n % q)) primes.push(n);
  const K = primes.map((q) => iroot(BigInt(q) << 192n, 3) & M64);
  const H0 = primes.slice(0, 8).map((q) => iroot(BigInt(q) << 128n, 2) & M64);
  const rotr = (x, n) => ((x >> BigInt(n)) | (x << BigInt(64 - n))) & M64;
  const sha512js = (msg) => {
    const bitLen = BigInt(msg.length) * 8n;
    const padded = new Uint8Array(Math.ceil((msg.length + 17) / 128) * 128);
    padded.set(msg); padded[msg.length] = 0x80;
    for (let i = 0; i < 16; i++) padded[padded.length - 1 - i] = Number((bitLen >> BigInt(8 * i)) & 255n);
    const h = H0.slice();
    const w = new Array(80);
    for (let off = 0; off < padded.length; off += 128) {
      for (let t = 0; t < 16; t++) {
        let v = 0n;
        for (let j = 0; j < 8; j++) v = (v << 8n) | BigInt(padded[off + t * 8 + j]);
        w[t] = v;
      }
      for (let t = 16; t < 80; t++) {
        const s0 = rotr(w[t - 15], 1) ^ rotr(w[t - 15], 8) ^ (w[t - 15] >> 7n);
        const s1 = rotr(w[t - 2], 19) ^ rotr(w[t - 2], 61) ^ (w[t - 2] >> 6n);
        w[t] = (w[t - 16] + s0 + w[t - 7] + s1) & M64;
      }
      let [a, b, c, d, e, f, g, hh] = h;
      for (let t = 0; t < 80; t++) {
        const S1 = rotr(e, 14) ^ rotr(e, 18) ^ rotr(e, 41);
        const ch = (e & f) ^ (~e & M64 & g);
        const t1 = (hh + S1 + ch + K[t] + w[t]) & M64;
        const S0 = rotr(a, 28) ^ rotr(a, 34) ^ rotr(a, 39);
        const maj = (a & b) ^ (a & c) ^ (b & c);
        const t2 = (S0 + maj) & M64;
        hh = g; g = f; f = e; e = (d + t1) & M64; d = c; c = b; b = a; a = (t1 + t2) & M64;
      }
      [a, b, c, d, e, f, g, hh].forEach((v, i) => { h[i] = (h[i] + v) & M64; });
    }
    const out = new Uint8Array(64);
    h.forEach((v, i) => { for (let j = 0; j < 8; j++) out[i * 8 + j] = Number((v >> BigInt(56 - 8 * j)) & 255n); });
    return out;
  };
  const subtle = (globalThis.crypto && globalThis.crypto.subtle) || null;
  const sha512 = async (msg, jsOnly) => {
    if (subtle && !jsOnly) {
      try { return new Uint8Array(await subtle.digest("SHA-512", msg)); } catch (e) { /* fall back */ }
    }
    return sha512js(msg);
  };
  const concat = (...parts) => {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let i = 0; for (const p of parts) { out.set(p, i); i += p.length; }
    return out;
  };
  const verifyJs = async (pub, msg, sig, jsOnly) => {
    if (pub.length !== 32 || sig.length !== 64) return false;
    const A = decode(pub);
    if (A === null) return false;
    const s = leInt(sig.subarray(32));
    if (s >= L) return false;
    const k = mod(leInt(await sha512(concat(sig.subarray(0, 32), pub, msg), jsOnly)), L);
    const negA = [mod(-A[0]), A[1], A[2], mod(-A[3])];
    const R = encode(add(mul(s, BASE), mul(k, negA)));
    return R.every((b, i) => b === sig[i]);
  };
  /* Which engine answered is returned with the verdict, so the page (and its test) can tell. */
  const verify = async (pub, msg, sig, jsOnly) => {
    if (subtle && !jsOnly) {
      try {
        const key = await subtle.importKey("raw", pub, { name: "Ed25519" }, false, ["verify"]);
        return { ok: await subtle.verify({ name: "Ed25519" }, key, sig, msg), engine: "webcrypto" };
      } catch (e) { /* Ed25519 not offered by this browser: the JavaScript below */ }
    }
    return { ok: await verifyJs(pub, msg, sig, jsOnly), engine: "js" };
  };
  return { verify, sha512js };
})();
