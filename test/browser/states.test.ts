import type { Browser, Page, Route } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEV_ADMIN_TOKEN } from "../../scripts/lib/dev-vars.mjs";
import { abandonCart, api, demoStore, launchChromium, mintVisitor, origin, signIn, until } from "./browser";

let browser: Browser;
let sequenceId: string;

beforeAll(async () => {
  browser = await launchChromium();
  const cart = await abandonCart(16, (await mintVisitor()).visitor_id);
  await until(async () => (await api(`/api/v1/recovery/sequences/${cart.sequenceId}`)).steps_completed.includes("email_2h"));
  await api("/api/v1/suppressions", { body: { email: `states-${crypto.randomUUID().slice(0, 8)}@example.com` } });
  sequenceId = cart.sequenceId;
});
afterAll(async () => {
  await browser?.close();
});


/** Each screen, the API path its main data comes from, and what shows once that data is there. */
const SCREENS = [
  { name: "overview", hash: () => "#/", path: () => "/api/v1/recovery/analytics", loaded: "stat-total-sequences" },
  { name: "sequences", hash: () => "#/sequences", path: () => "/api/v1/recovery/sequences", loaded: "sequence-row" },
  { name: "sequence detail", hash: () => `#/sequences/${sequenceId}`, path: () => `/api/v1/recovery/sequences/${sequenceId}`, loaded: "timeline-item" },
  { name: "outbox", hash: () => "#/outbox", path: () => "/api/v1/outbox", loaded: "outbox-row" },
  { name: "suppressions", hash: () => "#/suppressions", path: () => "/api/v1/suppressions", loaded: "suppression-table" },
];

const failWith500 = (route: Route) =>
  route.fulfill({
    status: 500,
    contentType: "application/problem+json",
    body: JSON.stringify({ type: "about:blank", title: "Internal Server Error", status: 500, detail: "Something broke on our side" }),
  });

