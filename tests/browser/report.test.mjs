// Opens termalign's HTML reports in Debian's headless Chromium (through playwright-core)
// and checks the rendered page against `termalign scan --format jsonl` of the same files:
// one mark per hit with the same status, term, line and surface; counts per status; the
// filters, tooltips, links and print rules; no network request. Run by run.sh, which
// writes the reports and the JSON Lines into $REPORT_DIR.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const dir = process.env.REPORT_DIR;
const shots = process.env.SCREENSHOTS;
const STATUSES = ["preferred", "variant", "deprecated", "near_miss", "inconsistent"];

let browser;
const requests = [];

before(async () => {
  // playwright gives the browser a fresh, empty profile of its own (no --user-data-dir)
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
});

after(async () => {
  await browser?.close();
});

function records(name) {
  return readFileSync(join(dir, `${name}.jsonl`), "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l));
}

async function open(name) {
  const page = await browser.newPage({ viewport: { width: 1366, height: 860 } });
  page.on("request", (r) => requests.push(r.url()));
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(pathToFileURL(join(dir, `${name}.html`)).href);
  return { page, errors };
}

/** status, term, line, byte and text of every mark, in document order. */
function marks(page) {
  return page.$$eval("mark.hit", (ms) =>
    ms.map((m) => ({
      status: m.dataset.status,
      term: m.dataset.term,
      line: Number(m.dataset.line),
      byte: Number(m.dataset.byte),
      text: m.textContent,
      nested: m.dataset.nested === "true",
    })),
  );
}

function countBy(items, key) {
  const c = Object.fromEntries(STATUSES.map((s) => [s, 0]));
  for (const i of items) c[i[key]] = (c[i[key]] ?? 0) + 1;
  return c;
}

for (const name of ["corpus", "flawed", "bitext"]) {
  test(`${name}: one mark per hit of scan --format jsonl, same status, term, place and text`, async () => {
    const want = records(name);
    assert.ok(want.length > 10, `${name}.jsonl has hits`);
    const { page, errors } = await open(name);
    const got = await marks(page);
    assert.deepEqual(errors, []);
    assert.deepEqual(countBy(got, "status"), countBy(want, "status"));
    assert.deepEqual(
      got.map((m) => [m.byte, m.status, m.term, m.line, m.text]),
      want.map((r) => [r.byte_start, r.status, r.term_id, r.line, r.surface]),
    );
    // the counts beside the status filters are the same numbers
    const shown = await page.$$eval("[data-status-count]", (cs) =>
      Object.fromEntries(cs.map((c) => [c.dataset.statusCount, Number(c.textContent)])),
    );
    const source = await page.$$eval("mark.src", (ms) => ms.map((m) => ({ status: m.dataset.status })));
    const wantShown = countBy(want, "status");
    if (name === "bitext") {
      wantShown.missing_rendering = source.filter((m) => m.status === "missing_rendering").length;
      wantShown.count_mismatch = source.filter((m) => m.status === "count_mismatch").length;
      assert.equal(source.length, 3);
    }
    else assert.equal(source.length, 0);
    assert.deepEqual(shown, wantShown);
    // every mark is on screen with a coloured underline
    const invisible = await page.$$eval("mark.hit", (ms) =>
      ms
        .filter((m) => {
          const r = m.getBoundingClientRect();
          const c = getComputedStyle(m).borderBottomColor;
          return r.width === 0 || r.height === 0 || c === "rgba(0, 0, 0, 0)";
        })
        .map((m) => m.id),
    );
    assert.deepEqual(invisible, []);
    await page.close();
  });
}

test("flawed: status and category filters, only-marked passages", async () => {
  const { page } = await open("flawed");
  const underline = (sel) =>
    page.$$eval(sel, (ms) => ms.map((m) => getComputedStyle(m).borderBottomColor === "rgba(0, 0, 0, 0)"));
  // status filter: deprecated marks lose their colour, others keep it
  await page.click("input[data-filter=status][value=deprecated]");
  assert.deepEqual([...new Set(await underline("mark[data-status=deprecated]"))], [true]);
  assert.deepEqual([...new Set(await underline("mark[data-status=preferred]"))], [false]);
  // table rows whose hits are all filtered out are hidden
  for (const s of ["preferred", "variant"]) await page.click(`input[data-filter=status][value=${s}]`);
  const rows = await page.$$eval("tr[data-term]", (rs) =>
    rs.filter((r) => !r.hidden).map((r) => r.dataset.statuses),
  );
  assert.ok(rows.length > 0);
  for (const r of rows) assert.match(r, /near_miss|inconsistent/);
  // category filter
  await page.click("input[data-filter=status][value=preferred]");
  await page.click("input[data-filter=category][value=principle]");
  assert.deepEqual([...new Set(await underline("mark[data-category=principle]"))], [true]);
  assert.deepEqual([...new Set(await underline("mark[data-category=security][data-status=preferred]"))], [false]);
  // only passages with marked terms: with every status off, no passage is left
  for (const s of ["preferred", "near_miss", "inconsistent"]) await page.click(`input[data-filter=status][value=${s}]`);
  await page.click("#only-marked");
  const visible = await page.$$eval("p.passage", (ps) => ps.filter((p) => !p.hidden).length);
  assert.equal(visible, 0);
  await page.click("input[data-filter=status][value=inconsistent]");
  const withInconsistent = await page.$$eval("p.passage", (ps) =>
    ps.filter((p) => !p.hidden).map((p) => !!p.querySelector("mark[data-status=inconsistent]")),
  );
  assert.ok(withInconsistent.length > 0);
  assert.deepEqual([...new Set(withInconsistent)], [true]);
  await page.close();
});

test("flawed: tooltip, occurrence links and print rules", async () => {
  const { page } = await open("flawed");
  const m = page.locator("mark[data-status=inconsistent]").first();
  await m.hover();
  const tip = await m.evaluate((el) => getComputedStyle(el, "::after").content);
  assert.match(tip, /inconsistent · good-neighborly-friendship/);
  assert.match(tip, /睦邻友好/);
  assert.match(tip, /use: good-neighborly friendship/);
  // the first occurrence link of the first problem row jumps to its mark
  const link = page.locator("tr[data-statuses*=deprecated] td.occ a.st-deprecated").first();
  const href = await link.getAttribute("href");
  await link.click();
  assert.equal(await page.evaluate(() => location.hash), href);
  const inView = await page.$eval(href, (el) => {
    const r = el.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= window.innerHeight;
  });
  assert.ok(inView, `${href} scrolled into view`);
  // on paper: no filters, the suggestion written after each problem
  await page.emulateMedia({ media: "print" });
  assert.equal(await page.$eval("#filters", (f) => getComputedStyle(f).display), "none");
  const printed = await page.$eval("mark[data-status=deprecated]", (el) => getComputedStyle(el, "::after").content);
  assert.match(printed, /→ Belt and Road Initiative/);
  // the suggestion is not struck through with the deprecated rendering
  assert.equal(await page.$eval("mark[data-status=deprecated]", (el) => getComputedStyle(el, "::after").display), "inline-block");
  // hidden columns are hidden in the header too, so cells stay under their headings
  const shown = (sel) => page.$$eval(sel, (cs) => cs.filter((c) => getComputedStyle(c).display !== "none").length);
  assert.equal(await shown("table.terms thead th"), await shown("table.terms tbody tr:first-child td"));
  await page.close();
});

test("bitext: the Chinese beside every English block, terms underlined on both sides", async () => {
  const { page } = await open("bitext");
  const rows = await page.$$eval(".bitext .pair", (ps) =>
    ps.map((p) => ({ en: !!p.querySelector("p.passage"), zh: (p.querySelector("p.zh")?.textContent ?? "").trim() })),
  );
  assert.ok(rows.length >= 10);
  for (const r of rows) assert.ok(r.en && r.zh.length > 0, JSON.stringify(r));
  // side by side on a laptop screen: the Chinese starts to the right of the English
  const [en, zh] = await page.$$eval(".bitext .pair:nth-child(3) > p", (ps) => ps.map((p) => p.getBoundingClientRect().left));
  assert.ok(zh > en + 300, `${en} ${zh}`);
  const terms = await page.$$eval(".zh-term", (ts) => ts.map((t) => t.dataset.term));
  assert.ok(terms.includes("color-revolution") && terms.includes("good-neighborly-friendship"), terms.join());
  // the cross-language check, on the Chinese side: a missing rendering has no English mark
  // of its term in the row; a count mismatch has more Chinese marks than English ones
  const checks = await page.$$eval("mark.src", (ms) =>
    ms.map((m) => {
      const row = m.closest(".pair");
      const term = m.dataset.term;
      return {
        status: m.dataset.status,
        zh: row.querySelectorAll(`p.zh [data-term="${term}"]`).length,
        en: row.querySelectorAll(`mark.hit[data-term="${term}"]`).length,
      };
    }),
  );
  assert.deepEqual(checks.map((c) => c.status), ["missing_rendering", "count_mismatch", "count_mismatch"]);
  for (const c of checks) {
    if (c.status === "missing_rendering") assert.equal(c.en, 0);
    else assert.ok(c.zh > c.en && c.en > 0, JSON.stringify(c));
  }
  const src = page.locator("mark.src").first();
  await src.hover();
  const tip = await src.evaluate((el) => getComputedStyle(el, "::after").content);
  assert.match(tip, /missing rendering · political-mutual-trust/);
  assert.match(tip, /expected: political mutual trust/);
  // only-marked hides whole rows, Chinese included; a row whose only mark is on the
  // Chinese side stays while that status is shown
  for (const s of STATUSES) await page.click(`input[data-filter=status][value=${s}]`);
  await page.click("#only-marked");
  const rowsLeft = () => page.$$eval(".bitext .pair", (ps) => ps.filter((p) => !p.hidden).length);
  assert.equal(await rowsLeft(), 2);
  for (const s of ["missing_rendering", "count_mismatch"]) await page.click(`input[data-filter=status][value=${s}]`);
  assert.equal(await rowsLeft(), 0);
  await page.close();
});

test("markup in the document stays text", async () => {
  const { page, errors } = await open("flawed");
  assert.deepEqual(errors, []);
  assert.equal(await page.$$eval("script", (s) => s.length), 1);
  assert.equal(await page.$$eval("main b", (b) => b.length), 0);
  const text = await page.textContent("#text");
  assert.match(text, /<script>alert\("x"\)<\/script> & R&D <b>not bold<\/b>/);
  await page.close();
});

test("no network: every request is the report file itself", () => {
  assert.ok(requests.length > 0);
  for (const url of requests) assert.match(url, /^file:\/\/.*\.html$/);
});

test("screenshots for the README", async () => {
  const { page } = await open("flawed");
  await page.setViewportSize({ width: 1280, height: 800 });
  // the text with its marks under the filters, a tooltip open on "C+C5"
  await page.evaluate(() => {
    const top = document.querySelector("header.top").offsetHeight;
    window.scrollTo(0, document.querySelector("#text").offsetTop - top - 8);
  });
  await page.locator("mark[data-status=inconsistent]").nth(1).hover();
  const png = await page.screenshot({ path: join(shots, "report.png") });
  assert.ok(png.length > 20000, "screenshot has content");
  await page.close();
  // beside the Chinese source, scrolled to the third paragraph
  const bi = await open("bitext");
  await bi.page.setViewportSize({ width: 1280, height: 800 });
  await bi.page.evaluate(() => {
    const top = document.querySelector("header.top").offsetHeight;
    const row = document.querySelectorAll(".bitext .pair")[3];
    window.scrollTo(0, row.getBoundingClientRect().top + window.scrollY - top - 8);
  });
  await bi.page.locator("mark[data-status=deprecated]").first().hover();
  const png2 = await bi.page.screenshot({ path: join(shots, "report-source.png") });
  assert.ok(png2.length > 20000, "screenshot has content");
  await bi.page.close();
});
