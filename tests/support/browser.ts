import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium, type Browser, type BrowserContextOptions, type Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import { APP_URL } from "./app";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./chromium";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/**
 * One Chromium for a test file, started before its first test and closed after its last,
 * followed by `onDone` (say, ending the file's database pool).
 */
export function browserForFile(onDone?: () => Promise<unknown>): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await onDone?.();
  });
  return () => {
    if (!browser) throw new Error("The browser starts in beforeAll; call this inside a test.");
    return browser;
  };
}

type AxeViolation = {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: string[]; failureSummary?: string }[];
};

/**
 * A page of the app that keeps track of where it has been, so that a test can prove it
 * checked every page it visited with axe (DESIGN.md §5: zero violations on every page).
 */
export class AppPage {
  private readonly visited = new Set<string>();
  private readonly checked = new Set<string>();

  constructor(readonly page: Page) {
    page.on("framenavigated", (frame) => {
      if (frame === page.mainFrame() && frame.url().startsWith(APP_URL)) this.visited.add(pathOf(frame.url()));
    });
  }

  static async open(browser: Browser, options: BrowserContextOptions = {}) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, ...options });
    return new AppPage(await context.newPage());
  }

  /** Goes to a path of the app and checks the page. */
  async goto(path: string) {
    const response = await this.page.goto(`${APP_URL}${path}`);
    await this.expectAccessible();
    return response;
  }

  get path() {
    return pathOf(this.page.url());
  }

  /** Waits until the tab is at `path` and Remix has finished rendering it. */
  async arrive(path: string) {
    await this.page.waitForURL((url) => url.pathname === path);
    await this.settle();
  }

  /** After a client-side navigation or form post: Remix idle and React's render painted. */
  async settle() {
    await this.page.waitForLoadState("load");
    await this.page.waitForFunction(() => {
      const router = (window as unknown as { __remixRouter?: { state: { navigation: { state: string } } } })
        .__remixRouter;
      return !router || router.state.navigation.state === "idle";
    });
    await this.page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))));
  }

  /** Runs axe-core on the page as it is now; fails listing every violation readably. */
  async expectAccessible() {
    await this.settle();
    await this.page.addScriptTag({ content: axeSource });
    const violations = await this.page.evaluate(async () => {
      const axe = (
        window as unknown as {
          axe: { run: (context: Document, options: object) => Promise<{ violations: unknown[] }> };
        }
      ).axe;
      const result = await axe.run(document, {
        runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
      });
      return result.violations;
    });
    this.checked.add(this.path);
    expect((violations as AxeViolation[]).map(describe), `axe found problems on ${this.path}`).toEqual([]);
  }

  /** Every page this tab went to was checked by expectAccessible. */
  expectEveryPageChecked() {
    expect(
      [...this.visited].filter((path) => !this.checked.has(path)),
      "pages visited but not checked with axe",
    ).toEqual([]);
  }

  async close() {
    await this.page.context().close();
  }
}

function pathOf(url: string) {
  return new URL(url).pathname;
}

function describe(violation: AxeViolation) {
  const nodes = violation.nodes.map((node) => `  at ${node.target.join(" ")}: ${node.failureSummary ?? ""}`);
  return [`${violation.id} (${violation.impact}): ${violation.help} ${violation.helpUrl}`, ...nodes].join("\n");
}

/** Runs a test in a fresh browser tab and checks that every page it saw was checked by axe. */
export async function inTab(
  browser: Browser,
  work: (app: AppPage) => Promise<void>,
  options: BrowserContextOptions = {},
) {
  const app = await AppPage.open(browser, options);
  try {
    await work(app);
    app.expectEveryPageChecked();
  } finally {
    await app.close();
  }
}
