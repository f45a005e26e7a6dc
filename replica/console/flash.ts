import { useSyncExternalStore } from 'react';
import type { FlashbarProps } from '@cloudscape-design/components/flashbar';

/** One notification in the page's Flashbar. Never put a secret in one: pending ones go to sessionStorage. */
export interface Flash {
  type: 'success' | 'error' | 'info' | 'warning';
  header?: string;
  content: string;
}

const PENDING_KEY = 'replica.console.pendingFlashes';
let flashes: ReadonlyArray<Flash & { id: string }> = [];
let nextId = 1;
const listeners = new Set<() => void>();

function set(next: ReadonlyArray<Flash & { id: string }>): void {
  flashes = next;
  for (const listener of listeners) listener();
}

/** Shows a flash on the current page, replacing the previous ones: the console shows the latest outcome. */
export function showFlash(flash: Flash): void {
  set([{ ...flash, id: `flash-${nextId++}` }]);
}

/** Shows an info flash for a control the replica does not implement. */
export function notReplicated(): void {
  showFlash({ type: 'info', content: 'Not replicated' });
}

/** Keeps a flash for the next page: it survives the hash navigation (and a reload) in sessionStorage. */
export function queueFlash(flash: Flash): void {
  const pending = readPending();
  sessionStorage.setItem(PENDING_KEY, JSON.stringify([...pending, flash]));
}

function readPending(): Flash[] {
  const raw = sessionStorage.getItem(PENDING_KEY);
  if (!raw) return [];
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) ? (parsed as Flash[]) : [];
  } catch {
    return []; // written by an older bundle: nothing worth showing
  }
}

let currentPage: string | null = null;

/** On arriving at a page: drops the previous page's flashes and shows the queued ones (idempotent per page). */
export function startPageFlashes(pageKey: string): void {
  const pending = readPending().map((flash) => ({ ...flash, id: `flash-${nextId++}` }));
  sessionStorage.removeItem(PENDING_KEY);
  set(pageKey === currentPage ? [...flashes, ...pending] : pending);
  currentPage = pageKey;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The flashes as Flashbar items, each with a "Dismiss" button. */
export function useFlashItems(): FlashbarProps.MessageDefinition[] {
  const current = useSyncExternalStore(subscribe, () => flashes);
  return current.map(({ id, type, header, content }) => ({
    id,
    type,
    header,
    content,
    dismissible: true,
    dismissLabel: 'Dismiss',
    onDismiss: () => set(flashes.filter((f) => f.id !== id)),
  }));
}
