import os from 'node:os';
import path from 'node:path';

/** One id per `jest` run, shared by its workers through the environment. */
export function runId(): string {
  return (process.env.MOTLAN_TEST_RUN ??= `${process.pid}_${Date.now().toString(36)}`);
}

export const pgliteTemplateFile = () => path.join(os.tmpdir(), `motlan-test-${runId()}.tar`);
export const postgresTemplateName = () => `motlan_tpl_${runId()}`;

export function adminUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set');
  return url;
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
