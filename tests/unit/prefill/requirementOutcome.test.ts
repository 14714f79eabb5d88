import type { Requirement } from '../../../src/catalog/catalog.types';
import { chooseDocument, type HeldDocument } from '../../../src/prefill/requirementOutcome';

const TODAY = '2026-11-27';
const requirement: Requirement = { id: 'marital-status-applicant', nameVi: 'Giấy xác nhận tình trạng hôn nhân', nameEn: 'Marital-status confirmation', anyOf: ['marital-status-confirmation'], subject: 'applicant', documentRole: 'holder' };
const doc = (id: string, overrides: Partial<HeldDocument> = {}): HeldDocument => ({
  id, type: 'marital-status-confirmation', status: 'active', issueDate: '2026-10-01', validFrom: '2026-10-01', validUntil: '2027-04-01', replacedById: null, ...overrides,
});

describe('choosing the document that serves a requirement', () => {
  it('when several active ones serve today, then the newest is offered', () => {
    const choice = chooseDocument([doc('old', { issueDate: '2026-06-01', validFrom: '2026-06-01' }), doc('new')], requirement, TODAY);
    expect(choice).toMatchObject({ kind: 'candidate', document: { id: 'new' } });
  });

  it('when the newest is expired but an older one still serves, then the older one is offered', () => {
    const choice = chooseDocument([doc('expired', { issueDate: '2026-11-01', validUntil: '2026-11-20' }), doc('valid')], requirement, TODAY);
    expect(choice).toMatchObject({ kind: 'candidate', document: { id: 'valid' } });
  });

  it('when only an expired one is held, then expired, naming it', () => {
    expect(chooseDocument([doc('a', { validUntil: '2026-11-26' })], requirement, TODAY)).toMatchObject({ outcome: 'expired', reason: { code: 'expired' }, document: { id: 'a' } });
  });

  it('when the procedure accepts documents up to an age, then an older one is expired for it (too_old)', () => {
    const choice = chooseDocument([doc('a', { issueDate: '2026-01-01', validFrom: '2026-01-01', validUntil: null })], { ...requirement, maxAgeDays: 180 }, TODAY);
    expect(choice).toMatchObject({ outcome: 'expired', reason: { code: 'too_old' } });
    expect(chooseDocument([doc('a', { validUntil: null })], { ...requirement, maxAgeDays: 180 }, TODAY)).toMatchObject({ kind: 'candidate' });
  });

  it('when a document is not valid yet, then it does not serve today', () => {
    expect(chooseDocument([doc('a', { validFrom: '2026-12-01' })], requirement, TODAY)).toMatchObject({ outcome: 'expired', reason: { code: 'not_yet_valid' } });
  });

  it('when only a revoked one is held, then revoked; superseded and corrected versions never serve', () => {
    expect(chooseDocument([doc('r', { status: 'revoked' })], requirement, TODAY)).toMatchObject({ outcome: 'revoked', document: { id: 'r' } });
    expect(chooseDocument([doc('s', { status: 'superseded', replacedById: 'n' })], requirement, TODAY)).toMatchObject({ outcome: 'not_held', document: null });
    expect(chooseDocument([doc('c', { status: 'corrected' }), doc('r', { status: 'revoked' })], requirement, TODAY)).toMatchObject({ outcome: 'revoked' });
  });

  it('when an active but expired one and a revoked one are held, then expired wins: the applicant should renew, not dispute', () => {
    expect(chooseDocument([doc('r', { status: 'revoked' }), doc('e', { validUntil: '2026-11-01' })], requirement, TODAY)).toMatchObject({ outcome: 'expired', document: { id: 'e' } });
  });

  it('when nothing is held, then not_held', () => {
    expect(chooseDocument([], requirement, TODAY)).toMatchObject({ outcome: 'not_held', reason: { code: 'not_held' } });
  });
});
