// bench/latency.mjs: sequential requests to pages as a logged-in user, the
// median and the slowest of each (a quick look at one page's cost, beside
// bench/run.sh's wrk runs). Serve a database first (e.g. bench/out/bench.db
// from bench/run.sh), then:
//   node bench/latency.mjs URL USER PASSWORD [N] PATH...
import { Browserless } from '../tests/lib/tillit.mjs';

const [url, user, password, nArg, ...rest] = process.argv.slice(2);
const n = Number(nArg) > 0 ? Number(nArg) : 15;
const paths = Number(nArg) > 0 ? rest : [nArg, ...rest];
if (!url || !user || !password || !paths.length) {
  console.error('usage: node bench/latency.mjs URL USER PASSWORD [N] PATH...');
  process.exit(2);
}
const web = new Browserless(url);
await web.login(user, password);
console.log('| page | median ms | max ms |\n|---|---|---|');
for (const path of paths) {
  const t = [];
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    const r = await web.get(path);
    t.push(performance.now() - s);
    if (r.status !== 200) throw new Error(`${path}: ${r.status}`);
  }
  t.sort((a, b) => a - b);
  console.log(`| ${path} | ${t[Math.floor(t.length / 2)].toFixed(1)} | ${t[t.length - 1].toFixed(1)} |`);
}
