import { DENY_REASONS } from '../consents/decide';
import type { ChainedFields } from './chain';

/**
 * One access-log entry as a sentence the citizen can read, in Vietnamese and in English. Pure: the
 * caller looks up the agency's and the document type's names.
 */
export interface Names {
  agencyName?: string;
  documentTypeVi?: string;
  documentTypeEn?: string;
  /** The legal text behind a `legal_basis:` rule, shown whenever that basis was used. */
  legalReference?: string;
}

type Entry = Pick<ChainedFields, 'at' | 'actor' | 'agencyCode' | 'officialId' | 'action' | 'documentType' | 'documentId' | 'purpose' | 'dossierCode' | 'decision' | 'rule'>;

// What was done, with `{doc}` for the document's name when the action is about one document.
const ACTIONS: Record<string, { vi: string; en: string }> = {
  'document.read': { vi: 'xem {doc}', en: 'viewed {doc}' },
  'document.content': { vi: 'tải nội dung {doc}', en: 'downloaded the content of {doc}' },
  'document.history': { vi: 'xem lịch sử {doc}', en: 'viewed the history of {doc}' },
  'document.release': { vi: 'nhận {doc}', en: 'received {doc}' },
  'document.list': { vi: 'xem danh sách giấy tờ của bạn', en: 'listed your documents' },
  'document.ingest': { vi: 'lưu {doc}', en: 'stored {doc}' },
  'document.revoke': { vi: 'thu hồi {doc}', en: 'revoked {doc}' },
  'subject.read': { vi: 'xem thông tin cá nhân của bạn', en: 'viewed your personal record' },
  'subject.create': { vi: 'tạo hồ sơ cá nhân của bạn', en: 'created your personal record' },
  'subject.update': { vi: 'cập nhật thông tin cá nhân của bạn', en: 'updated your personal record' },
  'prefill.release': { vi: 'dùng lại {doc} để điền sẵn hồ sơ', en: 'reused {doc} to prefill a dossier' },
  'prefill.lookup': { vi: 'kiểm tra giấy tờ của bạn trong kho dữ liệu khi điền sẵn hồ sơ', en: 'checked which of your documents the vault holds, to prefill a dossier' },
  'prefill.registry_read': { vi: 'tra cứu thông tin của bạn trong cơ sở dữ liệu quốc gia để điền sẵn hồ sơ', en: 'looked you up in the national registry to prefill a dossier' },
  'identity.verify': { vi: 'đối chiếu thông tin bạn kê khai với cơ sở dữ liệu quốc gia', en: 'checked what you declared against the national registry' },
  'identity.search': { vi: 'tìm bạn trong bản sao cơ sở dữ liệu quốc gia về dân cư theo thông tin được kê khai', en: 'looked you up in the copy of the national population registry from what was declared' },
  'identity.business_verify': { vi: 'đối chiếu thông tin được kê khai về doanh nghiệp với cơ sở dữ liệu quốc gia về đăng ký doanh nghiệp', en: 'checked what was declared about the business against the national business register' },
  'identity.business_search': { vi: 'tìm doanh nghiệp trong bản sao cơ sở dữ liệu quốc gia về đăng ký doanh nghiệp theo thông tin được kê khai', en: 'looked the business up in the copy of the national business register from what was declared' },
  'dossier.read': { vi: 'xem hồ sơ thủ tục có thông tin của bạn', en: 'viewed a dossier that names you' },
  'consent_request.create': { vi: 'gửi yêu cầu xin bạn đồng ý', en: 'asked for your consent' },
  'consent_request.refuse': { vi: 'từ chối yêu cầu xin đồng ý', en: 'refused a request for your consent' },
  'consent.grant': { vi: 'đồng ý cho cơ quan sử dụng giấy tờ', en: 'gave consent to use documents' },
  'consent.revoke': { vi: 'rút lại sự đồng ý', en: 'withdrew a consent' },
  'consent.dossier_closed': { vi: 'đóng hồ sơ, sự đồng ý dành cho hồ sơ này kết thúc', en: 'closed a dossier, ending the consent given for it' },
  'audit.verify': { vi: 'kiểm tra tính toàn vẹn nhật ký truy cập của bạn', en: 'checked the integrity of your access log' },
  'access_log.read': { vi: 'xem nhật ký truy cập của bạn', en: 'read your access log' },
  'access_log.verify': { vi: 'kiểm tra tính toàn vẹn nhật ký truy cập của bạn', en: 'checked the integrity of your access log' },
};

// Someone acting for the subject, named by the capacity the registry confirmed, never by their ID.
const REPRESENTATIVES: Record<string, { vi: string; en: string }> = {
  'citizen:parent': { vi: 'Cha hoặc mẹ của bạn', en: 'Your parent' },
  'citizen:legal_representative': { vi: 'Người đại diện theo pháp luật', en: 'A legal representative' },
};

const NOT_ISSUER = { vi: 'cơ quan không phải là nơi cấp giấy tờ', en: 'the agency did not issue the document' };

// A prefill refused because what the agency typed did not confirm the person (prefill's IDENTITY_REASONS,
// told to the citizen rather than to the officer).
const IDENTITY_DENY_REASONS: Record<string, { vi: string; en: string }> = {
  identity_id_only: { vi: 'chỉ có số định danh, không có thông tin nào để xác nhận đúng là bạn', en: 'only the ID was given, nothing to confirm it was you' },
  identity_possible: { vi: 'thông tin được kê khai chưa đủ để xác nhận đúng là bạn', en: 'what was typed was not enough to confirm it was you' },
  identity_non_match: { vi: 'thông tin được kê khai không khớp với thông tin của bạn', en: 'what was typed did not fit your record' },
  identity_not_on_record: { vi: 'cơ sở dữ liệu quốc gia không có số định danh này', en: 'the national registry has no record under this number' },
  identity_unavailable: { vi: 'chưa đối chiếu được với cơ sở dữ liệu quốc gia', en: 'the national registry could not be asked to confirm it was you' },
};

