import { Router, type Request, type Response } from 'express';
import { authorize } from '../auth/authenticate';
import { methodNotAllowed } from '../http/errorHandler';
import { forbidden, validationFailed } from '../http/problem';
import { validateQuery } from '../http/validate';
import { toCsv, type CsvCell } from './csv';
import type { ReuseDimension } from './reports.store';
import { addMonths, type DigitisationReport, type ReportScope, type ReportService, type ReuseReport } from './reports.service';

/** Operators see every agency (or the one they name); an agency client only its own rows. */
function scopeOf(req: Request): ReportScope {
  const asked = (req.query as { agency?: string }).agency;
  const p = req.principal!;
  if (p.kind !== 'agency') return { agencyCode: asked };
  if (asked && asked !== p.agencyCode) throw forbidden(`An agency client reads only its own agency's figures (${p.agencyCode}).`);
  return { agencyCode: p.agencyCode };
}

function wantsCsv(req: Request): boolean {
  const format = (req.query as { format?: 'json' | 'csv' }).format;
  if (format) return format === 'csv';
  return req.accepts(['application/json', 'text/csv']) === 'text/csv';
}

function sendCsv(res: Response, filename: string, csv: string): void {
  res.setHeader('Content-Type', 'text/csv; charset=utf-8; header=present');
  res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  res.send(csv);
}

export function reportRoutes({ service }: { service: ReportService }): Router {
  const router = Router();
  const readers = authorize({ agency: ['reports:read'], operator: true });

  router
    .route('/reports/reuse')
    .get(readers, validateQuery('reports/reuse-query'), async (req, res) => {
      const q = req.query as { from?: string; to?: string; groupBy: string };
      const to = q.to ?? service.currentMonth();
      const from = q.from ?? addMonths(to, -11);
      // YYYY-MM strings order like the months they name.
      if (from > to) throw validationFailed([{ in: 'query', pointer: q.to ? '/to' : '/from', rule: 'month_range.order', message: q.to ? 'must not be before from' : 'must not be after the current month when to is left out', messageVi: 'Tháng kết thúc trước tháng bắt đầu' }]);
      const groupBy = [...new Set(q.groupBy.split(','))] as ReuseDimension[];
      const report = await service.reuse(scopeOf(req), { from, to, groupBy });
      res.vary('Accept');
      if (wantsCsv(req)) sendCsv(res, `motlan-reuse-${from}_${to}.csv`, reuseCsv(report));
      else res.json(report);
    })
    .all(methodNotAllowed);

  router
    .route('/reports/digitisation')
    .get(readers, validateQuery('reports/digitisation-query'), async (req, res) => {
      const year = (req.query as { year?: number }).year ?? Number(service.currentMonth().slice(0, 4));
      const report = await service.digitisation(scopeOf(req), year);
      res.vary('Accept');
      if (wantsCsv(req)) sendCsv(res, `motlan-digitisation-${year}.csv`, digitisationCsv(report));
      else res.json(report);
    })
    .all(methodNotAllowed);

  return router;
}

const DIMENSION_COLUMNS: Record<ReuseDimension, Array<keyof ReuseReport['items'][number]>> = {
  agency: ['agencyCode', 'agencyName'],
  level: ['level'],
  procedure: ['procedureCode', 'procedureNameVi'],
  month: ['month'],
};
const REUSE_FIGURES = ['dossiers', 'requiredDocuments', 'satisfiedWithoutAsking', 'reuseSharePercent', 'notAskedAgain', 'notAskedAgainSharePercent', 'notAskedAgainTargetMet'] as const;

/** One line per group, the JSON's names as the header; the total is in the JSON only. */
export function reuseCsv(report: ReuseReport): string {
  const columns = [...report.groupBy.flatMap((d) => DIMENSION_COLUMNS[d]), ...REUSE_FIGURES];
  return toCsv(columns, report.items.map((item) => columns.map((c) => item[c] as CsvCell)));
}

const DIGITISATION_COLUMNS = ['level', 'resolved', 'digitised', 'sharePercent', 'targetPercent', 'targetMet'] as const;

export function digitisationCsv(report: DigitisationReport): string {
  return toCsv([...DIGITISATION_COLUMNS], report.items.map((item) => DIGITISATION_COLUMNS.map((c) => item[c])));
}
