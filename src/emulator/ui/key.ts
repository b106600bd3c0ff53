/**
 * The API key of this tab: taken from the address's fragment (`#key=...`,
 * which browsers never send to a server), kept in sessionStorage (this tab
 * only, gone when it closes), and removed from the address bar at once.
 */

const STORAGE_KEY = 'connect-signals-emulator-key';

/** Moves a `#key=` from the address into sessionStorage and out of the address bar and history entry. */
export function takeKeyFromFragment(): void {
  const match = /(?:^#|&)key=([^&]*)/.exec(location.hash);
  if (match === null) return;
  const key = decodeURIComponent(match[1]!);
  if (key !== '') sessionStorage.setItem(STORAGE_KEY, key);
  history.replaceState(null, '', `${location.pathname}${location.search}`);
}

export const storedKey = (): string | null => sessionStorage.getItem(STORAGE_KEY);
export const storeKey = (key: string): void => sessionStorage.setItem(STORAGE_KEY, key);
export const forgetKey = (): void => sessionStorage.removeItem(STORAGE_KEY);
