import { Router } from 'express';
import { authorize, principalOf } from '../auth/authenticate';
import { parseCitizenId, parseOldIdCard, parseTaxCode, type IdError, type IdResult } from '../ids';
import { methodNotAllowed } from '../http/errorHandler';
import { notFound, problem, validationFailed, type InvalidParam } from '../http/problem';
import { validateBody } from '../http/validate';
import { subjectKeyFrom } from './subjectKey';
import { AliasTakenError } from './subjects.store';
import { registryProblem } from '../http/registryProblem';
import { InconsistentSubjectError, RegistryNotConfiguredError, type SubjectService } from './subjects.service';
import type { AliasKind, Subject, SubjectAlias, SubjectKey, SubjectRegistration } from './subjects.types';

export function subjectRoutes({ service }: { service: SubjectService }): Router {
  const router = Router();

  router
    .route('/subjects/:id')
    .get(authorize({ agency: ['subjects:read'], operator: true }), async (req, res) => {
      const key = keyFromPath(req.params.id!);
      const subject = await service.read(key, { principal: req.principal!, requestId: req.id, purpose: 'subject-lookup' });
      if (!subject) throw notFound('Subject', 'Motlan holds no citizen or business under this number.');
      res.json(toBody(subject));
    })
    .put(authorize({ operator: true }), validateBody('subjects/subject-registration'), async (req, res) => {
      const key = keyFromPath(req.params.id!);
      if (key.kind === 'alias') {
        throw validationFailed([pathParam('national_id.alias_not_a_key', 'An old ID card number is an alias: register the person under the 12-digit ID and list it in aliases.', 'Số CMND cũ chỉ là số phụ: hãy đăng ký theo số định danh 12 chữ số.')]);
      }
      const registration = toRegistration(key, req.body);
      try {
        const { subject, created } = await service.register(registration, { principal: req.principal!, requestId: req.id });
        res.status(created ? 201 : 200).json(toBody(subject));
      } catch (error) {
        if (error instanceof InconsistentSubjectError) {
          throw problem(422, 'inconsistent-with-id', 'The record contradicts its personal ID', {
            detail: 'The ID number encodes the century, year of birth and sex; the record must agree with it.',
            errors: error.mismatches.map((m) => ({
              in: 'body',
              pointer: m.code === 'sex' ? '/sex' : '/birthDate',
              rule: `citizen_id.${m.code}`,
              message: m.message.en,
              messageVi: m.message.vi,
            })),
          });
        }
        if (error instanceof AliasTakenError) {
          throw problem(409, 'alias-taken', 'Alias already in use', { detail: `This ${error.alias.kind} already names another subject.` });
        }
        throw error;
      }
    })
    .all(methodNotAllowed);

  router
    .route('/subjects/:id/refresh')
    .post(authorize({ agency: ['subjects:read'], operator: true }), async (req, res) => {
      const key = keyFromPath(req.params.id!);
      const known = key.kind === 'alias' ? await service.find(key) : undefined;
      if (key.kind === 'alias' && !known) throw notFound('Subject', 'The registries are keyed on the 12-digit ID or the tax code; no stored subject has this alias.');
      const registryKey = known ? { kind: known.kind, nationalId: known.nationalId } : (key as Exclude<SubjectKey, { kind: 'alias' }>);
      let refreshed;
      try {
        refreshed = await service.refreshFromRegistry(registryKey, { principal: req.principal!, requestId: req.id });
      } catch (error) {
        throw refreshProblem(error);
      }
      if (!refreshed) throw notFound('Subject', `The ${registryKey.kind === 'citizen' ? 'population' : 'business'} registry has no record under this number.`);
      res.status(refreshed.created ? 201 : 200).json({
        ...toBody(refreshed.subject),
        freshness: { ...refreshed.freshness, fetchedAt: refreshed.freshness.fetchedAt.toISOString() },
      });
    })
    .all(methodNotAllowed);

  router
    .route('/me')
    .get(authorize({ citizen: true }), async (req, res) => {
      const citizen = principalOf(req.principal, 'citizen')!;
      const subject = await service.read({ kind: 'citizen', nationalId: citizen.citizenId }, { principal: citizen, requestId: req.id, purpose: 'self' });
      if (!subject) throw notFound('Subject', 'Motlan holds no record of you yet: nothing has been stored under your ID.');
      res.json(toBody(subject));
    })
    .all(methodNotAllowed);

  return router;
}

