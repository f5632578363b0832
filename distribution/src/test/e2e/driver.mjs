// Drives headless Debian Chromium for the Java browser tests (BrowserDriver.java).
//
//   node driver.mjs <www-dir>
//
// Serves <www-dir> on 127.0.0.1 (a secure context for getUserMedia), launches Chromium with the
// flags of e2e-browser-recipe.md, then reads one JSON command per line on stdin and writes one
// JSON report per line on stdout:
//   {"cmd":"open","page":"a"}                 → {"page":"a","event":"opened"}
//   {"cmd":"call","page":"a","fn":"connect","arg":{...}} → starts window.jf[fn](arg) in the page
//   {"cmd":"quit"}                            → closes the SDK clients, then Chromium, then exits 0
// Pages report SDK events as {"page":"a","event":<name>,"data":{...}}; page errors are reported
// as "pageError"/"consoleError". A failed command is reported as {"event":"commandFailed"}.
import { chromium } from "playwright-core";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { CHROMIUM_FLAGS } from "./chromium-flags.mjs";

const www = path.resolve(process.argv[2] ?? "www");
const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";


const started = performance.now();
// Every report carries "at": milliseconds since the driver started, for reading a failure's timeline.
const out = (report) => process.stdout.write(JSON.stringify({ ...report, at: Math.round(performance.now() - started) }) + "\n");

const TYPES = { ".html": "text/html", ".js": "text/javascript" };
const server = http.createServer((req, res) => {
  if (req.url === "/favicon.ico") {
    res.writeHead(204).end();
    return;
  }
  const file = path.join(www, path.normalize(new URL(req.url, "http://x").pathname));
  if (!file.startsWith(www) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    const index = path.join(www, "index.html");
    if (req.url === "/" && fs.existsSync(index)) {
      res.writeHead(200, { "content-type": TYPES[".html"] }).end(fs.readFileSync(index));
      return;
    }
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream" })
    .end(fs.readFileSync(file));
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const pageUrl = `http://127.0.0.1:${server.address().port}/`;

const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "jellyfish-e2e-chromium-"));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath, headless: true, args: CHROMIUM_FLAGS, permissions: ["camera", "microphone"],
});
const pages = new Map();

async function quit(status) {
  // Close the SDK clients first so TURN allocations are released (recipe section 8).
  for (const page of pages.values()) {
    await page.evaluate(() => window.jf?.client?.disconnect()).catch(() => {});
  }
  await context.close().catch(() => {});
  fs.rmSync(userDataDir, { recursive: true, force: true });
  server.close();
  process.exit(status);
}

async function run(command) {
  switch (command.cmd) {
    case "open": {
      const page = await context.newPage();
      const name = command.page;
      pages.set(name, page);
      await page.exposeBinding("__report", (_source, report) => out({ page: name, ...report }));
      page.on("pageerror", (error) => out({ page: name, event: "pageError", data: { message: String(error) } }));
      page.on("console", (message) => {
        if (message.type() === "error") out({ page: name, event: "consoleError", data: { message: message.text() } });
      });
      await page.goto(pageUrl);
      out({ page: name, event: "opened" });
      return;
    }
    case "call": {
      const page = pages.get(command.page);
      if (!page) throw new Error(`no page ${command.page}`);
      // Not awaited in the page: an SDK promise may settle only after a negotiation, and the next
      // command must not wait for it. Its failure is reported as "callFailed".
      await page.evaluate(({ fn, arg }) => {
        Promise.resolve()
          .then(() => window.jf[fn](arg))
          .catch((error) => window.__report({ event: "callFailed", data: { fn, message: String(error) } }));
      }, { fn: command.fn, arg: command.arg ?? null });
      return;
    }
    case "quit":
      await quit(0);
      return;
    default:
      throw new Error(`unknown command ${command.cmd}`);
  }
}

out({ event: "ready", data: { pageUrl } });
const lines = readline.createInterface({ input: process.stdin });
let queue = Promise.resolve();
lines.on("line", (line) => {
  queue = queue.then(async () => {
    let command;
    try {
      command = JSON.parse(line);
      await run(command);
    } catch (error) {
      out({ page: command?.page ?? null, event: "commandFailed", data: { command: line, message: String(error) } });
    }
  });
});
// The Java side went away: never leave Chromium behind.
lines.on("close", () => queue.then(() => quit(0)));
