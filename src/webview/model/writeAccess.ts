// Whether the dashboard may change what it shows: never in Restricted Mode, never on a team project from a hub
// (those are controlled from the Team section, through the hub, with a control-scope token).
import type { ProjectSnapshot } from '../../core/domain';

export const RESTRICTED = 'Disabled in Restricted Mode: trust this workspace to control sessions and edit the queue';
export const TEAM_READ_ONLY = 'Team project from a hub: read-only here (control it from the Team section of the Projects view)';

/** `canWrite` for the shown projects, and the reason shown on disabled controls. */
export function writeAccess(trusted: boolean, readOnly: readonly string[], shown: readonly ProjectSnapshot[]): { canWrite: boolean; reason: string | null } {
  if (!trusted) return { canWrite: false, reason: RESTRICTED };
  if (shown.some(s => readOnly.includes(s.project.id))) return { canWrite: false, reason: TEAM_READ_ONLY };
  return { canWrite: true, reason: null };
}
