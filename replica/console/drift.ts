import type { ReactNode } from 'react';
import type { ConsoleDrift } from '../contract.ts';
import { withLabelVariants } from './markup.ts';

/**
 * The changes the side door asked this console to make to its pages (contract.ts `ConsoleDrift`),
 * read once from the console context before any page renders. With no drift every helper below
 * hands back the page as recorded.
 */
let drift: ConsoleDrift = {};

/** Takes the drift of the signed-in account; called when the console context arrives. */
export function setDrift(next: ConsoleDrift | undefined): void {
  drift = withLabelVariants(next ?? {}); // markup variation label-variants (console/markup.ts)
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
export function columns<Item>(
  definitions: Array<{ id: string; header: string; cell: (item: Item) => ReactNode }>,
): Array<{ id: string; header: string; cell: (item: Item) => ReactNode }> {
  return definitions.filter((c) => !dropped(c.header)).map((c) => ({ ...c, header: label(c.header) }));
}

/** The label of a new required field on the forms the runbooks fill (MFA set-up, Delete access key, Add user details), if the drift adds one. */
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

/** A wizard's footer and step words as the drift renames them (Cloudscape's defaults otherwise). */
export function wizardStrings(submitButton: string) {
  return {
    stepNumberLabel: (n: number) => `Step ${n}`,
    collapsedStepsLabel: (n: number, total: number) => `Step ${n} of ${total}`,
    navigationAriaLabel: 'Steps',
    cancelButton: label('Cancel'),
    previousButton: label('Previous'),
    nextButton: label('Next'),
    submitButton: label(submitButton),
    optional: 'optional',
  };
}

/** Key-value items as the drift shows them: a dropped label left out, the others renamed. */
export function pairs<T extends { label: string }>(items: T[]): T[] {
  return items.filter((i) => !dropped(i.label)).map((i) => ({ ...i, label: label(i.label) }));
}