function refreshProblem(error: unknown): unknown {
  if (error instanceof RegistryNotConfiguredError) {
    return problem(503, 'registry-not-configured', 'Registry not configured', { detail: `This Motlan has no ${error.registry} registry configured.` });
  }
  if (error instanceof InconsistentSubjectError) {
    return problem(502, 'registry-answer-invalid', 'Registry answer invalid', { detail: 'The registry record contradicts the digits of its own ID; nothing was stored.' });
  }
  return registryProblem(error);
}

function pathParam(rule: string, message: string, messageVi: string): InvalidParam {
  return { in: 'path', pointer: '/id', rule, message, messageVi };
}

function fromIdError(error: IdError, where: Pick<InvalidParam, 'in' | 'pointer'>, family: string): InvalidParam {
  return { ...where, rule: `${family}.${error.code}`, message: error.message.en, messageVi: error.message.vi };
}

function keyFromPath(id: string): SubjectKey {
  const parsed = subjectKeyFrom(id);
  if (!parsed.ok) throw validationFailed([fromIdError(parsed.error, { in: 'path', pointer: '/id' }, 'national_id')]);
  return parsed.value;
}

const ALIAS_PARSERS: Record<AliasKind, (value: string) => IdResult<unknown>> = {
  old_id_card: parseOldIdCard,
  previous_citizen_id: (v) => parseCitizenId(v),
  previous_tax_code: parseTaxCode,
};

interface RegistrationBody {
  name: string;
  birthDate?: string;
  sex?: 'male' | 'female';
  registry?: { source: string; at: string; snapshot: Record<string, unknown> };
  aliases?: Array<{ kind: AliasKind; value: string; validFrom?: string | null; validUntil?: string | null }>;
}

function toRegistration(key: Exclude<SubjectKey, { kind: 'alias' }>, body: RegistrationBody): SubjectRegistration {
  const errors: InvalidParam[] = [];
  if (key.kind === 'business') {
    for (const field of ['birthDate', 'sex'] as const) {
      if (body[field] !== undefined) errors.push({ in: 'body', pointer: `/${field}`, rule: 'citizen_only', message: `${field} applies to citizens, not businesses` });
    }
  }
  const aliases: SubjectAlias[] = (body.aliases ?? []).map((alias, i) => {
    const parsed = ALIAS_PARSERS[alias.kind](alias.value);
    if (!parsed.ok) errors.push(fromIdError(parsed.error, { in: 'body', pointer: `/aliases/${i}/value` }, alias.kind));
    return { kind: alias.kind, value: alias.value, validFrom: alias.validFrom ?? null, validUntil: alias.validUntil ?? null };
  });
  if (errors.length) throw validationFailed(errors);
  return {
    kind: key.kind,
    nationalId: key.nationalId,
    name: body.name,
    ...(body.birthDate ? { birthDate: body.birthDate } : {}),
    ...(body.sex ? { sex: body.sex } : {}),
    ...(body.registry ? { registry: { ...body.registry, at: new Date(body.registry.at) } } : {}),
    aliases,
  };
}

function toBody(s: Subject) {
  return {
    id: s.id,
    kind: s.kind,
    nationalId: s.nationalId,
    name: s.name,
    birthDate: s.birthDate,
    sex: s.sex,
    aliases: s.aliases,
    registry: s.registry ? { ...s.registry, at: s.registry.at.toISOString() } : null,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}
