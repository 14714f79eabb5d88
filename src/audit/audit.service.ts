import type { AgencyStore } from '../agencies/agencies.store';
import type { ConsentStore } from '../consents/consents.store';
import type { ActingAs } from '../consents/representation';
import { actorOf, type Principal } from '../auth/principal';
import type { Database } from '../db/database';
import { documentTypeOf } from '../documents/types/documentTypes';
import type { SubjectService } from '../subjects/subjects.service';
import type { Subject, SubjectKey } from '../subjects/subjects.types';
import { describeEntry } from './accessLogText';
import { auditStore, type AccessLogFilter, type StoredAuditEntry } from './audit.store';
import { chainKeyOf, GENESIS_HASH, verifyChain, type Verification } from './chain';

export interface AuditDeps {
  db: Database;
  /** Where the access-log pages are read: a replica's read-only handle, or absent for db (docs/scaling.md). */
  readDb?: Database;
  subjects: Pick<SubjectService, 'find'>;
  agencies: Pick<AgencyStore, 'find'>;
  legalBases: Pick<ConsentStore, 'findLegalBasis'>;
  clock?: () => Date;
}

export interface AccessLogQuery {
  agencyCode?: string;
  documentType?: string;
  /** Dates in Vietnam (UTC+7), both inclusive. */
  from?: string;
  to?: string;
  beforeSeq?: number;
  limit: number;
}

export interface AccessLogItem {
  entry: StoredAuditEntry;
  agencyName: string | null;
  documentTypeName: { vi: string; en: string } | null;
  description: { vi: string; en: string };
}

/** Who reads a log: the subject themself, or a parent or legal representative acting for them. */
export interface Reader {
  actingAs: ActingAs;
  requestId: string;
}

export class NoRecordError extends Error {
  override name = 'NoRecordError';
}

const VN_OFFSET_MS = 7 * 3_600_000;
const startOfVietnamDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) - VN_OFFSET_MS);

export function auditService(deps: AuditDeps) {
  const store = auditStore(deps.db, deps.clock);
  // Pages only: a page a few milliseconds behind the primary is still the log as it was. Chain
  // verification and every append stay on the primary, which holds the heads.
  const pages = deps.readDb ? auditStore(deps.readDb, deps.clock) : store;

  const subjectOf = async (key: SubjectKey): Promise<Subject> => {
    const subject = await deps.subjects.find(key);
    if (!subject) throw new NoRecordError('No subject under this key');
    return subject;
  };

  const verify = async (subjectId: string): Promise<Verification> => {
    const { entries, head } = await store.chain(chainKeyOf(subjectId));
    // No head yet: nothing was ever appended, and entries (if any) were written around the store.
    return verifyChain(entries, head ?? { seq: 0, lastHash: GENESIS_HASH });
  };

  const logRepresentative = async (subject: Subject, reader: Reader, action: string): Promise<void> => {
    if (reader.actingAs === 'self') return;
    // The actor says in what capacity, never who: the acting citizen's ID is personal data too.
    await store.append({ actor: `citizen:${reader.actingAs}`, action, subjectId: subject.id, decision: 'allow', rule: `representation:${reader.actingAs}`, requestId: reader.requestId });
  };

  return {
    /**
     * A subject's log, newest first, read by the subject or by whoever acts for them. The subject's
     * own reading is not logged (it would only log itself); a parent's or representative's is,
     * after the page is read, so the subject sees who read their log.
     */
    async accessLog(subject: Subject, query: AccessLogQuery, reader: Reader): Promise<{ items: AccessLogItem[]; nextSeq: number | undefined }> {
      const filter: AccessLogFilter = {
        agencyCode: query.agencyCode,
        documentType: query.documentType,
        from: query.from ? startOfVietnamDay(query.from) : undefined,
        until: query.to ? new Date(startOfVietnamDay(query.to).getTime() + 24 * 3_600_000) : undefined,
        beforeSeq: query.beforeSeq,
        limit: query.limit + 1,
      };
      const rows = await pages.page(subject.id, filter);
      const page = rows.slice(0, query.limit);
      const names = new Map<string, Promise<string | null>>();
      const agencyName = (code: string) => {
        let name = names.get(code);
        if (!name) names.set(code, (name = deps.agencies.find(code).then((a) => a?.name ?? null)));
        return name;
      };
      const items = await Promise.all(
        page.map(async (entry): Promise<AccessLogItem> => {
          const name = entry.agencyCode ? await agencyName(entry.agencyCode) : null;
          const type = entry.documentType ? documentTypeOf(entry.documentType) : undefined;
          const legalReference = entry.rule.startsWith('legal_basis:') ? (await deps.legalBases.findLegalBasis(entry.rule.slice('legal_basis:'.length)))?.reference : undefined;
          return {
            entry,
            agencyName: name,
            documentTypeName: type ? { vi: type.nameVi, en: type.nameEn } : null,
            description: describeEntry(entry, { agencyName: name ?? undefined, documentTypeVi: type?.nameVi, documentTypeEn: type?.nameEn, legalReference }),
          };
        }),
      );
      await logRepresentative(subject, reader, 'access_log.read');
      return { items, nextSeq: rows.length > query.limit ? page[page.length - 1]!.seq : undefined };
    },

    async verifyFor(subject: Subject, reader: Reader): Promise<Verification> {
      const result = await verify(subject.id);
      await logRepresentative(subject, reader, 'access_log.verify');
      return result;
    },

    /** An operator's audit of one subject's chain; the check is itself logged, after it ran. */
    async verifySubject(key: SubjectKey, ctx: { principal: Principal; requestId: string }): Promise<Verification> {
      const subject = await subjectOf(key);
      const result = await verify(subject.id);
      await store.append({ actor: actorOf(ctx.principal), action: 'audit.verify', subjectId: subject.id, purpose: 'audit', decision: 'allow', rule: 'role:operator', requestId: ctx.requestId });
      return result;
    },
  };
}
export type AuditService = ReturnType<typeof auditService>;
