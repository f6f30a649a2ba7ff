// Live mode's frame budget (issue 8: at most 50 ms at 10 fps on 1M
// ratings). Not a test: prints, for each speed, the median and p95 of the
// worker's compute time per frame (the replay's step, the checkpoint, the
// serving of the merged dashboard, the speed layer's tables: what the
// worker shows as "frame … ms"), the page's chart drawing time per drawn
// frame, and the frames drawn per second.
//
//   trunk build --release && LIVE_SECONDS=5 node tests/e2e/live-bench.mjs
import { closePage, openPage } from './helpers.mjs';

const SECONDS = Number(process.env.LIVE_SECONDS || 5);
const SPEEDS = [['1 day/s', '86400'], ['1 week/s', '604800'], ['1 month/s', '2592000'], ['fastest', '0']];

const q = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : NaN;
};

const opened = await openPage();
const { page } = opened;
try {
  await page.click('#live-open');
  await page.waitForFunction(() => document.getElementById('live').dataset.events === '0', null, { timeout: 60000 });
  // Every frame drawn: the worker's time and the page's drawing time.
  await page.evaluate(() => {
    window.__frames = [];
    new MutationObserver(() => {
      const ms = parseFloat(document.getElementById('live-frame').textContent);
      window.__frames.push({ worker: ms, draw: Number(document.body.dataset.drawMs), at: performance.now() });
    }).observe(document.getElementById('live-frame'), { childList: true, characterData: true, subtree: true });
  });
  for (const [name, speed] of SPEEDS) {
    await page.selectOption('#live-order', 'time');
    await page.selectOption('#live-speed', speed);
    // From the start: a seek to before the first event.
    await page.fill('#live-seek', '2000-04-25T00:00');
    await page.click('#live-go');
    await page.waitForTimeout(500);
    await page.evaluate(() => { window.__frames = []; });
    await page.click('#live-play');
    await page.waitForTimeout(SECONDS * 1000);
    await page.click('#live-pause');
    const frames = await page.evaluate(() => window.__frames);
    const worker = frames.map((f) => f.worker).filter(Number.isFinite);
    const draw = frames.map((f) => f.draw).filter(Number.isFinite);
    const span = frames.length > 1 ? (frames.at(-1).at - frames[0].at) / 1000 : NaN;
    const events = await page.textContent('#live-events');
    console.log(`${name.padEnd(9)} worker frame median ${q(worker, 0.5).toFixed(1)} ms, p95 ${q(worker, 0.95).toFixed(1)} ms; `
      + `page draw median ${q(draw, 0.5).toFixed(1)} ms, p95 ${q(draw, 0.95).toFixed(1)} ms; `
      + `${(frames.length / span).toFixed(1)} frames drawn/s; events ${events}`);
    await page.waitForTimeout(300);
  }
} finally {
  await closePage(opened);
}
