import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadDevIssuer, signDevToken } from '../../src/auth/devIssuer';
import { generatePopulation } from '../../src/connectors/population/populationGenerator';
import { startMotlan, type RunningMotlan } from './motlanProcess';

// The citizen portal in a real browser: Debian's Chromium driven by playwright-core, against Motlan
// started as `npm start` starts it. Every page is checked with axe-core at phone and desktop widths
// and photographed into test-results/portal/ for a reviewer.

jest.setTimeout(180_000);

const SHOTS = path.join(__dirname, '../../test-results/portal');
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const WIDTHS = [
  { name: 'phone', width: 360, height: 780 },
  { name: 'desktop', width: 1280, height: 900 },
];
const UBND_XA = { code: '000.31.22.H56', name: 'Ủy ban nhân dân xã (dữ liệu phát triển)' };
const SO_TU_PHAP = { code: '000.17.22.H56', name: 'Sở Tư pháp (dữ liệu phát triển)' };

interface DevCitizen {
  id: string;
  name: string;
  actsFor: Array<{ id: string; name: string; kind: 'child' | 'business' }>;
}

let motlan: RunningMotlan;
let browser: Browser;
let page: Page;
let citizens: DevCitizen[];
let shot = 0;

// jest.config.js sets the default (/usr/bin/chromium) and, outside CI, marks these tests skipped when it is missing.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const suite = process.env.MOTLAN_SKIP_BROWSER_TESTS === 'true' ? describe.skip : describe;

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium), as bash .ci/run does, or set CHROMIUM_PATH`);
  fs.rmSync(SHOTS, { recursive: true, force: true });
  fs.mkdirSync(SHOTS, { recursive: true });
  motlan = await startMotlan();
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-background-networking'] });
  const context = await browser.newContext({ locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
  citizens = ((await (await fetch(`${motlan.url}/portal/sign-in-methods`)).json()) as { dev: { citizens: DevCitizen[] } }).dev.citizens;
});

afterAll(async () => {
  await browser?.close();
  await motlan?.stop();
});

/** axe at both widths (serious and critical only must be absent), then a full-page picture at each. */
async function check(name: string): Promise<void> {
  shot += 1;
  const violations: Record<string, unknown[]> = {};
  for (const size of WIDTHS) {
    await page.setViewportSize({ width: size.width, height: size.height });
    await page.waitForTimeout(50);
    // Evaluated over the DevTools protocol, so the page's script-src 'self' policy stays as it is.
    await page.evaluate(AXE_SOURCE);
    const result = await page.evaluate(async () => {
      // Runs in the page: the test's TypeScript has no DOM types, so the page's globals are described here.
      const { axe, document } = globalThis as unknown as { document: unknown; axe: { run(ctx: unknown, options: object): Promise<{ violations: Array<{ id: string; impact: string; help: string; nodes: Array<{ target: string[] }> }> }> } };
      const { violations: found } = await axe.run(document, { resultTypes: ['violations'] });
      return found.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
    });
    if (result.length) violations[`${name}@${size.name}`] = result;
    if (size.name === 'phone') {
      // Nothing may force a sideways scroll on a 360px phone.
      expect(await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth)).toBeLessThanOrEqual(size.width);
    }
    await page.screenshot({ path: path.join(SHOTS, `${String(shot).padStart(2, '0')}-${name}-${size.name}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  expect(violations).toEqual({});
}

const heading = (name: string | RegExp) => page.getByRole('heading', { level: 1, name });

async function agencyToken(agencyCode: string, roles: string[]): Promise<string> {
  const dev = await loadDevIssuer(motlan.dataDir);
  return signDevToken(dev, { kind: 'agency', agencyCode, roles, clientId: `one-stop-${agencyCode}` }, 'motlan');
}

