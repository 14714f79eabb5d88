// Every feature's tables, in one place for drizzle-kit and for typed relational queries.
export * from '../subjects/subjects.tables';
export * from '../audit/audit.tables';
export * from '../agencies/agencies.tables';
export * from '../documents/documents.tables';
export * from '../contents/contents.tables';
export * from '../matching/matching.tables';
export * from '../matching/businessMirror.tables';
export * from '../consents/consents.tables';
export * from '../catalog/catalog.tables';
export * from '../prefill/prefill.tables';
export * from '../dossiers/dossiers.tables';
export * from '../webhooks/webhooks.tables';
export * from '../keys/signingKeys.tables';
export * from '../limits/limits.tables';
export * from '../revocations/revocations.tables';
export * from '../portal/portalSessions.tables';
