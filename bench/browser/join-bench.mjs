// The #5 join benchmark: page open to first decoded remote frame, through the real tarball.
//
//   node bench/browser/join-bench.mjs <unpacked tarball dir> <e2e workspace> [runs]
//
// The e2e workspace is distribution/target/e2e, made by the browser tests (BrowserSdkIT): its
// node_modules (playwright-core) and www/ (index.html + the bundled SDK with page-entry.js).
// Each run: a fresh room; page A joins and publishes the fake camera and microphone; then page B
// is opened (t0), joins, and its getStats() is polled every 20 ms until a video frame from A is
// decoded (t1). Prints each t1 - t0, the median and p90 beside the target (median < 1.5 s).
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";

const [home, workspace, runsArg] = process.argv.slice(2);
if (!home || !workspace) {
  console.error("usage: node join-bench.mjs <unpacked tarball dir> <e2e workspace> [runs]");
  process.exit(2);
}
const RUNS = Number(runsArg ?? 10);
const TARGET_MS = 1500;
const TOKEN = "join-bench-token";
const require = createRequire(path.join(path.resolve(workspace), "package.json"));
const { chromium } = require("playwright-core");
const { CHROMIUM_FLAGS } = await import(path.join(path.resolve(workspace), "chromium-flags.mjs"));

const freePort = () => new Promise((resolve) => {
  const server = net.createServer().listen(0, "127.0.0.1", () => {
    const { port } = server.address();
    server.close(() => resolve(port));
  });
});

const port = await freePort();
const server = spawn(path.join(home, "bin/jellyfish"), [], {
  env: { ...process.env, JF_PORT: String(port), JF_METRICS_PORT: String(await freePort()), JF_HOST: `127.0.0.1:${port}`,
    JF_SERVER_API_TOKEN: TOKEN },
  stdio: ["ignore", "ignore", "inherit"],
});
const stopServer = () => { try { server.kill("SIGKILL"); } catch { /* gone */ } };
process.on("exit", stopServer);

async function api(method, route, body) {
  const response = await fetch(`http://127.0.0.1:${port}${route}`, {
    method, headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return response.status === 204 ? null : response.json();
}

for (let deadline = Date.now() + 30_000; ; ) {
  try {
    if ((await fetch(`http://127.0.0.1:${port}/health`, { headers: { authorization: `Bearer ${TOKEN}` } })).ok) break;
  } catch { /* not up yet */ }
  if (Date.now() > deadline) throw new Error("the server did not come up");
  await new Promise((r) => setTimeout(r, 50));
}

const www = path.join(path.resolve(workspace), "www");
const pages = http.createServer((req, res) => {
  const file = path.join(www, req.url === "/" ? "index.html" : path.normalize(req.url));
  if (!file.startsWith(www) || !fs.existsSync(file)) return res.writeHead(404).end();
  res.writeHead(200, { "content-type": file.endsWith(".js") ? "text/javascript" : "text/html" }).end(fs.readFileSync(file));
});
await new Promise((r) => pages.listen(0, "127.0.0.1", r));
const pageUrl = `http://127.0.0.1:${pages.address().port}/`;

const profile = fs.mkdtempSync(path.join(os.tmpdir(), "jellyfish-join-bench-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", headless: true, args: CHROMIUM_FLAGS,
  permissions: ["camera", "microphone"],
});

async function openPage(events) {
  const page = await context.newPage();
  await page.exposeBinding("__report", (_source, report) => events.push(report));
  await page.goto(pageUrl);
  return page;
}

const waitFor = async (what, condition, timeoutMs = 20_000) => {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; ) {
    const value = await condition();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
};

const samples = [];
try {
  for (let run = 1; run <= RUNS; run++) {
    const room = (await api("POST", "/room", {})).data.room.id;
    const peer = async () => (await api("POST", `/room/${room}/peer`, { type: "webrtc", options: { enableSimulcast: false } })).data.token;
    const [tokenA, tokenB] = [await peer(), await peer()];
    const eventsA = [];
    const eventsB = [];
    const pageA = await openPage(eventsA);
    await pageA.evaluate(({ token, host }) => window.jf.connect({ token, metadata: { name: "a" }, host }), { token: tokenA, host: `127.0.0.1:${port}` });
    await waitFor("A joined", () => eventsA.some((e) => e.event === "joined"));
    pageA.evaluate(() => window.jf.publish({ simulcast: false })).catch(() => {});
    await waitFor("A published", () => eventsA.filter((e) => e.event === "published").length === 2);

    const t0 = performance.now();
    const pageB = await openPage(eventsB);
    await pageB.evaluate(({ token, host }) => window.jf.connect({ token, metadata: { name: "b" }, host }), { token: tokenB, host: `127.0.0.1:${port}` });
    await waitFor("B decoding A's video", async () => {
      const report = await pageB.evaluate(() => window.jf.client.getStatistics().then((stats) => {
        let frames = 0;
        stats.forEach((entry) => { if (entry.type === "inbound-rtp" && entry.kind === "video") frames += entry.framesDecoded ?? 0; });
        return frames;
      }));
      return report > 0;
    });
    const ms = performance.now() - t0;
    samples.push(ms);
    console.log(`run ${run}/${RUNS}: page open to first decoded frame ${ms.toFixed(0)} ms`);
    for (const page of [pageA, pageB]) {
      await page.evaluate(() => window.jf.client.disconnect()).catch(() => {});
    }
    await new Promise((r) => setTimeout(r, 200));
    await pageA.close();
    await pageB.close();
    await api("DELETE", `/room/${room}`);
  }
} finally {
  await context.close().catch(() => {});
  fs.rmSync(profile, { recursive: true, force: true });
  pages.close();
  stopServer();
}

samples.sort((a, b) => a - b);
const median = samples[Math.floor((samples.length - 1) / 2)];
const p90 = samples[Math.min(samples.length - 1, Math.ceil(samples.length * 0.9) - 1)];
console.log("");
console.log("| metric | measured | target | |");
console.log("|---|---|---|---|");
console.log(`| join: page open to first decoded remote frame, median of ${samples.length} | ${median.toFixed(0)} ms | < ${TARGET_MS} ms | ${median < TARGET_MS ? "PASS" : "MISS"} |`);
console.log(`| join, p90 | ${p90.toFixed(0)} ms | info | |`);
process.exit(median < TARGET_MS ? 0 : 1);
