/**
 * Dossier codes begin with the code of the agency that received the dossier (domain.md §3): an
 * agency prefills, reads for, closes and reports on its own dossiers only.
 */
export function ownsDossier(agencyCode: string, dossierCode: string): boolean {
  return dossierCode.startsWith(`${agencyCode}-`);
}