/** The commune's one-stop system asks Motlan to prefill a marriage registration for the bride. */
async function prefillMarriage(applicantId: string, dossierCode: string) {
  const population = [...generatePopulation({ seed: 42, count: 2000 })];
  const applicant = population.find((c) => c.id === applicantId)!;
  const spouse = population.find((c) => c.sex === 'male' && c.maritalStatus === 'single' && c.status === 'alive' && c.birthDate.startsWith('199'))!;
  // Typed in full, as a one-stop system does: a number alone confirms no one, and releases nothing.
  const typed = (c: typeof applicant) => ({ id: c.id, fullName: c.fullName, birthDate: c.birthDate, sex: c.sex });
  const res = await fetch(`${motlan.url}/v1/prefill`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await agencyToken(UBND_XA.code, ['prefill'])}`, 'content-type': 'application/json' },
    body: JSON.stringify({ procedureCode: '1.000894', dossierCode, applicant: typed(applicant), subjects: [{ role: 'spouse', ...typed(spouse) }] }),
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { requirements: Array<{ requirementId: string; outcome: string }> };
  return body.requirements.find((r) => r.requirementId === 'birth-certificate-applicant')!.outcome;
}

suite('the citizen portal in Chromium', () => {
  let bride: DevCitizen;
  let dossierCode: string;

  it('offers the simulated citizens on the development sign-in page', async () => {
    expect(citizens.length).toBe(3);
    bride = citizens.find((c) => c.actsFor.length === 0)!;
    await page.goto(`${motlan.url}/portal/`);
    await heading('Đăng nhập').waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('vi');
    for (const c of citizens) await page.getByRole('button', { name: `Đăng nhập là ${c.name}` }).waitFor();
    await check('sign-in');
  });

  it('signs in as a simulated citizen', async () => {
    await page.getByRole('button', { name: `Đăng nhập là ${bride.name}` }).click();
    await heading(`Xin chào, ${bride.name}`).waitFor();
    await page.getByText('Có 1 yêu cầu đang chờ bạn trả lời').waitFor();
    await check('home');
  });

  it('shows her documents in plain words, and one of them with its content', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Giấy tờ của tôi' }).click();
    await heading('Giấy tờ của tôi').waitFor();
    const card = page.locator('#document-list li', { hasText: 'Giấy khai sinh' });
    await expect(card.textContent()).resolves.toMatch(/Còn hiệu lực.*Ủy ban nhân dân xã Tân Hòa \(dữ liệu phát triển\).*\d{2}\/\d{2}\/\d{4}.*Không có thời hạn/);
    await check('documents');

    await card.getByRole('link', { name: 'Xem Giấy khai sinh' }).click();
    await heading('Giấy khai sinh').waitFor();
    await expect(page.locator('main').textContent()).resolves.toContain(bride.name);
    await expect(page.locator('main').textContent()).resolves.toContain('Có chữ ký số hợp lệ của cơ quan cấp');
    const href = await page.getByRole('link', { name: 'Mở bản điện tử' }).getAttribute('href');
    const content = await page.request.get(href!);
    expect(content.status()).toBe(200);
    expect(content.headers()['content-type']).toBe('application/pdf');
    expect((await content.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await check('document');
  });

  it('revokes a consent after confirming, and then the agency’s prefill answers consent_required', async () => {
    const requests = await page.request.get(`${motlan.url}/v1/me/consent-requests?status=pending`);
    dossierCode = (await requests.json()).items[0].dossierCode;
    expect(await prefillMarriage(bride.id, dossierCode)).toBe('reused');

    await page.getByRole('navigation').getByRole('link', { name: 'Sự đồng ý' }).click();
    await heading('Sự đồng ý của tôi').waitFor();
    await check('consents');
    const card = page.locator('#consent-list li', { has: page.getByRole('heading', { name: UBND_XA.name }) });
    await expect(card.textContent()).resolves.toMatch(/Đang có hiệu lực.*Giấy khai sinh.*Đăng ký kết hôn \(1\.000894\)/);
    await card.getByRole('button', { name: 'Rút lại sự đồng ý' }).click();
    const dialog = page.getByRole('dialog', { name: 'Rút lại sự đồng ý?' });
    await dialog.waitFor();
    await expect(dialog.textContent()).resolves.toContain(`${UBND_XA.name} sẽ không được xem Giấy khai sinh của bạn nữa`);
    await check('consents-revoke-dialog');
    await dialog.getByRole('button', { name: 'Có, rút lại' }).click();
    await page.getByRole('status').getByText(`Đã rút lại sự đồng ý cho ${UBND_XA.name}.`).waitFor();
    await expect(page.locator('#consent-list').textContent()).resolves.not.toContain(UBND_XA.name);

    expect(await prefillMarriage(bride.id, dossierCode)).toBe('consent_required');
  });

  it('gives a new consent only after a clear summary', async () => {
    await page.getByRole('link', { name: 'Đồng ý cho một cơ quan dùng giấy tờ' }).click();
    await heading('Đồng ý cho một cơ quan dùng giấy tờ').waitFor();
    await page.getByRole('button', { name: 'Xem lại trước khi đồng ý' }).click();
    await page.getByRole('alert').getByText('Vui lòng chọn cơ quan.').waitFor();
    await check('consent-new-errors');
    await page.getByLabel('Cơ quan nào được dùng giấy tờ?').selectOption(SO_TU_PHAP.code);
    await page.getByLabel('Để làm thủ tục nào?').selectOption('1.000894');
    await page.getByLabel('Phiếu lý lịch tư pháp').check();
    await page.getByLabel('Chỉ cho dùng một lần').check();
    await page.getByRole('button', { name: 'Xem lại trước khi đồng ý' }).click();
    const summary = page.locator('#grant-summary');
    await summary.waitFor();
    await expect(summary.textContent()).resolves.toMatch(
      new RegExp(`Bạn đồng ý cho ${SO_TU_PHAP.name.replace(/[()]/g, '\\$&')} dùng Phiếu lý lịch tư pháp của bạn, chỉ để làm thủ tục Đăng ký kết hôn \\(1\\.000894\\), đến hết ngày \\d{2}/\\d{2}/\\d{4}\\.Cơ quan chỉ được dùng một lần\\.`),
    );
    await check('consent-new-summary');
    await page.getByRole('button', { name: 'Xác nhận đồng ý' }).click();
    await page.getByRole('status').getByText(`Đã ghi nhận sự đồng ý của bạn cho ${SO_TU_PHAP.name}.`).waitFor();
    const consents = await (await page.request.get(`${motlan.url}/v1/me/consents`)).json();
    expect(consents.items).toContainEqual(expect.objectContaining({ status: 'active', channel: 'portal', grantee: { agencyCode: SO_TU_PHAP.code }, documentTypes: ['judicial-record-extract'], maxUses: 1 }));
  });

  it('approves an agency’s consent request, and the prefill reuses the document again', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Yêu cầu từ cơ quan' }).click();
    await heading('Yêu cầu từ cơ quan').waitFor();
    const card = page.locator('#request-list li', { hasText: `${UBND_XA.name} xin dùng Giấy khai sinh của bạn` });
    await expect(card.textContent()).resolves.toContain(dossierCode);
    await check('requests');
    await card.getByRole('button', { name: 'Đồng ý' }).click();
    const dialog = page.getByRole('dialog', { name: 'Đồng ý với yêu cầu này?' });
    await expect(dialog.textContent()).resolves.toContain(`cho hồ sơ ${dossierCode}`);
    await dialog.getByRole('button', { name: 'Có, tôi đồng ý' }).click();
    await page.getByRole('status').getByText(`Bạn đã đồng ý với yêu cầu của ${UBND_XA.name}.`).waitFor();
    await page.getByText('Không có yêu cầu nào đang chờ bạn trả lời.').waitFor();
    expect(await prefillMarriage(bride.id, dossierCode)).toBe('reused');
  });

  it('reads the access log as a timeline in plain Vietnamese, with the chain verified', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Ai đã xem giấy tờ' }).click();
    await heading('Ai đã xem giấy tờ của tôi').waitFor();
    await page.locator('#chain-verification').getByText(/Nhật ký của bạn nguyên vẹn: \d+ mục, không mục nào bị sửa, xóa hay đổi thứ tự\./).waitFor();
    const log = page.locator('#access-log');
    // The entry the approval produced.
    await log.getByText(`Bạn đã đồng ý cho ${UBND_XA.name} dùng Giấy khai sinh của bạn để làm thủ tục Đăng ký kết hôn (1.000894), cho hồ sơ ${dossierCode}.`).waitFor();
    // An agency's read under her consent, as docs/audit.md words it.
    await log.getByText(new RegExp(`^${SO_TU_PHAP.name.replace(/[()]/g, '\\$&')} \\(${SO_TU_PHAP.code.replace(/\./g, '\\.')}\\) đã xem Giấy khai sinh của bạn cho hồ sơ \\S+ \\(thủ tục 1\\.000894\\) ngày \\d{2}/\\d{2}/\\d{4}, theo sự đồng ý của bạn\\.$`)).waitFor();
    // The prefill refused while her consent was withdrawn.
    await expect(log.textContent()).resolves.toMatch(/Ủy ban nhân dân xã \(dữ liệu phát triển\) \(000\.31\.22\.H56\) đã yêu cầu .* cho hồ sơ 000\.31\.22\.H56-\d{6}-0001 .*nhưng đã bị từ chối vì/);
    await check('access-log');
  });

  it('switches to English and remembers it', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await heading('Who viewed my documents').waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.reload();
    await heading('Who viewed my documents').waitFor();
    await check('access-log-english');
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
    await heading('Ai đã xem giấy tờ của tôi').waitFor();
  });

  it('lets a legal representative switch to their business', async () => {
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await heading('Đăng nhập').waitFor();
    const representative = citizens.find((c) => c.actsFor.some((a) => a.kind === 'business'))!;
    const business = representative.actsFor.find((a) => a.kind === 'business')!;
    await page.getByRole('button', { name: `Đăng nhập là ${representative.name}` }).click();
    await heading(`Xin chào, ${representative.name}`).waitFor();
    await page.getByLabel('Bạn đang làm việc cho:').selectOption(business.id);
    await page.getByRole('navigation').getByRole('link', { name: 'Giấy tờ của tôi' }).click();
    await heading(`Giấy tờ của ${business.name}`).waitFor();
    await expect(page.locator('#document-list').textContent()).resolves.toContain('Giấy chứng nhận đăng ký doanh nghiệp');
    await check('business-documents');
    await page.getByRole('navigation').getByRole('link', { name: 'Sự đồng ý' }).click();
    await heading(`Sự đồng ý của ${business.name}`).waitFor();
    // The business's own access log, with its chain check; this reading is written into it.
    await page.getByRole('navigation').getByRole('link', { name: 'Ai đã xem giấy tờ' }).click();
    await heading(`Ai đã xem giấy tờ của ${business.name}`).waitFor();
    await page.locator('#chain-verification').waitFor();
    await check('business-access-log');
  });
});
