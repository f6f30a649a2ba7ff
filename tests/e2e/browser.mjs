// Debian's Chromium driven by playwright-core (never a downloaded browser).
import { chromium } from 'playwright-core';

export const FLAGS = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--no-first-run', '--disable-quic',
];

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: FLAGS,
    headless: true,
  });
}

/// Waits until the page has drawn the dashboard for a query newer than `afterSeq`.
export async function dashboardAfter(page, afterSeq, timeout = 30000) {
  await page.waitForFunction(
    (s) => Number(document.body.dataset.dashboardSeq || 0) > s && document.body.dataset.status !== 'loading',
    afterSeq, { timeout });
  return Number(await page.evaluate(() => document.body.dataset.dashboardSeq));
}

export async function seq(page) {
  return Number(await page.evaluate(() => document.body.dataset.dashboardSeq || 0));
}
