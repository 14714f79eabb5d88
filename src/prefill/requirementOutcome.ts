import type { Requirement } from '../catalog/catalog.types';
import type { StoredStatus } from '../documents/documents.types';

/** What the vault holds for one requirement and subject: every version naming the subject in the role. */
export interface HeldDocument {
  id: string;
  type: string;
  status: StoredStatus;
  issueDate: string;
  validFrom: string;
  validUntil: string | null;
  replacedById: string | null;
}

export type Reason = { code: string; vi: string; en: string };

export type Candidate<D extends HeldDocument> = { kind: 'candidate'; document: D } | { kind: 'outcome'; outcome: 'expired' | 'revoked' | 'not_held'; reason: Reason; document: D | null };

export const REASONS = {
  not_held: { code: 'not_held', vi: 'Kho dữ liệu chưa có giấy tờ này của người nộp.', en: 'The vault holds no such document for this person.' },
  subject_unknown: { code: 'subject_unknown', vi: 'Motlan chưa có hồ sơ của người này.', en: 'Motlan holds no record of this person yet.' },
  expired: { code: 'expired', vi: 'Giấy tờ đã hết hiệu lực.', en: 'The document is no longer valid.' },
  too_old: { code: 'too_old', vi: 'Giấy tờ được cấp quá lâu so với yêu cầu của thủ tục.', en: 'The document was issued longer ago than the procedure accepts.' },
  not_yet_valid: { code: 'not_yet_valid', vi: 'Giấy tờ chưa có hiệu lực.', en: 'The document is not valid yet.' },
  revoked: { code: 'revoked', vi: 'Giấy tờ đã bị thu hồi.', en: 'The document was revoked.' },
  condition_not_met: { code: 'condition_not_met', vi: 'Thủ tục không yêu cầu giấy tờ này trong trường hợp của người nộp.', en: "The procedure does not need this document in the applicant's case." },
  released: { code: 'released', vi: 'Giấy tờ được dùng lại, không cần nộp lại.', en: 'The document is reused; the applicant need not bring it.' },
} satisfies Record<string, Reason>;

/**
 * Why nothing is released for a person whose identity the prefill did not confirm, by the identity
 * decision. The reason says what the officer can do; it never says what the vault or registry holds.
 */
export const IDENTITY_REASONS = {
  found: { code: 'identity_id_only', vi: 'Chỉ có số định danh: cần kê khai họ tên (và ngày sinh) để xác nhận đúng người.', en: 'Only the ID was given: type the full name (and birth date) to confirm who this is.' },
  possible: { code: 'identity_possible', vi: 'Thông tin kê khai gần khớp nhưng chưa đủ để xác nhận đúng người; kiểm tra lại họ tên, ngày sinh.', en: 'What was typed nearly fits, but not enough to confirm the person; check the name and birth date.' },
  non_match: { code: 'identity_non_match', vi: 'Thông tin kê khai không khớp với người mang số định danh này.', en: 'What was typed does not fit the holder of this ID.' },
  not_found: { code: 'identity_not_on_record', vi: 'Cơ sở dữ liệu quốc gia không có số định danh này.', en: 'The national registry has no record under this number.' },
  unavailable: { code: 'identity_unavailable', vi: 'Chưa đối chiếu được với cơ sở dữ liệu quốc gia (tạm thời không trả lời).', en: 'The person could not be checked: the national registry is not answering.' },
} satisfies Record<string, Reason>;

const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

/** Why a held, active document does not serve today: expired, not yet valid, or older than the procedure accepts. */
function unusable(d: HeldDocument, requirement: Requirement, today: string): Reason | null {
  if (d.validUntil !== null && d.validUntil < today) return REASONS.expired;
  if (d.validFrom > today) return REASONS.not_yet_valid;
  if (requirement.maxAgeDays !== undefined && daysBetween(d.issueDate, today) > requirement.maxAgeDays) return REASONS.too_old;
  return null;
}

const newestFirst = (a: HeldDocument, b: HeldDocument) => (a.issueDate < b.issueDate ? 1 : a.issueDate > b.issueDate ? -1 : 0);

/**
 * The document to offer for a requirement, or why none can be: the newest active one that serves
 * today wins; otherwise an expired one says `expired`, a revoked one `revoked`, nothing `not_held`.
 * Superseded and corrected versions never serve: their successor is held under the same subject.
 */
export function chooseDocument<D extends HeldDocument>(held: readonly D[], requirement: Requirement, today: string): Candidate<D> {
  const active = held.filter((d) => d.status === 'active').sort(newestFirst);
  const usable = active.find((d) => !unusable(d, requirement, today));
  if (usable) return { kind: 'candidate', document: usable };
  if (active[0]) return { kind: 'outcome', outcome: 'expired', reason: unusable(active[0], requirement, today)!, document: active[0] };
  const revoked = held.filter((d) => d.status === 'revoked').sort(newestFirst)[0];
  if (revoked) return { kind: 'outcome', outcome: 'revoked', reason: REASONS.revoked, document: revoked };
  return { kind: 'outcome', outcome: 'not_held', reason: REASONS.not_held, document: null };
}