describe("loading, error and empty states", () => {
  it.each(SCREENS)("$name shows Loading, then the API's error with a Retry that recovers", async (screen) => {
    const page = await browser.newPage();
    const path = screen.path();
    // The first answer is held until the loading state has been seen, and then fails.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let failing = true;
    await page.route(
      (url) => url.pathname === path,
      async (route) => {
        if (!failing) return route.continue();
        await held;
        return failWith500(route);
      },
    );
    // Signing in lands on the overview: the route is in place before, so its first load is held too.
    await signIn(page);
    await page.goto(`${origin()}/${screen.hash()}`);
    await page.getByTestId("loading").first().waitFor();
    release();
    const error = page.getByTestId("error").first();
    await error.waitFor();
    expect(await error.textContent()).toContain("Something broke on our side");
    expect(await page.getByTestId(screen.loaded).count()).toBe(0);
    failing = false;
    await error.getByRole("button", { name: "Retry" }).click();
    await page.getByTestId(screen.loaded).first().waitFor();
    await until(async () => (await page.getByTestId("error").count()) === 0);
    await page.close();
  });

  it("sign-in shows the server's failure, not a wrong-key message", async () => {
    const page = await browser.newPage();
    await page.route((url) => url.pathname === "/api/v1/session", failWith500);
    await page.goto(`${origin()}/`);
    await page.getByTestId("signin-key").fill(demoStore().secret_key);
    await page.getByTestId("signin-submit").click();
    expect(await page.getByTestId("signin-error").textContent()).toBe("Something broke on our side");
    await page.close();
  });

  it("a new store with no data shows every screen's empty state", async () => {
    const response = await fetch(`${origin()}/api/v1/stores`, {
      method: "POST",
      headers: { authorization: `Bearer ${DEV_ADMIN_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "Empty Store", domain: "empty.example.com", from_email: "shop@empty.example.com" }),
    });
    expect(response.status).toBe(201);
    const { secret_key } = await response.json();
    const page = await browser.newPage();
    await signIn(page, secret_key);
    const expectEmpty = async (hash: string, texts: string[]) => {
      await page.goto(`${origin()}/${hash}`);
      for (const text of texts) await page.getByText(text).first().waitFor();
    };
    await expectEmpty("#/", ["No abandoned carts in this range.", "No carts yet.", "No steps have run yet.", "No abandoned carts yet."]);
    await expectEmpty("#/sequences", ["No abandoned carts yet."]);
    await expectEmpty("#/outbox", ["No emails yet."]);
    await expectEmpty("#/suppressions", ["No suppressed addresses yet."]);
    await page.close();
  });
});

describe("step progress", () => {
  it("marks sent, skipped and failed steps distinctly, with the reason on keyboard focus", async () => {
    // The seeded sequence as the API answers it, with its later steps settled as skipped and failed
    // (a failed send cannot be caused on demand against `wrangler dev`).
    const real = await api(`/api/v1/recovery/sequences/${sequenceId}`);
    const at = new Date().toISOString();
    const settle = (step: any, index: number) =>
      index === 2
        ? { ...step, status: "skipped", executed_at: at, reason: "quiet hours: the shopper's night" }
        : index === 3
          ? { ...step, status: "failed", executed_at: at, reason: "rejected by Resend: invalid recipient" }
          : step;
    const shaped = { ...real, steps: real.steps.map(settle) };
    expect(shaped.steps.slice(0, 4).map((step: any) => step.status)).toEqual(["sent", "sent", "skipped", "failed"]);
    const { timeline: _timeline, ...listed } = shaped;

    const page = await browser.newPage();
    await signIn(page);
    await page.route(
      (url) => url.pathname === `/api/v1/recovery/sequences/${sequenceId}`,
      (route) => route.fulfill({ json: shaped }),
    );
    await page.route(
      (url) => url.pathname === "/api/v1/recovery/sequences",
      (route) => route.fulfill({ json: { data: [listed], next_cursor: null } }),
    );

    for (const hash of ["#/sequences", `#/sequences/${sequenceId}`]) {
      await page.goto(`${origin()}/${hash}`);
      const marks = page.getByTestId("step-mark");
      await marks.first().waitFor();
      const looks = await marks.evaluateAll((elements) =>
        elements.slice(0, 4).map((element) => ({
          mark: element.getAttribute("data-mark"),
          symbol: element.querySelector(".step-mark-symbol")?.textContent,
          radius: getComputedStyle(element).borderRadius,
          background: getComputedStyle(element).backgroundColor,
        })),
      );
      expect(looks.map((look) => look.mark)).toEqual(["sent", "sent", "skipped", "failed"]);
      // Sent, skipped and failed differ in symbol, shape and colour, not colour alone.
      const [sent, , skipped, failed] = looks;
      expect(new Set([sent!.symbol, skipped!.symbol, failed!.symbol]).size).toBe(3);
      expect(sent!.radius).not.toBe(skipped!.radius);
      expect(new Set([sent!.background, skipped!.background, failed!.background]).size).toBe(3);

      // Keyboard focus shows the skipped step's reason, which is also its accessible description.
      const skippedMark = marks.nth(2);
      const tip = skippedMark.getByTestId("step-tip");
      expect(await tip.isVisible()).toBe(false);
      await skippedMark.focus();
      expect(await skippedMark.evaluate((element) => element.matches(":focus"))).toBe(true);
      expect(await tip.isVisible()).toBe(true);
      expect(await tip.textContent()).toContain("quiet hours: the shopper's night");
      const describedBy = await skippedMark.getAttribute("aria-describedby");
      expect(await page.locator(`[id="${describedBy}"]`).textContent()).toContain("quiet hours");
      await page.keyboard.press("Tab");
      expect(await tip.isVisible()).toBe(false);
      expect(await marks.nth(3).getByTestId("step-tip").isVisible()).toBe(true);
      expect(await marks.nth(3).getByTestId("step-tip").textContent()).toContain("rejected by Resend");
    }
    await page.close();
  });

  it("marks a step the timeline shows as deferred", async () => {
    const real = await api(`/api/v1/recovery/sequences/${sequenceId}`);
    const last = real.steps.length - 1;
    const steps = real.steps.map((step: any, index: number) =>
      index === last ? { ...step, status: "scheduled", executed_at: null, reason: "quiet hours until 08:00" } : step,
    );
    const timeline = [...real.timeline, { at: new Date().toISOString(), type: "email_deferred", step: steps[last].id, detail: "quiet hours until 08:00" }];
    const page = await browser.newPage();
    await signIn(page);
    await page.route(
      (url) => url.pathname === `/api/v1/recovery/sequences/${sequenceId}`,
      (route) => route.fulfill({ json: { ...real, status: "active", steps, timeline } }),
    );
    await page.goto(`${origin()}/#/sequences/${sequenceId}`);
    const mark = page.getByTestId("step-mark").nth(last);
    await mark.waitFor();
    expect(await mark.getAttribute("data-mark")).toBe("deferred");
    await mark.hover();
    expect(await mark.getByTestId("step-tip").textContent()).toContain("quiet hours until 08:00");
    await page.close();
  });
});
