import { lang, t } from './i18n.js';

const VIETNAM_OFFSET_MS = 7 * 3_600_000;
const pad = (n) => String(n).padStart(2, '0');

/** "2025-03-14" → "14/03/2025"; a year alone stays a year. */
export function formatDate(value) {
  if (!value) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!m) return value;
  if (value.length > 10) return formatDay(new Date(value));
  return `${m[3]}/${m[2]}/${m[1]}`;
}

/** A moment as the day in Vietnam (UTC+7), whatever the phone's time zone. */
export function formatDay(date) {
  const local = new Date(date.getTime() + VIETNAM_OFFSET_MS);
  return `${pad(local.getUTCDate())}/${pad(local.getUTCMonth() + 1)}/${local.getUTCFullYear()}`;
}

export function formatTime(date) {
  const local = new Date(date.getTime() + VIETNAM_OFFSET_MS);
  return `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`;
}

export function formatDateTime(iso) {
  const date = new Date(iso);
  return lang() === 'vi' ? `${formatDay(date)}, lúc ${formatTime(date)}` : `${formatDay(date)} at ${formatTime(date)}`;
}

/** "31/12/2026" → the last moment of that day in Vietnam, or null when it is not a real date. */
export function parseDayInput(text) {
  const m = /^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$/.exec(text || '');
  if (!m) return null;
  const [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const utc = new Date(Date.UTC(year, month - 1, day));
  if (utc.getUTCMonth() !== month - 1 || utc.getUTCDate() !== day) return null;
  return new Date(Date.UTC(year, month - 1, day, 23, 59, 59) - VIETNAM_OFFSET_MS);
}

export function formatSize(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A list in words: "A, B và C" / "A, B and C". */
export function listOf(items) {
  const and = lang() === 'vi' ? ' và ' : ' and ';
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')}${and}${items[items.length - 1]}`;
}

export function mediaLabel(mediaType) {
  return { 'application/pdf': 'PDF', 'image/png': 'PNG', 'image/jpeg': 'JPEG', 'application/xml': 'XML', 'application/json': 'JSON' }[mediaType] || mediaType;
}

export function fileExtension(mediaType) {
  return { 'application/pdf': 'pdf', 'image/png': 'png', 'image/jpeg': 'jpg', 'application/xml': 'xml', 'application/json': 'json' }[mediaType] || 'bin';
}

export { t };
