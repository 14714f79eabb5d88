/** Roles an agency client can hold; a route names the ones it needs. */
export const AGENCY_ROLES = [
  'documents:write',
  'documents:read',
  'prefill',
  'identity',
  'subjects:read',
  'consents:request',
  'reports:read',
] as const;
export type AgencyRole = (typeof AGENCY_ROLES)[number];

export interface AgencyPrincipal {
  kind: 'agency';
  /** The OAuth client (one-stop system, issuer system) acting for the agency. */
  clientId: string;
  /** Electronic agency code (Decision 20/2020/QĐ-TTg), e.g. 000.00.00.H56. */
  agencyCode: string;
  roles: AgencyRole[];
  /** The official at the counter, when the client passes it; recorded in the access log. */
  officialId?: string;
}

export interface CitizenPrincipal {
  kind: 'citizen';
  /** 12-digit personal identification number as the identity provider asserts it. */
  citizenId: string;
  /** Electronic identity level (Decree 69/2024): 2 is verified in person. */
  identityLevel: 1 | 2;
}

export interface OperatorPrincipal {
  kind: 'operator';
  operatorId: string;
}

export type Principal = AgencyPrincipal | CitizenPrincipal | OperatorPrincipal;

/** What the access log and problem details call the caller; never a raw citizen ID. */
export function actorOf(p: Principal): string {
  switch (p.kind) {
    case 'agency':
      return `agency:${p.agencyCode}/${p.clientId}`;
    case 'citizen':
      return 'citizen:self';
    case 'operator':
      return `operator:${p.operatorId}`;
  }
}
