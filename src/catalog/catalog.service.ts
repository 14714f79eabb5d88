import { createHash } from 'node:crypto';
import { actorOf, type OperatorPrincipal } from '../auth/principal';
import { auditStore } from '../audit/audit.store';
import type { Database } from '../db/database';
import { canonicalJson } from '../documents/canonical';
import { problem } from '../http/problem';
import { foldedKey } from '../names';
import { catalogStore } from './catalog.store';
import type { Procedure, ProcedureFilter, ProcedureInput } from './catalog.types';
import { procedureProblems } from './procedureProblems';

/** The version of a procedure as served: any change to it, its update time included, changes the tag. */
export function procedureVersion(p: Procedure): string {
  return createHash('sha256').update(canonicalJson({ ...p, createdAt: p.createdAt.toISOString(), updatedAt: p.updatedAt.toISOString() })).digest('hex').slice(0, 32);
}

/** Every word of the query, folded, appears in the folded Vietnamese or English name. */
function nameMatcher(q: string): (p: Procedure) => boolean {
  const words = foldedKey(q).split(' ').filter(Boolean);
  return (p) => {
    const names = `${foldedKey(p.nameVi)} ${foldedKey(p.nameEn)}`;
    return words.every((w) => names.includes(w));
  };
}

export function catalogService({ db, clock = () => new Date() }: { db: Database; clock?: () => Date }) {
  const store = catalogStore(db);

  return {
    find: (code: string) => store.find(code),

    /** One page in code order; `next` is the last code of the page when more follow. */
    async list(filter: ProcedureFilter): Promise<{ items: Procedure[]; next?: string }> {
      const { q, limit, ...rest } = filter;
      // The catalogue holds hundreds of procedures, not millions: scanning the filtered rows for a
      // name is cheaper than keeping a folded copy of every name in the table.
      const rows = q ? (await store.list(rest)).filter(nameMatcher(q)).slice(0, limit + 1) : await store.list(rest, limit + 1);
      const items = rows.slice(0, limit);
      return rows.length > limit ? { items, next: items[items.length - 1]!.code } : { items };
    },

    /**
     * Creates or replaces the procedure under `code`. With `ifMatch` (the versions the operator
     * last read, or `*`), it replaces only a procedure still at one of them: two operators editing
     * the same procedure cannot silently undo each other. The write and its audit entry commit together.
     */
    async put(operator: OperatorPrincipal, code: string, input: ProcedureInput, ifMatch: string[] | undefined, requestId: string): Promise<{ procedure: Procedure; created: boolean }> {
      const values = { ...input, code, source: input.source ?? null, active: input.active ?? true };
      const problems = procedureProblems(values);
      if (problems.length) {
        throw problem(422, 'invalid-procedure', 'The procedure breaks the catalogue rules', {
          detail: 'Every document type, role, document field and registry attribute a procedure names must exist; ids and field names must be unique.',
          errors: problems.map((x) => ({ in: 'body', ...x })),
        });
      }
      return db.transaction(async (tx) => {
        const current = await catalogStore(tx).findForUpdate(code);
        if (ifMatch && !(current && (ifMatch.includes('*') || ifMatch.includes(procedureVersion(current))))) {
          throw problem(412, 'precondition-failed', 'The procedure changed since you read it', {
            detail: current ? 'Read it again (GET), apply your change to what is there now, and send its ETag in If-Match.' : 'No procedure has this code: If-Match can only match an existing one; send the PUT without it to create.',
          });
        }
        const result = await catalogStore(tx).upsert({ ...values, updatedAt: clock() });
        await auditStore(tx).append({ at: result.procedure.updatedAt, actor: actorOf(operator), action: 'procedure.put', purpose: code, decision: 'allow', rule: 'role:operator', requestId });
        return result;
      });
    },
  };
}

export type CatalogService = ReturnType<typeof catalogService>;
