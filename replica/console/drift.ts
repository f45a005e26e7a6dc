import type { ReactNode } from 'react';
import type { ConsoleDrift } from '../contract.ts';

/**
 * The changes the side door asked this console to make to its pages (contract.ts `ConsoleDrift`),
 * read once from the console context before any page renders. With no drift every helper below
 * hands back the page as recorded.
 */
let drift: ConsoleDrift = {};

/** Takes the drift of the signed-in account; called when the console context arrives. */
export function setDrift(next: ConsoleDrift | undefined): void {
  drift = next ?? {};
}

/** A visible text as the page shows it: renamed when the drift renames exactly this text. */
export function label(text: string): string {
  return drift.renameLabel?.find((r) => r.from === text)?.to ?? text;
}

/** True when the drift leaves out the form field (or table column) with this label. */
export function dropped(fieldLabel: string): boolean {
  return drift.dropField === fieldLabel;
}

/** Table columns as the drift shows them: a dropped column left out, the others' headers renamed. */
export function columns<Item>(definitions: Array<{ id: string; header: string; cell: (item: Item) => ReactNode }>): Array<{ id: string; header: string; cell: (item: Item) => ReactNode }> {
  return definitions.filter((c) => !dropped(c.header)).map((c) => ({ ...c, header: label(c.header) }));
}

/** The label of a new required field on the forms the runbooks fill (MFA set-up, Delete access key), if the drift adds one. */
export function extraRequiredField(): string | undefined {
  return drift.addRequiredField;
}

/** True when the drift lists the wizard's steps the other way round. */
export function wizardStepsReversed(): boolean {
  return drift.reorderWizardSteps === true;
}

/** Why the extra required field is refused, or null when it has a value. */
export function extraFieldError(value: string): string | null {
  const field = extraRequiredField();
  return field && value.trim() === '' ? `Enter a value for ${field}.` : null;
}
