export type SubjectKind = 'citizen' | 'business';
export type AliasKind = 'old_id_card' | 'previous_citizen_id' | 'previous_tax_code';

export interface SubjectAlias {
  kind: AliasKind;
  value: string;
  validFrom: string | null;
  validUntil: string | null;
}

export interface Subject {
  id: string;
  kind: SubjectKind;
  nationalId: string;
  name: string;
  birthDate: string | null;
  sex: 'male' | 'female' | null;
  registry: { source: string; at: Date; snapshot: Record<string, unknown> } | null;
  aliases: SubjectAlias[];
  createdAt: Date;
  updatedAt: Date;
}

/** How a caller named a subject: its own key, or an alias such as the old 9-digit ID card. */
export type SubjectKey = { kind: SubjectKind; nationalId: string } | { kind: 'alias'; aliasKind: AliasKind; value: string };

export interface SubjectRegistration {
  kind: SubjectKind;
  nationalId: string;
  name: string;
  birthDate?: string;
  sex?: 'male' | 'female';
  registry?: { source: string; at: Date; snapshot: Record<string, unknown> };
  aliases: SubjectAlias[];
}

/** A subject as an import line resolves it: which one, and of what kind. */
export type SubjectRef = Pick<Subject, 'id' | 'kind' | 'nationalId'>;