function denyReason(code: string): { vi: string; en: string } {
  if (code === 'not_issuer') return NOT_ISSUER;
  const known = (DENY_REASONS as Record<string, { vi: string; en: string } | undefined>)[code] ?? IDENTITY_DENY_REASONS[code];
  if (!known) return { vi: `không đủ căn cứ (${code})`, en: `there was no basis (${code})` };
  return { vi: lowerFirst(known.vi), en: lowerFirst(known.en) };
}

function basis(rule: string, legalReference?: string): { vi: string; en: string } | undefined {
  const kind = rule.split(':')[0];
  switch (kind) {
    case 'consent':
      return { vi: 'theo sự đồng ý của bạn', en: 'with your consent' };
    case 'legal_basis':
      return legalReference
        ? { vi: `theo quy định pháp luật (${legalReference})`, en: `as the law provides (${legalReference})` }
        : { vi: 'theo quy định pháp luật', en: 'as the law provides' };
    case 'issuer':
    case 'issuer-only':
      return { vi: 'là cơ quan cấp giấy tờ', en: 'as the issuing agency' };
    case 'role':
      return { vi: 'theo thẩm quyền được giao', en: 'within its assigned authority' };
    case 'representation':
      return rule === 'representation:parent'
        ? { vi: 'theo quan hệ cha mẹ – con ghi trong cơ sở dữ liệu quốc gia về dân cư', en: 'as the national population registry records the parent' }
        : { vi: 'theo cơ sở dữ liệu quốc gia về đăng ký doanh nghiệp', en: 'as the national business register records the representative' };
    default:
      return undefined;
  }
}

// Procedure codes look like 1.000894 or 2.002154.000.00.00.H56; other purposes are internal words.
const PROCEDURE = /^\d+\.\d{3,}/;

export function vietnamDay(at: Date): string {
  const local = new Date(at.getTime() + 7 * 3_600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(local.getUTCDate())}/${pad(local.getUTCMonth() + 1)}/${local.getUTCFullYear()}`;
}

export function describeEntry(e: Entry, names: Names): { vi: string; en: string } {
  const self = e.actor === 'citizen:self';
  let who: { vi: string; en: string };
  if (self) who = { vi: 'Bạn', en: 'You' };
  else if (REPRESENTATIVES[e.actor]) who = REPRESENTATIVES[e.actor]!;
  else if (e.actor.startsWith('operator:')) who = { vi: 'Cán bộ vận hành Motlan', en: 'A Motlan operator' };
  else {
    const code = e.agencyCode ?? e.actor;
    who = names.agencyName ? { vi: `${names.agencyName} (${code})`, en: `${names.agencyName} (${code})` } : { vi: `Cơ quan ${code}`, en: `Agency ${code}` };
  }
  // The official is named enough to be traced by the agency, not exposed: their ID is personal data too.
  if (e.officialId) {
    const masked = `••••${e.officialId.slice(-4)}`;
    who = { vi: `${who.vi}, cán bộ có số định danh ${masked},`, en: `${who.en}, official with ID ${masked},` };
  }

  const owner = self ? { vi: 'của mình', en: 'your' } : { vi: 'của bạn', en: 'your' };
  const doc = {
    vi: `${names.documentTypeVi ?? (e.documentType ? `giấy tờ loại ${e.documentType}` : 'một giấy tờ')} ${owner.vi}`,
    en: `${owner.en} ${names.documentTypeEn ?? (e.documentType ? `${e.documentType} document` : 'document')}`,
  };
  const template = ACTIONS[e.action] ?? { vi: `truy cập dữ liệu của bạn (${e.action})`, en: `accessed your data (${e.action})` };
  let what = { vi: template.vi.replace('{doc}', doc.vi), en: template.en.replace('{doc}', doc.en) };
  if (self) what = { vi: what.vi.replace('của bạn', 'của mình'), en: what.en };

  const procedure = e.purpose && PROCEDURE.test(e.purpose) ? e.purpose : undefined;
  const forWhat = e.dossierCode
    ? { vi: ` cho hồ sơ ${e.dossierCode}${procedure ? ` (thủ tục ${procedure})` : ''}`, en: ` for dossier ${e.dossierCode}${procedure ? ` (procedure ${procedure})` : ''}` }
    : procedure
      ? { vi: ` cho thủ tục ${procedure}`, en: ` for procedure ${procedure}` }
      : { vi: '', en: '' };
  const day = vietnamDay(e.at);

  if (e.decision === 'deny') {
    const reason = denyReason(e.rule.startsWith('deny:') ? e.rule.slice('deny:'.length) : e.rule);
    return {
      vi: `${who.vi} đã yêu cầu ${what.vi}${forWhat.vi} ngày ${day}, nhưng đã bị từ chối vì ${reason.vi}.`,
      en: `${who.en} asked to access ${stripVerb(what.en)}${forWhat.en} on ${day}, and was refused because ${reason.en}.`,
    };
  }
  const why = self ? undefined : basis(e.rule, names.legalReference);
  return {
    vi: `${who.vi} đã ${what.vi}${forWhat.vi} ngày ${day}${why ? `, ${why.vi}` : ''}.`,
    en: `${who.en} ${what.en}${forWhat.en} on ${day}${why ? `, ${why.en}` : ''}.`,
  };
}

// "viewed your Birth certificate" → "your Birth certificate": a refused request did nothing.
function stripVerb(en: string): string {
  const i = en.indexOf('your');
  return i >= 0 ? en.slice(i) : en;
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLocaleLowerCase('vi') + s.slice(1);
}
